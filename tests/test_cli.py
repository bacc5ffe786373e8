"""The command line as a user meets it: help, version, formats, standard input."""

from __future__ import annotations

import json
import re
from pathlib import Path

from eventwire import __version__
from tests.cli import run_cli
from tests.conftest import EXAMPLES


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"eventwire {__version__}"


def test_help_on_every_command() -> None:
    assert "read" in run_cli("--help").stdout
    result = run_cli("read", "--help")
    assert result.returncode == 0 and "--format" in result.stdout


def test_read_the_included_example_as_json() -> None:
    result = run_cli("read", EXAMPLES / "coastguard-article.txt")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    article = json.loads(line)
    assert article["title"] == "Japan, Philippines Hold First Joint Coast Guard Drill Near Manila"
    assert article["text"].startswith("Japan and the Philippines staged their first joint")
    assert "Advertisement" not in article["text"] and "READ ALSO" not in article["text"]
    assert article["captions"] == [
        {
            "text": "A Japanese coast guard patrol vessel sails past Philippine boats during a "
            "search-and-rescue exercise off Mariveles, Bataan province, on May 30, 2023.",
            "credit": "Photo: Jane Reyes / AFP",
        }
    ]
    assert article["related"] == [
        {"title": "Philippines Summons Chinese Envoy Over Laser Incident", "url": None}
    ]
    assert article["language"] == "en"
    assert {r["rule"] for r in article["removals"]} >= {"rss-teaser", "boilerplate", "cross-link"}


def test_text_format_and_removals() -> None:
    result = run_cli(
        "read", EXAMPLES / "coastguard-article.txt", "--format", "text", "--show-removals"
    )
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("# Japan, Philippines Hold First Joint Coast Guard Drill Near Manila\n")
    assert "\nCaptions:\n" in out and "\nRelated:\n" in out and "\nRemoved:\n" in out


def test_standard_input() -> None:
    data = (EXAMPLES / "coastguard-article.txt").read_bytes()
    result = run_cli("read", "-", stdin=data)
    assert result.returncode == 0
    assert json.loads(result.stdout)["origin"] == "<stdin>"


def test_stats_summary(tmp_path: Path) -> None:
    result = run_cli("read", EXAMPLES / "coastguard-article.txt", "--stats")
    assert "read 1 articles, 0 problems" in result.stderr
    assert "rss-teaser 1" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    result = run_cli("read", EXAMPLES / "coastguard-article.txt", "--format", "xml")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_broken_cleanup_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("[glyphs\n")
    result = run_cli("read", EXAMPLES / "coastguard-article.txt", "--cleanup", rules)
    assert result.returncode == 1
    assert result.stderr.startswith("eventwire: error: ") and str(rules) in result.stderr


def test_published_option_fills_a_missing_date() -> None:
    result = run_cli("read", EXAMPLES / "coastguard-article.txt", "--published", "2023-06-02")
    article = json.loads(result.stdout)
    assert (article["published"], article["published_from"]) == ("2023-06-02", "option")


def test_unreadable_published_date_is_one_line() -> None:
    result = run_cli("read", EXAMPLES / "coastguard-article.txt", "--published", "last Tuesday")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "eventwire: error: --published: cannot read 'last Tuesday' as a date: "
        "use YYYY-MM-DD or an ISO 8601 date-time"
    ]


def test_actors_command_json_and_table() -> None:
    result = run_cli("actors", EXAMPLES / "coastguard-article.txt", "--format", "json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    codes = {(m["text"], m["code"]) for m in record["mentions"]}
    assert ("Beijing", "CHNGOV") in codes and ("China's foreign ministry", "CHNGOV") in codes
    table = run_cli("actors", EXAMPLES / "coastguard-article.txt").stdout
    assert table.startswith("# Japan, Philippines Hold First Joint Coast Guard Drill Near Manila")
    assert "text:520-527\tCHNGOV" in table


def test_actors_command_with_a_broken_dictionary(tmp_path: Path) -> None:
    broken = tmp_path / "mine.actors"
    broken.write_text("GONDOR [GON\n")
    result = run_cli("actors", EXAMPLES / "coastguard-article.txt", "--actors", broken)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"eventwire: error: {broken}:1: unbalanced [ ] in 'GONDOR [GON'"
    ]


def test_extract_uses_the_learned_coder_by_default() -> None:
    example = EXAMPLES / "coastguard-article.txt"
    result = run_cli("extract", example, "--published", "2023-06-02")
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert events and all(0.0 <= e["confidence"] <= 1.0 for e in events)
    assert all(e["how"].startswith(("learned", "rules, kept")) for e in events)
    table = run_cli("extract", example, "--format", "table").stdout
    rows = [line for line in table.splitlines() if " -> " in line]
    assert rows and all(re.search(r" -> \S+\s+[01]\.\d\d ", row) for row in rows), rows
    ruled = run_cli("extract", example, "--format", "table", "--coder", "rules").stdout
    assert all(re.search(r" -> \S+\s+- ", row) for row in ruled.splitlines() if " -> " in row)


def test_extract_json_table_and_csv() -> None:
    example = EXAMPLES / "coastguard-article.txt"
    result = run_cli("extract", example, "--published", "2023-06-02", "--coder", "rules")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["article"]["published"] == "2023-06-02"
    assert {"events", "entities", "places", "times"} <= record.keys()
    codes = {
        (e["source"]["code"], (e["target"] or {}).get("code"), e["cameo"]) for e in record["events"]
    }
    assert ("JPN", "PHL", "062") in codes
    table = run_cli("extract", example, "--format", "table", "--coder", "rules").stdout
    assert "062" in table and "JPN -> PHL" in table
    rows = run_cli("extract", example, "--format", "csv", "--coder", "rules").stdout.splitlines()
    assert rows[0].startswith("article_id,field,start,end,cameo") and len(rows) > 2


def test_an_impossible_publication_date_is_reported_by_read_and_ingest(tmp_path: Path) -> None:
    # before: an HTML page dated 0001-11-30 was read undated with no warning, and ingest
    # stored undated articles without a word
    page = tmp_path / "old.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="0001-11-30">'
        "<title>Drills</title></head><body><article><p>Russia and Belarus began joint "
        "military drills on Thursday near the border, officials said in a statement."
        "</p></article></body></html>"
    )
    read = run_cli("read", page)
    assert "unusable publication date '0001-11-30' ignored" in read.stdout
    feed = tmp_path / "old.jsonl"
    feed.write_text(
        '{"content": "Russia and Belarus began joint military drills on Thursday near the '
        'border, officials said.", "date": "0001-11-30"}\n'
    )
    ingest = run_cli("ingest", feed, "--db", tmp_path / "e.db", "--no-progress", "--coder", "rules")
    assert ingest.returncode == 0
    assert f"{feed} line 1: unusable publication date '0001-11-30' ignored" in ingest.stderr


def test_shortened_text_ends_at_a_word_and_missing_values_are_one_form() -> None:
    from eventwire.display import MISSING, shorten
    from eventwire.watch.alerts import alert_line

    # before: "figures in Tr" (a cut mid-word), and "?" for a missing target in alert lines
    evidence = "Officials said the figures in Tripoli were far higher than first reported"
    short = shorten(evidence, 30)
    assert short == "Officials said the figures in…" and len(short) <= 30
    assert shorten("short enough", 30) == "short enough"
    event = {
        "date": "2023-05-02", "cameo": "190", "cameo_name": "fight", "source_code": "RUS",
        "target_code": None, "id": "0123456789abcdef", "place_name": None,
    }  # fmt: skip
    line = alert_line({"kind": "event", "rule": "r", "event": event, "evidence": evidence * 3})
    assert f"RUS -> {MISSING} (" in line and line.endswith("…")
