"""Language of an article's text, offline, with py3langid."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from etl.cache_files import stored_pickle, write_atomically

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
    in a tenth of the time py3langid takes to decompress its model. Both are keyed by this module and
    the py3langid version: an upgrade starts afresh. A damaged file costs time, never an answer.
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
            path = self.folder / f"identifier-{self.key}.pickle"
            identifier = _STORED_IDENTIFIER[self.key] = stored_pickle(path, _identifier)
        return detect_language(text, identifier)


# Identifiers read back from a cache folder, by key, for the life of the process.
_STORED_IDENTIFIER: dict[str, object] = {}
