"""Read an HTML news page: trafilatura finds the article body, lxml the metadata."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date

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


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """HTML bytes to text, honouring a <meta charset> when no header gave one."""
    if declared is None:
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii") if match else None
    text, _, warning = decode_text(data, declared)
    return text, warning


def _first(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            text = collapse_spaces(value if isinstance(value, str) else value.text_content())
            if text:
                return text
    return None


def _captions(tree: lxml.html.HtmlElement, rules: CleanupRules) -> list[Caption]:
    scope = tree.xpath("//article") or [tree]
    captions: list[Caption] = []
    for root in scope:
        for figure in root.xpath(".//figure | .//*[contains(@class,'caption')]"):
            captions.extend(_figure_caption(figure, rules))
            if len(captions) >= MAX_CAPTIONS:
                return captions
    return captions


def _figure_caption(figure: lxml.html.HtmlElement, rules: CleanupRules) -> list[Caption]:
    caption_node = (
        figure if figure.tag == "figcaption" else next(iter(figure.xpath(".//figcaption")), None)
    )
    if caption_node is None and figure.tag != "figure":
        caption_node = figure
    if caption_node is not None:
        credit_nodes = caption_node.xpath(f".//*[{_CREDIT_CLASS}]")
        credit = collapse_spaces(" ".join(n.text_content() for n in credit_nodes)) or None
        for node in credit_nodes:
            node.drop_tree()
        text = collapse_spaces(caption_node.text_content())
        if credit is None:
            match = rules.caption_with_credit.fullmatch(text)
            if match:
                text, credit = match["caption"].strip(), match["credit"].strip()
        if text:
            return [Caption(text, credit)]
    for alt in figure.xpath(".//img/@alt"):
        text = collapse_spaces(alt)
        if len(text.split()) >= MIN_ALT_WORDS:
            return [Caption(text, None)]
    return []


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
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        return Problem(origin, f"cannot parse HTML: {exc}")
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
