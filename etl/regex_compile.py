"""Faster start-up of spaCy pipelines whose tokenizer compiles many regular expressions.

The French pipeline compiles some fifty patterns that each repeat the same huge character classes
(every Unicode letter, with case folding). CPython's `re` optimises each class anew, character by
character, which is most of the 4 s the French pipeline takes to load. The optimisation is a pure
function of the class, so while a pipeline loads, `memoised_charsets()` remembers its results: each
distinct class is optimised once. The compiled patterns are the same; only the work is not repeated.

It wraps a private function of CPython's `re` (`re._compiler._optimize_charset`, 3.11 to 3.13); where
that function is missing the context does nothing, and any input it cannot key is passed through.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

try:
    from re import _compiler as compiler
except ImportError:  # pragma: no cover - Python without re._compiler
    compiler = None

# The wrapper is installed by the first caller and removed by the last (threads may load pipelines at once).
_LOCK = threading.RLock()
_INSTALLED: dict[str, object] = {"depth": 0, "original": None}


def charset_key(charset, iscased, fixup, fixes) -> tuple | None:
    """A hashable key for one call, or None when some part of it cannot be hashed."""
    try:
        items = tuple((op, tuple(value) if isinstance(value, list) else value) for op, value in charset)
        key = (items, iscased, fixup, id(fixes))
        hash(key)
    except TypeError:
        return None
    return key


def memoising(original):
    """`original` (re's charset optimiser) with its results remembered by their inputs."""
    results: dict[tuple, tuple] = {}

    def optimise(charset, iscased=None, fixup=None, fixes=None):
        key = charset_key(charset, iscased, fixup, fixes)
        if key is None:
            return original(charset, iscased, fixup, fixes)
        hit = results.get(key)
        # The fixes table is compared by identity (it is a module constant of `re`); kept alive with the entry.
        if hit is not None and hit[2] is fixes:
            return list(hit[0]), hit[1]
        out, hascased = original(charset, iscased, fixup, fixes)
        results[key] = (list(out), hascased, fixes)
        return out, hascased

    return optimise


@contextmanager
def memoised_charsets() -> Iterator[None]:
    """Within the block, each distinct character class is optimised once by `re` (nested and concurrent
    uses share one memo, removed when the last one ends)."""
    if getattr(compiler, "_optimize_charset", None) is None:
        yield
        return
    with _LOCK:
        if _INSTALLED["depth"] == 0:
            _INSTALLED["original"] = compiler._optimize_charset
            compiler._optimize_charset = memoising(compiler._optimize_charset)
        _INSTALLED["depth"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _INSTALLED["depth"] -= 1
            if _INSTALLED["depth"] == 0:
                compiler._optimize_charset = _INSTALLED["original"]
                _INSTALLED["original"] = None
