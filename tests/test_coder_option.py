"""`--coder learned|rules` on every command that extracts: the choice reaches the extractor
(through `make_event_coder`), the Spark workers and a resumed ingest; options only the
rule coder understands are refused, in one line, with another coder. Only `--coder rules`
is run: `make_event_coder` and the heavy parts are replaced by recorders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import eventwire.pipeline
import eventwire.spark.job
import eventwire.spark.session
import eventwire.store.extract_worker
import eventwire.store.ingest
from eventwire.cli.app import app
from eventwire.cli.coder_option import (
    Coder,
    check_coder_loads,
    check_coder_options,
    coder_option,
)
from eventwire.errors import EventwireError, UsageError
from eventwire.events.choice import CODERS, DEFAULT_CODER
from eventwire.store.extract_worker import ExtractorSpec, event_coder_for
from tests.cli import run_cli


@dataclass
class Recorder:
    """Stands in for `make_event_coder` and for the Extractor, noting what they got."""

    names: list[str] = field(default_factory=list)
    coders: list[Any] = field(default_factory=list)

    def make_event_coder(self, name: str) -> object:
        self.names.append(name)
        return f"coder:{name}"

    def extractor(self, actor_coder: Any = None, event_coder: Any = None, **_: Any) -> Any:
        self.coders.append(event_coder)
        return self

    def run(self, articles: Any, batch_size: int = 32) -> list[Any]:
        list(articles)  # read them, extract nothing
        return []


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(
        eventwire.store.extract_worker, "make_event_coder", recorder.make_event_coder
    )
    monkeypatch.setattr(eventwire.store.extract_worker, "Extractor", recorder.extractor)
    monkeypatch.setattr(eventwire.pipeline, "Extractor", recorder.extractor)
    return recorder


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text("Chile imposed sanctions on Peru on Monday.\n", encoding="utf-8")
    return path


def test_the_choices_are_the_coders_and_the_default_is_the_default_coder() -> None:
    assert [c.value for c in Coder] == list(CODERS)
    assert coder_option().default == Coder(DEFAULT_CODER)
    for command in ("extract", "ingest", "spark", "watch"):
        text = CliRunner().invoke(app, [command, "--help"]).output
        assert "--coder" in text and "learned|rules" in text, command


def test_extract_coder_rules_reaches_the_extractor(recorder: Recorder, article: Path) -> None:
    CliRunner().invoke(app, ["extract", str(article), "--coder", "rules"])
    assert recorder.names == ["rules"]
    assert recorder.coders == ["coder:rules"]


@dataclass
class FakeReport:
    read: int = 1
    errors: int = 0

    def summary(self, *_: Any) -> str:
        return "done"


def _capture_ingest(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def ingest(paths: list[str], db: Path, read_options: Any, spec: ExtractorSpec, **kw: Any):
        seen.update(spec=spec, **kw)
        return FakeReport()

    monkeypatch.setattr(eventwire.store.ingest, "ingest", ingest)
    return seen


def test_ingest_coder_rules_reaches_the_workers_spec(
    recorder: Recorder, article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _capture_ingest(monkeypatch)
    db = tmp_path / "events.db"
    result = CliRunner().invoke(app, ["ingest", str(article), "--db", str(db), "--coder", "rules"])
    assert result.exit_code == 0, result.output
    spec = seen["spec"]
    assert spec.coder == "rules" and seen["run_options"]["coder"] == "rules"
    spec.build()  # what each worker does
    assert recorder.names == ["rules"] and recorder.coders == ["coder:rules"]


def test_rule_only_options_still_work_with_the_rules(
    recorder: Recorder, article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.events import EventCoder

    seen = _capture_ingest(monkeypatch)
    db = tmp_path / "events.db"
    options = ["--db", str(db), "--coder", "rules", "--statements", "all"]
    result = CliRunner().invoke(app, ["ingest", str(article), *options])
    assert result.exit_code == 0, result.output
    seen["spec"].build()
    [coder] = recorder.coders
    assert isinstance(coder, EventCoder) and coder.statements == "all"


def test_an_ingest_interrupted_before_coder_existed_resumes_with_the_rules(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.store.database import connect
    from eventwire.store.ingest import start_run

    db = tmp_path / "events.db"
    connection = connect(db)
    old_options = {"published": None, "actors": [], "verbs": [], "statements": "coded"}
    start_run(connection, [str(article)], {**old_options, "learn_names": True})
    connection.close()
    seen = _capture_ingest(monkeypatch)
    result = CliRunner().invoke(app, ["ingest", "--db", str(db), "--resume"])
    assert result.exit_code == 0, result.output
    assert seen["spec"].coder == "rules" and seen["spec"].statements == "coded"


def test_spark_coder_rules_is_shipped_to_the_workers(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventwire.spark.worker import ShippedSpec

    seen: dict[str, Any] = {}

    class FakeSpark:
        def stop(self) -> None:
            seen["stopped"] = True

    def run_job(spark: Any, request: Any) -> FakeReport:
        seen["request"] = request
        return FakeReport()

    monkeypatch.setattr(eventwire.spark.job, "run_job", run_job)
    monkeypatch.setattr(eventwire.spark.session, "start", lambda settings: FakeSpark())
    monkeypatch.setattr(eventwire.spark.session, "is_local", lambda master: False)
    options = ["--output", str(tmp_path / "out"), "--coder", "rules"]
    result = CliRunner().invoke(app, ["spark", str(article), *options])
    assert result.exit_code == 0, result.output
    spec = seen["request"].spec
    assert spec.coder == "rules" and seen["stopped"]
    shipped = ShippedSpec.pack(spec)
    assert shipped.unpack().coder == "rules"
    learned = ShippedSpec.pack(ExtractorSpec(coder="learned"))
    assert learned.key != shipped.key  # a worker built for one coder is rebuilt for another


@pytest.mark.parametrize("command", ["extract", "ingest", "spark", "watch"])
def test_rule_only_options_with_the_learned_coder_are_a_one_line_error(
    command: str, article: Path, tmp_path: Path
) -> None:
    where = {
        "extract": [],
        "ingest": ["--db", tmp_path / "events.db"],
        "spark": ["--output", tmp_path / "out"],
        "watch": ["--db", tmp_path / "events.db", "--once"],
    }[command]
    source = "https://example.invalid/feed.xml" if command == "watch" else article
    result = run_cli(command, source, *where, "--coder", "learned", "--statements", "all")
    assert result.returncode == 2
    assert result.stderr == (
        "eventwire: error: --statements works only with --coder rules, not learned\n"
    )
    assert not (tmp_path / "events.db").exists()  # refused before anything was made


def test_an_unknown_coder_is_refused(article: Path) -> None:
    result = run_cli("extract", article, "--coder", "oracle")
    assert result.returncode == 2 and "oracle" in result.stderr


def test_check_coder_options() -> None:
    check_coder_options("rules", [Path("verbs.txt")], "all")
    check_coder_options("learned", [], None)
    with pytest.raises(UsageError, match=r"^--verbs and --statements work only"):
        check_coder_options("learned", [Path("verbs.txt")], "all")


def test_event_coder_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.events import EventCoder, load_verb_dictionaries

    coder = event_coder_for("rules", load_verb_dictionaries(), "none")
    assert isinstance(coder, EventCoder) and coder.statements == "none"
    with pytest.raises(UsageError):
        event_coder_for("learned", None, "all")

    def missing(name: str) -> object:
        raise ImportError("no module named torch")

    monkeypatch.setattr(eventwire.store.extract_worker, "make_event_coder", missing)
    with pytest.raises(EventwireError, match="learned event coder cannot be loaded"):
        event_coder_for("learned")


def test_a_learned_coder_that_cannot_be_imported_fails_before_any_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import eventwire.cli.coder_option

    def fail(name: str) -> object:
        raise ImportError(f"no module named {name}")

    monkeypatch.setattr(eventwire.cli.coder_option, "import_module", fail)
    check_coder_loads("rules")
    with pytest.raises(EventwireError, match=r"^the learned event coder cannot be loaded"):
        check_coder_loads("learned")
