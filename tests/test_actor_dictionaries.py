"""Bringing TABARI/PETRARCH dictionaries: formats, dates, errors, and real text."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from itertools import islice
from pathlib import Path

import pytest

from eventwire.actors import ActorCoder, load_actors, load_agents, load_lexicon
from eventwire.annotate import annotate, annotate_article
from eventwire.errors import RulesError
from eventwire.read.article import Article
from tests.conftest import shared_file

ACTORS = """\
<!-- a small dictionary in the PETRARCH format -->
GONDOR_  [GON]
+MINAS_TIRITH_   # the capital
ARAGORN_
\t[GONGOV 20010101-20031231]
\t[GONELI >20040101]
BOROMIR [---]
\t[GONMIL <19990101]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
TROOP {} [~MIL]
FOREIGN_MINISTER [~GOV]
POLICE!PERSON! [~COP]
HUMAN_RIGHTS_BODY [NGO~]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _codes(coder: ActorCoder, text: str, day: dt.date | None = None) -> dict[str, str | None]:
    document = annotate_article(Article(text=text, published=day))
    return {m.text: m.code for m in coder.code(document)}


def test_actor_and_agent_files_code_with_date_restrictions(tmp_path: Path) -> None:
    lexicon = load_actors(_write(tmp_path, "x.actors", ACTORS))
    load_agents(_write(tmp_path, "x.agents", AGENTS), lexicon)
    coder = ActorCoder(lexicon)
    text = "Aragorn met Gondor troops and a Minas Tirith policeman."
    assert _codes(coder, text, dt.date(2002, 6, 1))["Aragorn"] == "GONGOV"
    assert _codes(coder, text, dt.date(2010, 6, 1))["Aragorn"] == "GONELI"
    # Outside every dated role the person keeps the one country those roles share.
    assert _codes(coder, text, dt.date(1990, 6, 1))["Aragorn"] == "GON"
    found = _codes(coder, text, dt.date(2002, 6, 1))
    assert found["Gondor troops"] == "GONMIL"
    assert found["a Minas Tirith policeman"] == "GONCOP"


def test_stems_match_word_beginnings_unless_the_phrase_ends_in_underscore(tmp_path: Path) -> None:
    lexicon = load_actors(_write(tmp_path, "s.actors", "ARGENTIN [ARG]\nCHILE_ [CHL]\n"))
    coder = ActorCoder(lexicon)
    found = _codes(coder, "Argentina and Chileans protested.")
    assert found["Argentina"] == "ARG"
    assert "Chileans" not in found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+SYNONYM_FIRST\nGONDOR [GON]\n", "x.actors:1: a synonym (+) before any actor"),
        ("GONDOR [GON\n", "x.actors:1: unbalanced [ ]"),
        ("GONDOR\n\t[GON 2001-2003]\n", "x.actors:2: cannot read date restriction"),
    ],
)
def test_syntax_errors_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RulesError, match=re.escape(message)):
        load_actors(_write(tmp_path, "x.actors", text))


def test_agent_without_tilde_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"x\.agents:1: agent code 'GOV' needs a ~"):
        load_agents(_write(tmp_path, "x.agents", "MINISTER [GOV]\n"))


def test_a_few_bad_lines_in_a_long_file_are_skipped_and_reported(tmp_path: Path) -> None:
    good = "".join(f"ACTOR_{n}_ [A{n:02d}]\n" for n in range(200))
    path = _write(tmp_path, "big.actors", good + "BROKEN [XYZ 2001-2003]\n")
    lexicon = load_actors(path)
    assert lexicon.size == 200
    assert any("big.actors:201" in w for w in lexicon.warnings)


def test_unknown_codes_are_reported_not_dropped(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.actors", ACTORS)
    lexicon = load_lexicon([path], builtin=False)
    assert any("GON" in w and "kept" in w for w in lexicon.warnings)
    assert _codes(ActorCoder(lexicon), "Gondor protested.")["Gondor"] == "GON"


def test_eventwire_tsv_extends_the_builtin_data(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "people.tsv",
        "name\taliases\tcode\tsince\tuntil\nMaria Example\tExample\tPRTGOV\t2020-01-01\t\n",
    )
    coder = ActorCoder(load_lexicon([path]))
    assert _codes(coder, "Maria Example said.", dt.date(2021, 1, 1))["Maria Example"] == "PRTGOV"


def test_phoenix_dictionaries_code_real_corpus_sentences() -> None:
    folder = shared_file("data", "events", "petrarch2-dictionaries")
    corpus = shared_file(
        "data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz"
    )
    lexicon = load_lexicon(
        [folder / "Phoenix.Countries.actors.txt", folder / "Phoenix.agents.txt"], builtin=False
    )
    coder = ActorCoder(lexicon)
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in islice(lines, 400)]
    chosen = [r for r in records if "Russia" in r["content_original"]][:5]
    assert chosen, "the corpus sample holds articles about Russia"
    articles = [
        Article(text=r["content_original"][:3000], published=dt.date.fromisoformat(r["date"]))
        for r in chosen
    ]
    coded = [m for doc in annotate(articles) for m in coder.code(doc) if m.code]
    russian = [m for m in coded if m.code.startswith("RUS") and "Russia" in m.text]
    assert russian and all("Phoenix" in m.how for m in russian)
    assert len({m.code[:3] for m in coded}) >= 3
