"""Small synthetic news collections for the store tests, written as JSON Lines."""

from __future__ import annotations

import json
from pathlib import Path

COUNTRIES = [
    ("France", "Paris"),
    ("Germany", "Berlin"),
    ("Poland", "Warsaw"),
    ("Spain", "Madrid"),
    ("Italy", "Rome"),
    ("Japan", "Tokyo"),
    ("Kenya", "Nairobi"),
    ("Brazil", "Brasilia"),
    ("Canada", "Ottawa"),
    ("Egypt", "Cairo"),
    ("India", "New Delhi"),
    ("Turkey", "Ankara"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

STORY = (
    "The foreign minister of {a} met her counterpart from {b} in {city} on {day}, "
    "officials said. The two governments signed an agreement on trade. "
    "Police in {city} arrested {n} protesters outside the venue."
)


def story(index: int) -> dict[str, str]:
    a, _ = COUNTRIES[index % len(COUNTRIES)]
    b, city = COUNTRIES[(index * 5 + 1) % len(COUNTRIES)]
    if a == b:
        b, city = COUNTRIES[(index + 3) % len(COUNTRIES)]
    return {
        "title": f"{a} and {b} sign trade agreement (report {index})",
        "text": STORY.format(a=a, b=b, city=city, day=DAYS[index % 5], n=10 + index),
        "url": f"https://news.example/{index}",
        "source": "Example News",
        "published": f"2023-0{1 + index % 9}-1{index % 10}",
    }


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


SYNDICATED = (
    "Troops from Russia shelled the city of Kharkiv on Tuesday, Ukrainian officials said. "
    "The governor of the region said that several buildings were damaged and that rescue "
    "teams were searching the rubble through the night. Ukraine's president condemned "
    "the attack and urged allies to send more air defence systems to protect its cities."
)


def syndicated_pair() -> list[dict[str, str]]:
    """One wire story run by two outlets, the second with a line of its own at the end."""
    base = {"title": "Russian shelling hits Kharkiv", "published": "2023-05-02"}
    return [
        {
            **base,
            "text": SYNDICATED,
            "url": "https://first.example/kharkiv",
            "source": "First Daily",
        },
        {
            **base,
            "text": SYNDICATED + "\n\nFirst Daily's correspondent contributed reporting.",
            "url": "https://second.example/world/kharkiv",
            "source": "Second Herald",
        },
    ]
