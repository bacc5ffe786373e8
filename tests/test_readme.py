"""The README tells a new user where what it shows comes from."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_mention_of_the_reference_article_says_where_it_is() -> None:
    # before: "On the reference article it gives..." with no path; users looked for it in
    # the repository
    paragraphs = re.split(r"\n\s*\n", README.read_text("utf-8"))
    mentions = [p for p in paragraphs if "reference article" in p]
    assert mentions
    for paragraph in mentions:
        assert "../shared/examples/drills-article.txt" in paragraph, paragraph[:120]
