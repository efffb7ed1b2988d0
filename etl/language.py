"""Language of an article's text, offline, with py3langid."""
from __future__ import annotations

import hashlib
import io
import json
from array import array
from functools import lru_cache
from pathlib import Path

from etl.cache_files import remove_leftovers, stored_value, write_atomically

# The languages the pipeline reads; other recognised languages are reported, not read.
SUPPORTED_LANGUAGES = ("en", "fr")

# A small candidate set keeps short, name-heavy English and French from being taken for a
# rare language that happens to share their letters.
RECOGNISED_LANGUAGES = ("en", "fr", "es", "de", "it", "pt", "nl", "ar", "ru", "tr", "zh")

# The opening of an article decides its language; reading more only costs time.
SAMPLE_CHARS = 5_000

UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier():
    """The py3langid identifier restricted to the recognised languages, loaded on first use."""
    # Imported here so that importing this module stays cheap where no language is detected.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(RECOGNISED_LANGUAGES))
    return identifier


def detect_language(text: str, identifier=None) -> str:
    """The ISO 639-1 code of the text's language, or "und" where the text has no letters."""
    sample = (text or "")[:SAMPLE_CHARS]
    # Without letters (digits, punctuation) the model would still name a language, at random.
    if not any(char.isalpha() for char in sample):
        return UNDETERMINED
    language, _score = (identifier or _identifier()).classify(sample)
    return language


class StoredDetector:
    """detect_language with a memory kept in a folder of ours (the warehouse's cache).

    Earlier answers are kept by a hash of the text sample, so an unchanged article is not classified
    again, and the identifier itself is kept uncompressed, so a run that meets a new article reads it
    in under half the time py3langid takes to decompress its model (0.2 s against 0.45 s). Both are keyed
    by this module and the py3langid version: an upgrade starts afresh. Both are plain data (JSON, NumPy
    arrays read without pickle): a damaged or planted file costs time, never an answer or a line of code.
    """

    def __init__(self, folder: Path) -> None:
        import py3langid

        digest = hashlib.sha256(Path(__file__).read_bytes() + str(py3langid.__version__).encode())
        self.folder, self.key = folder, digest.hexdigest()[:16]
        self.answers: dict[str, str] = self._read_answers()
        self.new_answers = 0

    def __call__(self, text: str) -> str:
        sample_key = hashlib.sha256((text or "")[:SAMPLE_CHARS].encode("utf-8")).hexdigest()[:32]
        answer = self.answers.get(sample_key)
        if answer is None:
            answer = self._detect(text)
            self.answers[sample_key] = answer
            self.new_answers += 1
        return answer

    def save(self) -> None:
        """Write the answers back when there are new ones."""
        if self.new_answers:
            write_atomically(self.folder / f"answers-{self.key}.json", json.dumps(self.answers).encode("utf-8"))
            self.new_answers = 0

    def _read_answers(self) -> dict[str, str]:
        try:
            answers = json.loads((self.folder / f"answers-{self.key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return answers if isinstance(answers, dict) else {}

    def _detect(self, text: str) -> str:
        identifier = _STORED_IDENTIFIER.get(self.key)
        if identifier is None:
            # Earlier versions kept the identifier as a pickle (70 MB): never read, only removed.
            remove_leftovers(self.folder, "identifier-*.pickle")
            path = self.folder / f"identifier-{self.key}.npz"
            identifier = stored_value(path, _identifier, identifier_to_bytes, identifier_from_bytes)
            _STORED_IDENTIFIER[self.key] = identifier
        return detect_language(text, identifier)


# Identifiers read back from a cache folder, by key, for the life of the process.
_STORED_IDENTIFIER: dict[str, object] = {}

# array typecodes of py3langid's state-machine tables, by item size.
_ARRAY_TYPECODES = {2: "H", 4: "I", 8: "Q"}


def identifier_to_bytes(identifier) -> bytes:
    """The identifier's tables (restricted to the recognised languages) as an uncompressed .npz file."""
    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, ptc=identifier.nb_ptc, pc=identifier.nb_pc, classes=np.array(identifier.nb_classes),
             nextmove=np.asarray(identifier.tk_nextmove), row=np.asarray(identifier.tk_row),
             output=np.asarray(identifier.tk_output, dtype=np.int64))
    return buffer.getvalue()


def identifier_from_bytes(data: bytes):
    """The identifier stored by identifier_to_bytes; raises on a file of any other shape.

    numpy reads the arrays with allow_pickle=False, so the file can hold numbers and strings only."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    with np.load(io.BytesIO(data), allow_pickle=False) as stored:
        ptc, pc, classes = stored["ptc"], stored["pc"], stored["classes"].tolist()
        nextmove, row, output = stored["nextmove"], stored["row"], stored["output"]
    states = len(row)
    if (ptc.ndim != 2 or pc.shape != (len(classes),) or ptc.shape[1] != len(classes)
            or not set(RECOGNISED_LANGUAGES) <= set(classes) or output.shape != (states,)
            or nextmove.size % 256 or nextmove.dtype.kind != "u" or row.dtype.kind != "u"
            or (states and (int(row.max()) >= nextmove.size // 256 or int(nextmove.max()) >= states))
            or int(output.max(initial=-1)) >= ptc.shape[0]):
        raise ValueError("not the tables of a language identifier")
    tables = [array(_ARRAY_TYPECODES[table.dtype.itemsize], table.tobytes()) for table in (nextmove, row)]
    identifier = LanguageIdentifier(ptc, pc, classes, tables[0], output.tolist(), tk_row=tables[1])
    identifier.set_languages(list(RECOGNISED_LANGUAGES))
    return identifier
