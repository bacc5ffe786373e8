"""Words that signal a CAMEO root family, used only to choose the `enriched` stratum's sentences.

Two sources: the verbs of PETRARCH-2's CAMEO.2.0 verb dictionary in ../shared (MIT), each
assigned to the family its block is coded with (or, for an uncoded block, the family most
of its patterns give, when that family has at least 60% of them); and a short list of event
nouns and phrases written here, because news names many events with a noun ("the talks",
"sanctions", "an airstrike") that no verb dictionary lists. A signal only makes a sentence
a candidate for annotation; annotators code what the sentence says, never the signal.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

FAMILIES = tuple(f"{n:02d}" for n in range(1, 21))
MAJORITY = 0.6

EVENT_NOUNS: dict[str, tuple[str, ...]] = {
    "01": ("statement", "remark", "speech", "press conference"),
    "02": ("appeal", "plea", "request", "call for"),
    "03": ("pledge", "promise", "vow", "commitment"),
    "04": ("talks", "summit", "negotiation", "phone call", "state visit", "consultation"),
    "05": ("apology", "praise", "endorsement", "diplomatic recognition", "congratulate"),
    "06": ("cooperation", "extradition", "intelligence sharing", "joint operation", "trade deal"),
    "07": (
        "humanitarian aid",
        "military aid",
        "assistance",
        "relief",
        "asylum",
        "donation",
        "peacekeeper",
        "refugee status",
    ),
    "08": (
        "ceasefire",
        "truce",
        "prisoner swap",
        "release",
        "lift sanctions",
        "withdrawal",
        "amnesty",
        "concession",
    ),
    "09": ("investigation", "inquiry", "probe", "investigate"),
    "10": ("demand", "ultimatum", "insist"),
    "11": ("criticism", "condemnation", "accusation", "lawsuit", "denounce", "blame"),
    "12": ("rejection", "veto", "refusal", "rebuff", "defy"),
    "13": ("threat", "warning", "ultimatum", "threaten"),
    "14": (
        "protest",
        "demonstration",
        "rally",
        "hunger strike",
        "sit-in",
        "boycott",
        "protester",
        "demonstrator",
        "marched",
    ),
    "15": (
        "mobilization",
        "mobilisation",
        "military exercise",
        "drill",
        "high alert",
        "troop buildup",
        "show of force",
        "deployment",
        "war games",
        "missile test",
    ),
    "16": (
        "sanction",
        "embargo",
        "expel",
        "suspend aid",
        "cut ties",
        "recall ambassador",
        "tariff",
        "sever",
    ),
    "17": (
        "arrest",
        "detention",
        "indictment",
        "conviction",
        "deportation",
        "raid",
        "crackdown",
        "curfew",
        "travel ban",
        "sentence to",
    ),
    "18": (
        "bombing",
        "suicide bomber",
        "kidnapping",
        "hostage",
        "assassination",
        "shooting",
        "stabbing",
        "terrorist attack",
        "gunman",
    ),
    "19": (
        "airstrike",
        "air strike",
        "shelling",
        "fighting",
        "clash",
        "offensive",
        "invasion",
        "siege",
        "artillery",
        "drone strike",
    ),
    "20": (
        "massacre",
        "genocide",
        "ethnic cleansing",
        "chemical weapon",
        "chemical attack",
        "sarin",
        "mass killing",
        "poison gas",
        "nerve agent",
        "weapons of mass destruction",
        "mass grave",
        "nuclear weapon",
    ),
}

_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_PATTERN_CODE = re.compile(r"\[(\d{3,4})[^\]]*\]")


def cameo_verbs(path: Path) -> dict[str, str]:
    """Upper-case verb lemma -> the family it signals, read from a CAMEO.2.0 verb file."""
    verbs: dict[str, str] = {}
    block: list[str] = []
    block_code = ""
    families: Counter[str] = Counter()

    def close() -> None:
        family = block_code[:2] if block_code[:2] in FAMILIES else ""
        if not family and families:
            top, count = families.most_common(1)[0]
            if count / sum(families.values()) >= MAJORITY:
                family = top
        if family:
            for verb in block:
                verbs.setdefault(verb, family)

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        head = _BLOCK.match(raw)
        if head:
            close()
            block, block_code, families = [head.group(1).upper()], head.group(2), Counter()
            continue
        if not block or not line.strip():
            continue
        if line.startswith("-"):
            for code in _PATTERN_CODE.findall(line):
                if code[:2] in FAMILIES:
                    families[code[:2]] += 1
        elif line[0].isalpha():
            block.append(line.split()[0].upper())
    close()
    return verbs


def sentence_families(
    lemmas: list[tuple[str, str]], lower_text: str, verbs: dict[str, str]
) -> dict[str, str]:
    """Family -> the first signal found in a sentence, from its (lemma, POS) pairs and text."""
    found: dict[str, str] = {}
    for lemma, pos in lemmas:
        family = verbs.get(lemma.upper()) if pos == "VERB" else None
        if family and family not in found:
            found[family] = f"verb:{lemma.lower()}"
    lemma_text = " " + " ".join(lemma.lower() for lemma, _ in lemmas) + " "
    for family, nouns in EVENT_NOUNS.items():
        if family in found:
            continue
        for noun in nouns:
            if f" {noun} " in lemma_text or f" {noun}" in f" {lower_text}":
                found[family] = f"word:{noun}"
                break
    return found
