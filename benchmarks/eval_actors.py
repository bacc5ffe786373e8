"""Actor coding on the PETRARCH validation suite, from raw sentence text.

For every expected (source, target, event) coding in PETR.UnitTest.records.xml, the
source and the target actor count once each: right when eventwire coded some mention
in that sentence with exactly that code. Sentences are parsed by eventwire (spaCy),
never from the suite's gold parses; the suite's own dictionaries
(PETR.Validate.actors.txt, PETR.Validate.agents.txt) replace eventwire's lexicon, and
date-restricted codes are applied against each record's date.

    python benchmarks/eval_actors.py [--show-misses N]

Prints `actor_accuracy=...` (share of expected actors found) and `actor_precision=...`
(share of acting coded mentions whose code is an expected one, over records with codings).
"""

from __future__ import annotations

import argparse

from _shared import shared_path
from eventwire.actors import ActorCoder, load_lexicon
from eventwire.annotate import annotate
from eventwire.read.article import Article
from petrarch_records import read_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = parser.parse_args()

    folder = shared_path("data", "events", "petrarch2-validation")
    records = [r for r in read_records(folder / "PETR.UnitTest.records.xml") if r.triples]
    lexicon = load_lexicon(
        [folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt"], builtin=False
    )
    coder = ActorCoder(lexicon)
    articles = [Article(text=r.text, published=r.date) for r in records]
    found = total = coded = coded_right = 0
    misses = []
    for record, document in zip(records, annotate(articles), strict=True):
        mentions = coder.code(document, record.date)
        codes = {m.code for m in mentions if m.code}
        expected = [code for s, t, _ in record.triples for code in (s, t)]
        for code in expected:
            total += 1
            if code in codes:
                found += 1
            else:
                misses.append((record.id, code, sorted(codes), record.text))
        acting = [m.code for m in mentions if m.code and m.acts]
        coded += len(acting)
        coded_right += sum(code in expected for code in acting)
    print(
        f"actor_accuracy={found / total:.3f} ({found}/{total} expected actors, "
        f"{len(records)} records) actor_precision={coded_right / max(coded, 1):.3f}"
    )
    for record_id, code, got, text in misses[: args.show_misses]:
        print(f"  {record_id}: expected {code}, coded {got}: {text[:110]}")


if __name__ == "__main__":
    main()
