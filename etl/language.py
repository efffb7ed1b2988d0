"""Language of an article's text, offline, with py3langid."""
from __future__ import annotations

from functools import lru_cache

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


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" where the text has no letters."""
    sample = (text or "")[:SAMPLE_CHARS]
    # Without letters (digits, punctuation) the model would still name a language, at random.
    if not any(char.isalpha() for char in sample):
        return UNDETERMINED
    language, _score = _identifier().classify(sample)
    return language
