# newsprism — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
SEEDS  ?= ../shared/seeds
OUT    ?= out
STAMP  := $(VENV)/.installed

.PHONY: install browser demo test bench clean

# torch first, pinned to the CPU wheel: anything that pulls plain `torch` otherwise fetches
# gigabytes of CUDA packages. Everything else resolves against it.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip wheel setuptools
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[web,ray,dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the end-to-end tests of the web app (never a browser download).
# Without root or apt the e2e tests skip with a reason; everything else still runs.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not installed: the browser tests will be skipped"; fi; }

demo: $(STAMP)
	mkdir -p $(OUT)
	$(VENV)/bin/newsprism analyze $(SEEDS) --json $(OUT)/analysis.json
	$(VENV)/bin/newsprism compare $(SEEDS) --json $(OUT)/comparison.json --md $(OUT)/comparison.md --html $(OUT)/comparison.html
	@echo
	@echo "Wrote $(OUT)/analysis.json, $(OUT)/comparison.json, $(OUT)/comparison.md and $(OUT)/comparison.html"

test: $(STAMP) browser
	$(PY) -m pytest -q

# Benchmarks are not tests: they print figures for BENCHMARKS.md.
bench: $(STAMP)
	$(PIP) install -q -e '.[web,ray,dev,bench]'
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache build src/*.egg-info
