"""The readers on real data from ../shared: the news corpus and the extraction pages."""

from __future__ import annotations

import gzip
import json
import sys
from itertools import islice

from eventwire.read import Article, load_rules, read, read_html
from tests.conftest import REPO, shared_file

sys.path.insert(0, str(REPO / "benchmarks"))
from extraction import page_scores, score


def test_corpus_articles_read_clean() -> None:
    corpus = shared_file(
        "data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz"
    )
    items = list(islice(read(corpus), 400))
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 400
    for article in articles:
        assert article.title and article.source and article.language == "en"
        assert "\n\n\n" not in article.text and article.text == article.text.strip()
        for paragraph in article.paragraphs:
            assert paragraph not in {"Advertisement", "ADVERTISEMENT", "Read more"}
    touched = {r.rule for a in articles for r in a.removals}
    assert {"boilerplate", "caption", "cross-link"} <= touched


def test_extraction_pages_and_scorer() -> None:
    root = shared_file("data", "extraction", "article-extraction-benchmark")
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    keys = sorted(truth)[:5]
    rules = load_rules()
    predictions = {}
    for key in keys:
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        result = read_html(html, key, rules, url=truth[key]["url"])
        assert isinstance(result, Article), result
        predictions[key] = result.text
    f1, precision, recall = score({k: truth[k]["articleBody"] for k in keys}, predictions)
    assert 0.0 < f1 <= 1.0 and 0.0 < precision <= 1.0 and 0.0 < recall <= 1.0


def test_scorer_follows_the_benchmark_rules() -> None:
    text = "one two three four five six"
    assert page_scores(text, text) == (1.0, 1.0)
    assert page_scores(text, "") == (None, 0.0)
    precision, recall = page_scores(text, "one two three four")
    assert precision == 1.0 and recall == 1 / 3
