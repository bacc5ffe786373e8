"""Turn bytes into text: byte-order marks, UTF-8, UTF-16, then a charset guess."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = set(range(0, 9)) | set(range(14, 32)) - {27}


def bom_encoding(head: bytes) -> str | None:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text with no BOM shows NUL in every other byte; say which order."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nuls > 0.6 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.6 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def looks_binary(head: bytes) -> bool:
    """NUL bytes or many control bytes, with no text encoding to explain them."""
    if bom_encoding(head) or utf16_without_bom(head):
        return False
    sample = head[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls / len(sample) > 0.05


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str, str | None]:
    """Decode bytes; returns (text, encoding used, warning or None).

    A declared charset (HTTP header, meta tag) is tried first after a BOM, then strict
    UTF-8, then charset-normalizer's best guess, which is reported as a warning because
    it is a guess.
    """
    encoding = bom_encoding(data) or utf16_without_bom(data)
    if encoding:
        return data.decode(encoding, errors="replace"), encoding, None
    for candidate in (declared, "utf-8"):
        if not candidate:
            continue
        try:
            return data.decode(candidate), candidate, None
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None else "cp1252"
    if guess != "cp1252" and _latin_script(data, guess) and _decodes(data, "cp1252"):
        # Among single-byte Latin code pages the guess is often a near-miss (cp1257,
        # iso8859_2...); for English-language news Windows-1252 is by far the likeliest.
        guess = "cp1252"
    try:
        text = data.decode(guess, errors="replace")
    except LookupError:
        guess = "cp1252"
        text = data.decode(guess, errors="replace")
    return text, guess, f"not valid UTF-8; decoded as {guess} (a guess)"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _latin_script(data: bytes, encoding: str) -> bool:
    """Do the non-ASCII letters of this decoding belong to the Latin script?"""
    try:
        text = data[:200_000].decode(encoding, errors="ignore")
    except LookupError:
        return False
    letters = [ch for ch in text if ord(ch) > 127 and ch.isalpha()]
    if not letters:
        return True
    latin = sum(1 for ch in letters if ord(ch) < 0x250)
    return latin / len(letters) > 0.9
