"""Read the PETRARCH validation records (PETR.UnitTest.records.xml) leniently.

The file mixes XML comments, both quote styles and spaced attributes, so each
`<Sentence ...>...</Sentence>` block is read with regular expressions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
_ATTRIBUTE = re.compile(r"(\w+)\s*=\s*[\"']([^\"']*)[\"']")
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass
class Record:
    id: str
    category: str
    date: dt.date | None
    text: str
    triples: list[tuple[str, str, str]] = field(default_factory=list)
    no_events: bool = False
    error: str | None = None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except (ValueError, IndexError):
        return None


def read_records(path: Path) -> list[Record]:
    content = _COMMENT.sub("", path.read_text("utf-8", errors="replace"))
    records = []
    for attributes, body in _SENTENCE.findall(content):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        text_match = _TEXT.search(body)
        record = Record(
            id=attrs.get("id", "?"),
            category=attrs.get("category", ""),
            date=_date(attrs.get("date", "")),
            text=" ".join(text_match.group(1).split()) if text_match else "",
        )
        for coding in _CODING.findall(body):
            values = dict(_ATTRIBUTE.findall(coding))
            if values.get("noevents", "").lower() == "true":
                record.no_events = True
            elif "error" in values:
                record.error = values["error"]
            elif {"sourcecode", "targetcode", "eventcode"} <= values.keys():
                record.triples.append(
                    (values["sourcecode"], values["targetcode"], values["eventcode"])
                )
        records.append(record)
    return records
