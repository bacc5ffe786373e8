"""Turn a small HTML fragment (a feed item's content) into paragraphs of plain text."""

from __future__ import annotations

import lxml.etree
import lxml.html

from eventwire.read.cleanup import collapse_spaces

_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figcaption",
    "figure",
    "tr",
    "section",
    "article",
    "pre",
    "ul",
    "ol",
    "table",
}


def fragment_to_text(fragment: str) -> str:
    """Block elements become line breaks, everything else runs together as text."""
    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return fragment
    for bad in root.xpath(".//script | .//style"):
        bad.drop_tree()
    pieces: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        block = isinstance(node.tag, str) and node.tag.lower() in _BLOCKS
        if block:
            pieces.append("\n")
        if node.text:
            pieces.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    walk(root)
    lines = (collapse_spaces(line) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)
