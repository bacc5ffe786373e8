"""Load the training corpus: sentence references, annotations, and the texts rebuilt from ../shared.

The repository holds no article text: each sentence is a reference (corpus article `ID`,
character offsets into eventwire's clean text of that article, and a hash of the sentence).
`sentence_texts` reads the articles through eventwire's reader and cuts each sentence out
again; a hash that does not match (a different corpus file, a changed reader) stops the load
with one line naming the sentence.

    from training.corpus import load_corpus
    for row in load_corpus():          # settled where double-coded, else the one coding
        row.sid, row.text, row.stratum, row.events

Run from the repository root (or put it on `sys.path`); needs `../shared` for the texts.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "corpus"
SENTENCES = DATA / "sentences.jsonl"
ANNOTATIONS = DATA / "annotations"
SETTLED = DATA / "settled"
sys.path.insert(0, str(HERE.parent / "benchmarks"))


class CorpusError(Exception):
    """The corpus cannot be loaded as it stands; the message is one line naming what and where."""


@dataclass(frozen=True)
class SentenceRef:
    """Where one drawn sentence lives, and how it was drawn."""

    sid: str
    article: str
    corpus_line: int
    start: int
    end: int
    sha256: str
    stratum: str
    drawn_by: dict[str, str]
    batch: int
    double_batch: int | None
    source: str | None = None
    published: str | None = None


@dataclass
class Coding:
    """One annotator's (or the settler's) events for one sentence, with article offsets."""

    sid: str
    annotator: str
    batch: int
    events: list[dict[str, Any]]
    note: str | None = None


@dataclass
class CorpusSentence:
    ref: SentenceRef
    text: str | None
    events: list[dict[str, Any]]
    codings: list[Coding] = field(default_factory=list)

    @property
    def sid(self) -> str:
        return self.ref.sid

    @property
    def stratum(self) -> str:
        return self.ref.stratum


def sentence_hash(text: str) -> str:
    """Short SHA-256 of a sentence's exact text (the draw writes it; the loader checks it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_refs(path: Path = SENTENCES) -> list[SentenceRef]:
    if not path.exists():
        raise CorpusError(f"{path}: no sentence file (run training/draw.py)")
    refs = []
    fields = SentenceRef.__dataclass_fields__
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            refs.append(SentenceRef(**{k: v for k, v in row.items() if k in fields}))
        except (ValueError, TypeError) as exc:
            raise CorpusError(f"{path}:{number}: not a sentence reference ({exc})") from exc
    return refs


def batch_refs(refs: Iterable[SentenceRef], batch: int) -> list[SentenceRef]:
    """The sentences a batch's annotator codes: its own and its double part."""
    return [r for r in refs if batch in (r.batch, r.double_batch)]


def read_codings(path: Path) -> list[Coding]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                Coding(
                    row["sid"], row["annotator"], int(row["batch"]), row["events"], row.get("note")
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}:{number}: not a stored coding ({exc})") from exc
    return out


def annotation_files(folder: Path = ANNOTATIONS) -> list[Path]:
    return sorted(folder.glob("batch-*.jsonl")) if folder.exists() else []


def all_codings(folder: Path = ANNOTATIONS) -> dict[str, list[Coding]]:
    """Every stored coding by sentence id, in file order."""
    out: dict[str, list[Coding]] = {}
    for path in annotation_files(folder):
        for coding in read_codings(path):
            out.setdefault(coding.sid, []).append(coding)
    return out


def settled_codings(folder: Path = SETTLED) -> dict[str, Coding]:
    out: dict[str, Coding] = {}
    if folder.exists():
        for path in sorted(folder.glob("*.jsonl")):
            for coding in read_codings(path):
                out[coding.sid] = coding
    return out


def article_texts(lines: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    """Clean text and title of the given corpus lines, read with eventwire's reader."""
    from realnews_corpus import corpus_lines, read_corpus_articles

    wanted = sorted(set(lines))
    all_lines = corpus_lines()
    if wanted and wanted[-1] >= len(all_lines):
        raise CorpusError(f"corpus line {wanted[-1]} is past the corpus's end ({len(all_lines)})")
    articles = read_corpus_articles(all_lines[i] for i in wanted)
    return {i: (a.text, a.title) for i, a in zip(wanted, articles, strict=True)}


def sentence_texts(
    refs: list[SentenceRef], texts: dict[int, tuple[str, str | None]] | None = None
) -> dict[str, str]:
    """Each sentence rebuilt from its article; CorpusError on the first hash that differs."""
    texts = texts if texts is not None else article_texts(r.corpus_line for r in refs)
    out = {}
    for ref in refs:
        text = texts[ref.corpus_line][0][ref.start : ref.end]
        if sentence_hash(text) != ref.sha256:
            raise CorpusError(
                f"sentence {ref.sid}: text rebuilt from corpus line {ref.corpus_line} does not "
                f"match its hash {ref.sha256} (a different corpus or reader version?)"
            )
        out[ref.sid] = text
    return out


def final_events(codings: list[Coding], settled: Coding | None) -> list[dict[str, Any]] | None:
    """The corpus's events for a sentence: the settled coding, else the one coding there is.
    None when the sentence is coded twice and not yet settled, or not coded at all."""
    if settled is not None:
        return settled.events
    if len(codings) == 1:
        return codings[0].events
    if len(codings) >= 2 and _same(codings[0].events, codings[1].events):
        return codings[0].events
    return None


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        return (
            e["code"],
            (e.get("source") or {}).get("code") or "",
            (e.get("target") or {}).get("code") or "",
            e["modality"],
            e["negated"],
        )

    return sorted(map(key, a)) == sorted(map(key, b))


def finals(refs: list[SentenceRef]) -> dict[str, list[dict[str, Any]]]:
    """The final events of every sentence that has them (settled, agreed or coded once)."""
    codings, settled = all_codings(), settled_codings()
    out = {}
    for ref in refs:
        events = final_events(codings.get(ref.sid, []), settled.get(ref.sid))
        if events is not None:
            out[ref.sid] = events
    return out


def load_corpus(with_text: bool = True, only_coded: bool = True) -> list[CorpusSentence]:
    """Every drawn sentence with its final events (coded ones only, by default)."""
    refs = read_refs()
    codings, settled = all_codings(), settled_codings()
    rows = []
    for ref in refs:
        events = final_events(codings.get(ref.sid, []), settled.get(ref.sid))
        if events is None and only_coded:
            continue
        rows.append(CorpusSentence(ref, None, events or [], codings.get(ref.sid, [])))
    if with_text:
        texts = sentence_texts([r.ref for r in rows])
        for row in rows:
            row.text = texts[row.sid]
    return rows


def main() -> None:
    """Rebuild every coded sentence from ../shared and say how many; one line on failure."""
    import argparse

    parser = argparse.ArgumentParser(description="Rebuild the corpus's sentences from ../shared.")
    parser.add_argument("--sentences", type=Path, default=SENTENCES)
    parser.add_argument("--all", action="store_true", help="every drawn sentence, coded or not")
    args = parser.parse_args()
    try:
        refs = read_refs(args.sentences)
        if not args.all and args.sentences == SENTENCES:
            coded = set(all_codings())
            refs = [r for r in refs if r.sid in coded]
        texts = sentence_texts(refs)
    except CorpusError as exc:
        sys.exit(f"corpus: error: {exc}")
    print(f"ok sentences={len(texts)} articles={len({r.article for r in refs})}")


if __name__ == "__main__":
    main()
