"""Text from the input shown safely on a terminal or in a log.

File names, article ids and reasons come from the input: printed raw, a control character in them could
set the terminal's title, clear the screen, move the cursor or start a new line that looks like one of
ours, and a bidi override could show a name reversed. `printable` shows every such character as an
escape instead.
"""
from __future__ import annotations

import unicodedata

# Cc: C0 controls (newline and tab included), DEL and C1 controls (CSI among them); Cf: format characters,
# the bidi embeddings, overrides and isolates, zero-width characters and the BOM among them; Cs: lone
# surrogates (the bytes of a file name that is not valid UTF-8); Zl and Zp: line and paragraph separators.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# What Python's surrogateescape makes of the byte 0x80-0xFF of a name that is not valid UTF-8.
_ESCAPED_BYTES = range(0xDC80, 0xDD00)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """The text with control, format and bidi characters and undecodable bytes shown as \\x.., \\u.. escapes."""
    text = str(text)
    if text.isprintable():  # the common case: nothing to escape (isprintable is False for every escaped category)
        return text
    return "".join(_escape(char) if unicodedata.category(char) in _ESCAPED_CATEGORIES else char for char in text)


def _escape(char: str) -> str:
    """One character as a Python-style escape; an undecodable byte of a file name as that byte."""
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
