"""The `newsprism` command as a user runs it: a real subprocess for exit codes and stdout
hygiene, Typer's CliRunner for the rest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.cli import app

from .conftest import MEHR_SEED, OTHER_SEED

runner = CliRunner()
NEWSPRISM = [sys.executable, "-m", "newsprism.cli"]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="120")
    return subprocess.run(
        [*NEWSPRISM, *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def seeds_analysis(seeds_dir, tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("analysis") / "analysis.json"
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--json", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8"))


def test_analysis_json_names_its_schema_and_both_seed_articles(seeds_analysis):
    assert seeds_analysis["schema"] == "newsprism/analysis@1"
    sources = {Path(a["source"]["path"]).name for a in seeds_analysis["articles"]}
    assert sources == {MEHR_SEED.name, OTHER_SEED.name}


def test_the_seeds_readme_is_listed_as_skipped_not_analysed(seeds_analysis):
    skipped = [Path(s["path"]).name for s in seeds_analysis["skipped"]]
    assert "README.md" in skipped


def test_every_span_in_the_analysis_points_inside_its_article(seeds_analysis):
    for article in seeds_analysis["articles"]:
        n = len(article["text"])
        spans = list(article["sentences"]) + [e["span"] for e in article["entities"]]
        for attribution in article["attributions"]:
            spans += [s for s in (attribution["source_span"], attribution["cue_span"], attribution["content_span"]) if s]
        assert spans
        assert all(0 <= s <= e <= n for s, e in spans)


def test_analysis_json_is_byte_identical_across_runs(seeds_dir, tmp_path):
    outputs = []
    for name in ("a.json", "b.json"):
        result = runner.invoke(app, ["analyze", str(seeds_dir), "--json", str(tmp_path / name), "--quiet"])
        assert result.exit_code == 0
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_json_on_stdout_stays_parseable_with_the_summary_on_stderr(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text('"We will rebuild," the mayor said on Tuesday.\n', encoding="utf-8")
    result = run("analyze", str(article), "--json", "-")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["articles"][0]["attributions"]


def test_stdin_is_read_when_the_path_is_a_dash():
    lines = b'{"id": "x1", "text": "The council said it would vote on Monday.", "outlet": "Daily"}\n'
    result = run("analyze", "-", "--json", "-", "--quiet", stdin=lines)
    assert result.returncode == 0, result.stderr
    (article,) = json.loads(result.stdout)["articles"]
    assert article["external_id"] == "x1" and article["outlet"] == "Daily"


def test_nothing_readable_exits_non_zero_with_one_clear_line(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("analyze", str(tmp_path))
    assert result.returncode != 0
    stderr = result.stderr.decode()
    assert "empty.txt" in stderr and "Traceback" not in stderr


def test_bad_files_are_reported_but_the_good_ones_are_still_analysed(tmp_path):
    (tmp_path / "good.txt").write_text("The ministry said the bridge would reopen.", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "broken.jsonl").write_text('{"text": "Fine line, officials said."}\n{not json\n', encoding="utf-8")
    result = run("analyze", str(tmp_path), "--json", "-", "--quiet")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["articles"]) == 2
    reasons = {s["source"]: s["reason"] for s in document["skipped"]}
    assert any(src.endswith("broken.jsonl:2") for src in reasons)
    assert any(src.endswith("blob.bin") for src in reasons)


def test_a_file_over_the_size_limit_is_skipped(tmp_path):
    (tmp_path / "big.txt").write_text("Officials said so. " * 70000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Officials said so.", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--max-size", "1", "--json", str(tmp_path / "o.json"), "--quiet"])
    assert result.exit_code == 0
    document = json.loads((tmp_path / "o.json").read_text())
    assert [Path(s["path"]).name for s in document["skipped"]] == ["big.txt"]


def test_compare_past_max_articles_keeps_one_report_per_outlet_and_lists_the_rest(tmp_path):
    reports = {
        "planet_1.jsonl": ("Daily Planet", "2026-03-02", "The council approved the budget on Tuesday, the mayor said."),
        "planet_2.jsonl": ("Daily Planet", "2026-03-01", "The mayor said the council passed its budget on Tuesday."),
        "gazette.jsonl": ("Gotham Gazette", "2026-03-03", "On Tuesday the council voted the budget through, officials said."),
    }
    for name, (outlet, published, text) in reports.items():
        record = {"text": text + " The opposition will appeal to the regional court.", "outlet": outlet,
                  "published": published, "title": name}
        (tmp_path / name).write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("compare", str(tmp_path), "--json", "-", "--quiet", "--max-articles", "2")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    # the Planet's earliest report and the Gazette's are compared; the other is listed
    assert sorted(a["title"] for a in document["articles"]) == ["gazette.jsonl", "planet_2.jsonl"]
    assert [item["title"] for item in document["left_out"]] == ["planet_1.jsonl"]
    assert "3 articles" in document["left_out"][0]["reason"]
    assert "1 article not compared" in " ".join(result.stderr.decode().split())


def test_compare_past_max_articles_leaves_out_a_wire_copy_before_an_outlets_own_report(tmp_path):
    wire = (
        "The city council approved a budget of 4.2 billion dollars on Tuesday after a debate that lasted "
        "eleven hours, the mayor said. The plan raises spending on schools and public transport and cuts "
        "the police overtime budget by a tenth. Opposition members said they would appeal to the regional "
        "court, arguing that the vote broke the council's own rules on notice. The budget takes effect in July."
    )
    reports = {
        "a_wire.jsonl": ("Wire Service", "2026-03-01", wire),
        "b_copy.jsonl": ("Daily Planet", "2026-03-02", wire + " Reporting by the Wire Service."),
        "c_own.jsonl": ("Gotham Gazette", "2026-03-02",
                        "Teachers cheered in the gallery as the council passed the city's budget late on Tuesday. "
                        "Gazette reporters counted 31 speakers in the public session, most of them parents."),
    }
    for name, (outlet, published, text) in reports.items():
        record = {"text": text, "outlet": outlet, "published": published, "title": name}
        (tmp_path / name).write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = run("compare", str(tmp_path), "--json", "-", "--quiet", "--max-articles", "2")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert sorted(a["title"] for a in document["articles"]) == ["a_wire.jsonl", "c_own.jsonl"]
    (left_out,) = document["left_out"]
    assert left_out["title"] == "b_copy.jsonl" and "a copy of “a_wire.jsonl”" in left_out["reason"]


def test_compare_names_each_file_it_leaves_out_and_why(tmp_path):
    english = (
        "The city council approved the new budget on Tuesday after a long debate, the mayor said.\n\n"
        "The opposition said it would appeal the decision to the regional court next week."
    )
    (tmp_path / "a.txt").write_text(english, encoding="utf-8")
    (tmp_path / "a_again.txt").write_text(english, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "On Tuesday the council passed the budget, according to the mayor.\n\n"
        "Opposition leaders announced an appeal to the regional court.",
        encoding="utf-8",
    )
    (tmp_path / "c_fr.txt").write_text(
        "Le conseil municipal a adopté mardi le nouveau budget après un long débat, a déclaré le maire. "
        "L'opposition a annoncé qu'elle ferait appel de la décision devant le tribunal régional.",
        encoding="utf-8",
    )
    result = run("compare", str(tmp_path), "--json", "-", "--quiet")
    assert result.returncode == 0, result.stderr
    compared = {Path(a["source"]["path"]).name for a in json.loads(result.stdout)["articles"]}
    assert compared == {"a.txt", "b.txt"}
    stderr = " ".join(result.stderr.decode().split())
    assert "c_fr.txt: not compared: not English (language detected: fr)" in stderr
    assert "a_again.txt: same text as" in stderr and "compared once" in stderr


def test_compare_warns_when_the_articles_are_not_one_story(seeds_dir, ecbplus_records, tmp_path):
    # The two seed reports of the Putin-Macron call, and an ECB+ report of undersea cables cut
    # in the Mediterranean, given to one comparison by mistake.
    cables = next(r for r in ecbplus_records if r["event"] == "30_ecb")
    (tmp_path / "cables.jsonl").write_text(
        json.dumps({"title": cables["title"], "text": cables["text"], "outlet": "Wire Desk"}) + "\n", encoding="utf-8"
    )
    report = tmp_path / "report.md"
    result = run("compare", str(MEHR_SEED), str(OTHER_SEED), str(tmp_path / "cables.jsonl"),
                 "--json", "-", "--md", str(report), "--quiet")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    source_of = {a["id"]: Path(a["source"]["path"]).name for a in document["articles"]}
    stories = [sorted(source_of[i] for i in ids) for ids in document["separate_stories"]]
    assert stories == [sorted([MEHR_SEED.name, OTHER_SEED.name]), ["cables.jsonl"]]
    warning = " ".join(result.stderr.decode().split())
    assert "These 3 articles look like 2 separate stories" in warning and "#1, #2 / #3" in warning
    assert "look like 2 separate stories" in report.read_text(encoding="utf-8")
