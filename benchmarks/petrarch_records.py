"""Read the PETRARCH validation records (PETR.UnitTest.records.xml) leniently.

The file mixes XML comments, both quote styles and spaced attributes, so each
`<Sentence ...>...</Sentence>` block is read with regular expressions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

_ATTRIBUTE = re.compile(r"(\w+)\s*=\s*[\"']([^\"']*)[\"']")
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CONFIG_OR_SENTENCE = re.compile(r"<Config\b([^>]*)>|<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)


@dataclass
class Record:
    id: str
    category: str
    date: dt.date | None
    text: str
    triples: list[tuple[str, str, str]] = field(default_factory=list)
    no_events: bool = False
    error: str | None = None
    require_dyad: bool = True


def _date(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except (ValueError, IndexError):
        return None


def read_records(path: Path) -> list[Record]:
    """Records in file order; `<Config option="require_dyad">` elements between them set
    that option for the records that follow (PETRARCH's default is True)."""
    content = _COMMENT.sub("", path.read_text("utf-8", errors="replace"))
    records = []
    require_dyad = True
    for config, attributes, body in _CONFIG_OR_SENTENCE.findall(content):
        if config:
            values = dict(_ATTRIBUTE.findall(config))
            if values.get("option") == "require_dyad":
                require_dyad = values.get("value", "true").lower() == "true"
            continue
        attrs = dict(_ATTRIBUTE.findall(attributes))
        text_match = _TEXT.search(body)
        record = Record(
            id=attrs.get("id", "?"),
            category=attrs.get("category", ""),
            date=_date(attrs.get("date", "")),
            text=" ".join(text_match.group(1).split()) if text_match else "",
            require_dyad=require_dyad,
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
