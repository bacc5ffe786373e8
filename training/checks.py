"""Automatic checks of every coded sentence, and the turning of text spans into offsets.

An annotator writes spans as the words themselves (PROTOCOL.md); `resolve` finds them in the
sentence (or, for `refers_to`, in the article) and gives article offsets, and every check the
issue asks for runs on the way: codes in the codebook, actor codes with a known country slot
and sector, spans that are really in the text, no event whose source and target are the same
actor. `check_stored` runs the same checks again on a stored row, for the tests.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CAMEO = ROOT / "src" / "eventwire" / "data" / "events" / "cameo.tsv"
COUNTRIES = ROOT / "src" / "eventwire" / "data" / "actors" / "countries.tsv"

MODALITIES = ("asserted", "reported", "planned", "hypothetical", "denied")
# International bodies (gold protocol), the West, transnational armed groups, transnational
# NGOs (ruling 16), unknown country, Kosovo (no ISO 3166 code; XKX by convention), and the
# former states of ISO 3166-3 that history sentences name (Soviet Union, Yugoslavia,
# Czechoslovakia, East Germany; ruling T8).
SPECIAL_SLOTS = frozenset(
    [
        "---",
        "WST",
        "IMG",
        "NGO",
        "XKX",
        "UNO",
        "NAT",
        "EEC",
        "AFU",
        "ARL",
        "IMF",
        "WBK",
        "ICC",
        "WTO",
        "OPC",
        "ASN",
        "OAS",
        "GCC",
        "OSC",
        "SUN",
        "YUG",
        "CSK",
        "DDR",
    ]
)
SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "SPY",
        "JUD",
        "LEG",
        "OPP",
        "PTY",
        "REB",
        "CRM",
        "BUS",
        "MED",
        "NGO",
        "CVL",
        "REF",
        "EDU",
        "HLH",
        "LAB",
        "REL",
        "ELI",
    ]
)
ACTOR_ROLES = ("source", "target", "speaker")


@lru_cache(maxsize=1)
def cameo_codes() -> frozenset[str]:
    with open(CAMEO, encoding="utf-8") as handle:
        rows = csv.reader((line for line in handle if not line.startswith("#")), delimiter="\t")
        next(rows)
        return frozenset(row[0] for row in rows if row)


@lru_cache(maxsize=1)
def country_slots() -> frozenset[str]:
    with open(COUNTRIES, encoding="utf-8") as handle:
        codes = {line.split("\t", 1)[0] for line in handle if not line.startswith("#")}
    return frozenset(codes - {"code"}) | SPECIAL_SLOTS


def actor_problem(code: object) -> str | None:
    """Why an actor code is not valid, or None: a country slot, then at most one sector."""
    if not isinstance(code, str) or not code:
        return f"actor code {code!r} is not a string"
    body = code[3:] if code.startswith("IGO") and len(code) >= 6 else code
    slot, sector = body[:3], body[3:]
    if slot not in country_slots():
        return f"actor code {code!r}: {slot!r} is not a known country, body or '---'"
    if sector and sector not in SECTORS:
        return f"actor code {code!r}: {sector!r} is not a sector ({' '.join(sorted(SECTORS))})"
    return None


def _bounded(text: str, start: int, end: int) -> bool:
    """The span does not begin or end inside a word ("he" in "the" is not "he")."""
    head = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    tail = end >= len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return head and tail


def _starts(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Where needle occurs in text[lo:hi] as whole words; where it never does, every place
    it occurs at all (an annotator may mark part of a word)."""
    hi = len(text) if hi is None else hi
    found, start = [], text.find(needle, lo, hi)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1, hi)
    whole = [x for x in found if _bounded(text, x, x + len(needle))]
    return whole or found


def _find(haystack: str, needle: str, at: object) -> int:
    if isinstance(at, int) and not isinstance(at, bool):
        return at if haystack[at : at + len(needle)] == needle else -1
    found = _starts(haystack, needle)
    return found[0] if found else -1


def _ref(text: str, article: str, title: str | None, before: int) -> dict[str, Any] | None:
    """Where a `refers_to` name is in the article: the last mention before `before`, else
    the first after it, else the title (no offsets)."""
    if not text:
        return None
    earlier = _starts(article, text, 0, before + len(text))
    anywhere = earlier or _starts(article, text)
    start = earlier[-1] if earlier else (anywhere[0] if anywhere else -1)
    if start >= 0:
        return {"text": text, "start": start, "end": start + len(text)}
    if title and text in title:
        return {"text": text, "start": None, "end": None, "in_title": True}
    return None


def resolve(
    row: dict[str, Any], sentence: str, start: int, article: str, title: str | None
) -> tuple[list[dict[str, Any]], list[str]]:
    """An annotator's events with article offsets for every span, and what is wrong with them."""
    problems: list[str] = []
    events = row.get("events")
    if not isinstance(events, list):
        return [], ["'events' is not a list"]
    out = []
    for number, event in enumerate(events, start=1):
        where = f"event {number}"
        if not isinstance(event, dict):
            problems.append(f"{where}: not an object")
            continue
        stored: dict[str, Any] = {}
        code = event.get("code")
        if code not in cameo_codes():
            problems.append(f"{where}: code {code!r} is not in the CAMEO codebook")
        stored["code"] = code
        modality = event.get("modality")
        if modality not in MODALITIES:
            problems.append(f"{where}: modality {modality!r} is not one of {MODALITIES}")
        stored["modality"] = modality
        if not isinstance(event.get("negated"), bool):
            problems.append(f"{where}: negated must be true or false")
        stored["negated"] = bool(event.get("negated"))
        trigger = event.get("trigger")
        trigger_text = trigger.get("text") if isinstance(trigger, dict) else trigger
        if not isinstance(trigger_text, str) or not trigger_text.strip():
            problems.append(f"{where}: trigger has no text")
            stored["trigger"] = None
        else:
            at = trigger.get("at") if isinstance(trigger, dict) else None
            found = _find(sentence, trigger_text, at)
            if found < 0:
                problems.append(f"{where}: trigger {trigger_text!r} is not in the sentence")
            stored["trigger"] = {
                "text": trigger_text,
                "start": start + found if found >= 0 else None,
                "end": start + found + len(trigger_text) if found >= 0 else None,
            }
        for role in ACTOR_ROLES:
            actor = event.get(role)
            if actor is None:
                stored[role] = None
                continue
            if not isinstance(actor, dict):
                problems.append(f"{where}: {role} must be null or an object with code and text")
                stored[role] = None
                continue
            problem = actor_problem(actor.get("code"))
            if problem:
                problems.append(f"{where}: {role} {problem}")
            text, refers = actor.get("text"), actor.get("refers_to")
            item: dict[str, Any] = {
                "code": actor.get("code"),
                "text": text,
                "start": None,
                "end": None,
                "ref": None,
            }
            if text is not None:
                found = _find(sentence, text, actor.get("at")) if isinstance(text, str) else -1
                if found < 0:
                    problems.append(f"{where}: {role} text {text!r} is not in the sentence")
                else:
                    item["start"], item["end"] = start + found, start + found + len(text)
            elif not refers:
                problems.append(f"{where}: {role} has neither text nor refers_to")
            if refers is not None:
                ref = _ref(refers, article, title, start) if isinstance(refers, str) else None
                if ref is None:
                    problems.append(f"{where}: {role} refers_to {refers!r} is not in the article")
                item["ref"] = ref
            stored[role] = item
        if role_clash(stored):
            problems.append(f"{where}: source and target are the same actor")
        if stored["modality"] == "asserted" and stored.get("speaker") is not None:
            problems.append(f"{where}: a speaker is given but the act is 'asserted'")
        out.append(stored)
    return out, problems


def _who(actor: dict[str, Any]) -> tuple[Any, ...]:
    ref = actor.get("ref") or {}
    return (actor.get("code"), actor.get("start"), ref.get("text"))


def role_clash(event: dict[str, Any]) -> bool:
    """Source and target are one actor: the same code named by the same words or referent."""
    source, target = event.get("source"), event.get("target")
    if not source or not target or source.get("code") != target.get("code"):
        return False
    if source.get("start") is not None and source.get("start") == target.get("start"):
        return True
    s_ref, t_ref = source.get("ref") or {}, target.get("ref") or {}
    return bool(s_ref.get("text")) and s_ref.get("text") == t_ref.get("text")


def check_stored(row: dict[str, Any], article: str | None = None) -> list[str]:
    """Problems of one stored coding; spans are checked against the article when given."""
    problems = []
    for number, event in enumerate(row.get("events", []), start=1):
        where = f"{row.get('sid')} event {number}"
        if event.get("code") not in cameo_codes():
            problems.append(f"{where}: code {event.get('code')!r} not in the codebook")
        if event.get("modality") not in MODALITIES:
            problems.append(f"{where}: modality {event.get('modality')!r}")
        spans = [("trigger", event.get("trigger"))]
        for role in ACTOR_ROLES:
            actor = event.get(role)
            if actor is None:
                continue
            problem = actor_problem(actor.get("code"))
            if problem:
                problems.append(f"{where}: {role} {problem}")
            spans.append((role, actor))
            if actor.get("ref") and actor["ref"].get("start") is not None:
                spans.append((f"{role} refers_to", actor["ref"]))
        if not event.get("trigger") or event["trigger"].get("start") is None:
            problems.append(f"{where}: trigger has no offsets")
        if role_clash(event):
            problems.append(f"{where}: source and target are the same actor")
        if article is not None:
            for name, span in spans:
                placed = span and span.get("start") is not None
                if placed and article[span["start"] : span["end"]] != span["text"]:
                    problems.append(f"{where}: {name} span does not match the text")
    return problems
