"""The feeds a watch follows: URLs given directly, or files listing them (plain or OPML)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from eventwire.errors import UsageError
from eventwire.read.fetch import is_url


def feed_urls(names: list[str]) -> list[str]:
    """Every feed URL named, in order, each once; a file is read as OPML or as one URL a
    line (blank lines and `#` comments skipped)."""
    urls: list[str] = []
    for name in names:
        found = [name] if is_url(name) else _from_file(Path(name), name)
        urls += [url for url in found if url not in urls]
    if not urls:
        raise UsageError("no feed URLs given (give URLs, a file listing them, or an OPML file)")
    return urls


def _from_file(path: Path, given: str) -> list[str]:
    """`given`: the name as the user typed it, for messages (a Path would turn
    "htp://host" into "htp:/host")."""
    if not path.is_file():
        raise UsageError(f"{given}: neither an http(s) URL nor a file listing feeds")
    data = path.read_bytes()
    if data.lstrip()[:200].lower().startswith(b"<?xml") or b"<opml" in data[:500].lower():
        return _from_opml(path, data)
    urls = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        if not is_url(line):
            raise UsageError(f"{path}:{number}: not an http(s) URL: {line[:80]!r}")
        urls.append(line)
    return urls


def _from_opml(path: Path, data: bytes) -> list[str]:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise UsageError(f"{path}: not a readable OPML file ({error})") from None
    urls = [str(u).strip() for u in root.xpath("//outline/@xmlUrl")]
    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise UsageError(f"{path}: an outline's xmlUrl is not an http(s) URL: {bad[0][:80]!r}")
    return urls
