"""Small, realistic inputs built in code: an HTML page, feeds, a WARC, JSON Lines."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPHS = [
    "The foreign ministers of Egypt and Sudan met in Cairo on Monday to discuss the "
    "filling of the Grand Ethiopian Renaissance Dam, officials in both capitals said.",
    "Sudan's foreign minister told reporters after the meeting that Khartoum wanted a "
    "legally binding agreement before the next rainy season begins in July.",
    "Ethiopia has said it will press ahead with the second filling of the reservoir, "
    "arguing that the dam is essential for its economic development and power supply.",
    "The African Union has tried for months to broker a deal between the three "
    "countries, but talks in Kinshasa broke down earlier this month without progress.",
]


def article_html(
    title: str = "Egypt, Sudan Discuss Nile Dam Dispute", body: list[str] | None = None
) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in (body or PARAGRAPHS))
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>{title} | Nile Times</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Nile Times">
<meta property="article:published_time" content="2021-04-05T14:30:00Z">
<link rel="canonical" href="https://niletimes.example/world/nile-dam-talks">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
<h1>{title}</h1>
<figure><img src="dam.jpg" alt="The dam on the Blue Nile">
<figcaption>The Grand Ethiopian Renaissance Dam on the Blue Nile, March 2021.
<span class="credit">Photo: Amanuel Sileshi / AFP</span></figcaption></figure>
{paragraphs}
</article>
<footer><p>© 2021 Nile Times. All rights reserved.</p></footer>
</body></html>"""


def _escaped_paragraphs(n: int) -> str:
    """Two paragraphs as escaped HTML, the way RSS descriptions carry them."""
    pair = [PARAGRAPHS[n % len(PARAGRAPHS)], PARAGRAPHS[(n + 1) % len(PARAGRAPHS)]]
    return "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in pair)


def rss_feed(items: int = 2) -> str:
    entries = "\n".join(
        f"""<item><title>Story {n}: Talks on the Nile dam resume</title>
<link>https://niletimes.example/story-{n}</link>
<pubDate>Mon, 05 Apr 2021 14:30:00 GMT</pubDate>
<description>{_escaped_paragraphs(n)}</description>
</item>"""
        for n in range(1, items + 1)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Nile Times World</title>
<link>https://niletimes.example/</link><description>World news</description>
{entries}
</channel></rss>"""


def atom_feed() -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nile Times</title>
<entry><title>Egypt and Sudan meet</title><link href="https://niletimes.example/a"/>
<updated>2021-04-05T14:30:00Z</updated><id>urn:a</id>
<content type="html">&lt;p&gt;{PARAGRAPHS[0]}&lt;/p&gt;&lt;p&gt;{PARAGRAPHS[1]}&lt;/p&gt;</content>
</entry></feed>"""


def warc_bytes(pages: list[tuple[str, str]], gzip: bool = True, extra_image: bool = True) -> bytes:
    """A WARC with one response record per (url, html), plus a non-HTML record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    records = [(url, html.encode("utf-8"), "text/html; charset=utf-8") for url, html in pages]
    if extra_image:
        records.insert(1, ("https://niletimes.example/logo.png", b"\x89PNG....", "image/png"))
    for url, payload, content_type in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(payload),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2021-04-06T08:00:00Z"},
        )
        writer.write_record(record)
    return buffer.getvalue()
