"""Read an HTML news page: trafilatura finds the article body, lxml the metadata."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from htmldate import find_date
from trafilatura.utils import load_html

from eventwire.errors import Problem
from eventwire.read.article import Article, Caption
from eventwire.read.build import Found, build_article
from eventwire.read.cleanup import collapse_spaces
from eventwire.read.dates import parse_published
from eventwire.read.decode import decode_text
from eventwire.read.rules import CleanupRules

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CREDIT_CLASS = (
    "contains(@class,'credit') or contains(@class,'copyright') or contains(@class,'source')"
)
MIN_ALT_WORDS = 4
MAX_CAPTIONS = 30
MAX_CAPTION_WORDS = 80


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """HTML bytes to text, honouring a <meta charset> when no header gave one."""
    if declared is None:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else None
    text, _, warning = decode_text(data, declared)
    return text, warning


# Where a page declares its publication date; one that is there yet unusable (year 0001)
# is reported, not silently dropped.
DATE_META = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='date' or @name='pubdate' or @name='publish-date']/@content",
    "//time[@datetime]/@datetime",
)


def _first(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = collapse_spaces(value if isinstance(value, str) else value.text_content())
            if text:
                return text
    return None


def _captions(tree: lxml.html.HtmlElement, rules: CleanupRules) -> list[Caption]:
    """Figure captions and their credits; reads the tree without changing it."""
    scope = tree.xpath("//article") or [tree]
    captions: list[Caption] = []
    for root in scope:
        for node in root.xpath(".//figure | .//figcaption | .//*[contains(@class,'caption')]"):
            caption = _caption_of(node, rules)
            if caption is not None and caption not in captions:
                captions.append(caption)
            if len(captions) >= MAX_CAPTIONS:
                return captions
    return captions


def _caption_of(node: lxml.html.HtmlElement, rules: CleanupRules) -> Caption | None:
    if node.tag == "figure":
        if node.xpath(".//figcaption"):
            return None  # the figcaption itself is visited
        for alt in node.xpath(".//img/@alt"):
            text = collapse_spaces(alt)
            if len(text.split()) >= MIN_ALT_WORDS:
                return Caption(text, None)
        return None
    text = collapse_spaces(node.text_content())
    if not text or len(text.split()) > MAX_CAPTION_WORDS:
        return None
    credits = [collapse_spaces(n.text_content()) for n in node.xpath(f".//*[{_CREDIT_CLASS}]")]
    credit = " ".join(c for c in credits if c) or None
    if credit:
        text = collapse_spaces(text.replace(credit, " ")) if credit in text else text
        text = text.removesuffix("Credit...").removesuffix("Credit").strip()
    else:
        match = rules.caption_with_credit.fullmatch(text)
        if match:
            text, credit = match["caption"].strip(), match["credit"].strip()
    return Caption(text, credit) if text else None


def _outlet(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    name = _first(
        tree,
        "//meta[@property='og:site_name']/@content",
        "//meta[@name='application-name']/@content",
        "//meta[@name='publisher']/@content",
    )
    if name:
        return name
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def read_html(
    markup: str | bytes,
    origin: str,
    rules: CleanupRules,
    url: str | None = None,
    fallback_published: tuple[object, str] | None = None,
    warnings: list[str] | None = None,
) -> Article | Problem:
    """One HTML page to one `Article`, or a `Problem` if it holds no article text."""
    notes = list(warnings or [])
    if isinstance(markup, bytes):
        markup, warning = decode_html(markup)
        if warning:
            notes.append(warning)
    # trafilatura's own loader: its parser settings (comments and processing
    # instructions removed) are the ones its extraction is tuned for.
    tree = load_html(_XML_DECLARATION.sub("", markup, count=1))
    if tree is None:
        return Problem(origin, "cannot parse this as HTML")
    canonical = _first(
        tree, "//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"
    )
    if canonical and url:
        canonical = urljoin(url, canonical)
    page_url = url or canonical
    title = _first(
        tree,
        "//meta[@property='og:title']/@content",
        "//meta[@name='twitter:title']/@content",
        "//h1",
        "//title",
    )
    published, published_from = None, None
    date_text = find_date(tree, extensive_search=False, original_date=True, url=page_url)
    if date_text:
        published, published_from = parse_published(date_text), "html-metadata"
    if published is None and fallback_published is not None:
        published, published_from = parse_published(fallback_published[0]), fallback_published[1]
    if published is None:
        published_from = None
        declared = _first(tree, *DATE_META)
        if declared and parse_published(declared) is None:
            notes.append(f"unusable publication date {declared[:40]!r} ignored")
    source = _outlet(tree, page_url)
    captions = _captions(tree, rules)
    body = trafilatura.extract(
        tree, url=page_url, fast=True, include_comments=False, output_format="txt"
    )
    if not body:
        return Problem(origin, "no article text found in this HTML page")
    return build_article(
        Found(
            origin=origin,
            reader="html",
            body=body,
            title=title,
            url=page_url,
            canonical_url=canonical,
            source=source,
            published=published,
            published_from=published_from,
            captions=captions,
            warnings=notes,
            unescape=False,
        ),
        rules,
    )
