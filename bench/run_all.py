"""Run every benchmark script in turn with its default arguments (`make bench`).

Each script prints its own figures; this only runs them one after another, so they never
compete for the two cores, and prints the load average before each (the figures in
BENCHMARKS.md say what load they were measured under)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = (
    "attribution_eval.py",
    "textacy_quotes.py",
    "unspaced_parse.py",
    "speaker_kinds.py",
    "analyze_speed.py",
    "alignment_eval.py",
    "conflict_counts.py",
    "conflict_recall.py",
    "compare_speed.py",
    "stories_eval.py",
    "story_check.py",
    "copies_eval.py",
    "ingest_speed.py",
    "ray_ingest.py",
    "web_load.py",
)


def main() -> int:
    failed = []
    for script in SCRIPTS:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"\n## {script}  ({time.strftime('%Y-%m-%d %H:%M:%S')}, load average {load})", flush=True)
        if subprocess.run([sys.executable, str(BENCH / script)]).returncode != 0:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
