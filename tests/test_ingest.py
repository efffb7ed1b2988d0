"""Tests of etl.ingest: every input becomes one row, and bad input a row with a clear reason."""
from __future__ import annotations

import json
import os
import pathlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import language
from etl.ingest import MAX_TEXT_BYTES, IngestResult, read_articles
from etl.language import StoredDetector, detect_language
from etl.schema import ARTICLES

ENGLISH = (
    "The Director General of National Security met his French counterpart in Lyon on Tuesday.\n"
    "Both sides signed a memorandum of understanding on police cooperation and training."
)
FRENCH = (
    "Le directeur général de la sûreté nationale a reçu son homologue français à Rabat mardi.\n"
    "Les deux parties ont signé un mémorandum d'entente sur la coopération en matière de sécurité."
)
SPANISH = (
    "El director general de la seguridad nacional se reunió con su homólogo francés en Madrid.\n"
    "Ambas partes firmaron un memorando de entendimiento sobre la cooperación policial."
)
MANIFEST_HEADER = "article_id,url,title,outlet,published_date,language\n"
# A tiny but real PNG header: signature, then an IHDR chunk whose length starts with NUL bytes.
PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def write(folder: pathlib.Path, name: str, content: str | bytes) -> pathlib.Path:
    """Writes text (UTF-8) or bytes to a file of the folder."""
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def row(result: IngestResult, article_id: str) -> dict:
    """The one row of an article."""
    rows = result.articles.filter(result.articles["article_id"] == article_id).to_dicts()
    assert len(rows) == 1, result.articles.select("article_id", "status", "status_reason")
    return rows[0]


def test_txt_with_manifest_metadata_and_month_precision(tmp_path):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "manifest.csv", MANIFEST_HEADER + "a1,https://example.org/a1,Talks in Lyon,Example News,2024-09,en\n")
    result = read_articles(tmp_path)
    assert result.articles.schema == ARTICLES
    article = row(result, "a1")
    assert (article["url"], article["title"], article["outlet"]) == ("https://example.org/a1", "Talks in Lyon", "Example News")
    assert article["published_date"] == date(2024, 9, 1)
    assert article["published_date_precision"] == "month"
    assert (article["language"], article["status"], article["status_reason"]) == ("en", "loaded", None)
    assert article["source_file"] == "a1.txt"
    assert article["text"] == ENGLISH


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [("2023-12-08", date(2023, 12, 8), "day"), ("2024", date(2024, 1, 1), "year"), ("", None, "unknown")],
)
def test_published_date_precision(tmp_path, value, expected, precision):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "manifest.csv", f"article_id,published_date\na1,{value}\n")
    article = row(read_articles(tmp_path), "a1")
    assert (article["published_date"], article["published_date_precision"]) == (expected, precision)
    assert article["status_reason"] is None


def test_manifest_with_missing_columns_still_adds_metadata(tmp_path):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "manifest.csv", "article_id,outlet\na1,Example News\n")
    article = row(read_articles(tmp_path), "a1")
    assert article["outlet"] == "Example News"
    assert article["url"] is None and article["language"] == "en"


def test_files_sharing_a_stem_keep_their_extension_in_the_id(tmp_path):
    write(tmp_path, "story.txt", ENGLISH)
    write(tmp_path, "story.md", FRENCH)
    result = read_articles(tmp_path)
    assert result.articles["article_id"].to_list() == ["story.md", "story.txt"]
    assert row(result, "story.md")["language"] == "fr"


def test_jsonl_good_lines_and_refused_lines_each_get_a_row(tmp_path):
    lines = [
        json.dumps({"id": "j1", "text": ENGLISH, "outlet": "Wire", "published_date": "2024-05-02"}),
        "{not json",
        json.dumps({"text": FRENCH}),
        json.dumps({"id": "j4"}),
        json.dumps({"id": "j1", "text": FRENCH}),
        "",
        json.dumps({"id": "j7", "text": FRENCH, "language": "fr"}),
    ]
    write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    result = read_articles(tmp_path)
    assert result.articles.height == 6  # the blank line is not an input
    good = row(result, "j1")
    assert (good["status"], good["outlet"], good["published_date_precision"]) == ("loaded", "Wire", "day")
    assert good["source_file"] == "batch.jsonl:1"
    assert row(result, "j7")["status"] == "loaded"
    assert row(result, "batch.jsonl:2")["status_reason"] == "malformed JSON on line 2"
    assert row(result, "batch.jsonl:3")["status_reason"] == "line 3 has no id"
    assert row(result, "j4")["status_reason"] == "line 4 has no text"
    duplicate = row(result, "batch.jsonl:5")
    assert duplicate["status_reason"] == "duplicate id j1 (first in batch.jsonl:1)"
    rejected = result.articles.filter(result.articles["status"] == "rejected")
    assert rejected.height == 4
    assert rejected["text"].null_count() == 4 and rejected["content_hash"].null_count() == 4


def test_empty_file_is_rejected(tmp_path):
    write(tmp_path, "empty.txt", b"")
    article = row(read_articles(tmp_path), "empty")
    assert (article["status"], article["status_reason"]) == ("rejected", "empty file")
    assert article["text"] is None and article["content_hash"] is None


def test_whitespace_only_file_is_rejected_as_empty(tmp_path):
    write(tmp_path, "blank.md", " \n\t\r\n   \n")
    article = row(read_articles(tmp_path), "blank")
    assert (article["status"], article["status_reason"]) == ("rejected", "empty file")


def test_png_renamed_txt_is_rejected_as_binary(tmp_path):
    write(tmp_path, "photo.txt", PNG_BYTES * 20)
    article = row(read_articles(tmp_path), "photo")
    assert (article["status"], article["status_reason"]) == ("rejected", "binary file")


def test_cp1252_french_text_is_decoded_and_marked_repaired(tmp_path):
    write(tmp_path, "fr1.txt", FRENCH.encode("cp1252"))
    article = row(read_articles(tmp_path), "fr1")
    assert (article["status"], article["status_reason"]) == ("repaired", "not valid UTF-8: decoded as cp1252")
    assert "sécurité" in article["text"] and "mémorandum" in article["text"]
    assert article["language"] == "fr"


def test_utf8_bom_is_stripped_silently(tmp_path):
    write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode("utf-8"))
    article = row(read_articles(tmp_path), "bom")
    assert (article["status"], article["text"]) == ("loaded", ENGLISH)


def test_html_page_is_reduced_to_visible_text(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>Security talks</title><style>p {color: red}</style></head>"
        "<body><nav>Home | Politics | Sports</nav><header>Daily News</header>"
        "<p>Le directeur g&eacute;n&eacute;ral de la s&ucirc;ret&eacute; nationale a re&ccedil;u son homologue.</p>"
        "<p>Les deux parties ont sign&eacute; un accord de coop&eacute;ration en mati&egrave;re de s&eacute;curit&eacute;.</p>"
        "<script>var tracker = 1;</script><footer>Copyright</footer></body></html>"
    )
    write(tmp_path, "page.txt", page)
    article = row(read_articles(tmp_path), "page")
    assert (article["status"], article["status_reason"]) == ("repaired", "HTML reduced to text")
    assert article["text"] == (
        "Le directeur général de la sûreté nationale a reçu son homologue.\n"
        "Les deux parties ont signé un accord de coopération en matière de sécurité."
    )
    assert article["title"] == "Security talks"


def test_file_over_five_mb_is_truncated_at_a_character_boundary(tmp_path):
    # Three-byte characters after the prose put the 5 MB cut in the middle of one.
    prose = (ENGLISH + "\n") * 20
    filler_length = (6 * 1024 * 1024 - len(prose.encode("utf-8"))) // 3
    write(tmp_path, "long.txt", prose + "€" * filler_length)
    assert (MAX_TEXT_BYTES - len(prose.encode("utf-8"))) % 3 != 0
    article = row(read_articles(tmp_path), "long")
    assert (article["status"], article["status_reason"]) == ("repaired", "truncated from 6 MB to 5 MB")
    assert MAX_TEXT_BYTES - 3 < len(article["text"].encode("utf-8")) <= MAX_TEXT_BYTES
    assert article["text"].endswith("€")


def test_same_text_twice_marks_the_later_id_duplicate_of_the_first(tmp_path):
    write(tmp_path, "b_copy.txt", ENGLISH + "\r\n")
    write(tmp_path, "a_original.txt", ENGLISH)
    result = read_articles(tmp_path)
    assert row(result, "a_original")["status"] == "loaded"
    copy = row(result, "b_copy")
    assert (copy["status"], copy["status_reason"]) == ("duplicate", "a_original")
    assert copy["content_hash"] == row(result, "a_original")["content_hash"]
    assert copy["text"] == ENGLISH


def test_manifest_row_for_a_missing_file_is_rejected(tmp_path):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "manifest.csv", MANIFEST_HEADER + "a1,,,,2024,en\nghost,https://example.org/ghost,,,2024-01,en\n")
    result = read_articles(tmp_path)
    ghost = row(result, "ghost")
    assert (ghost["status"], ghost["status_reason"]) == ("rejected", "manifest row for a missing file")
    assert ghost["url"] == "https://example.org/ghost" and ghost["text"] is None
    assert result.articles.height == 2


def test_unparseable_published_date_keeps_the_article_and_says_so(tmp_path):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "manifest.csv", MANIFEST_HEADER + "a1,,,,last Tuesday,en\n")
    article = row(read_articles(tmp_path), "a1")
    assert article["status"] == "loaded"
    assert article["published_date"] is None and article["published_date_precision"] == "unknown"
    assert article["status_reason"] == "unparseable published_date 'last Tuesday'"


def test_spanish_article_is_reported_as_unsupported_language(tmp_path):
    write(tmp_path, "es1.txt", SPANISH)
    article = row(read_articles(tmp_path), "es1")
    assert (article["status"], article["language"]) == ("unsupported_language", "es")
    assert article["status_reason"] == "language es is not read by the pipeline"


def test_language_given_in_the_manifest_wins_over_detection(tmp_path):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "manifest.csv", "article_id,language\na1,de\n")
    article = row(read_articles(tmp_path), "a1")
    assert (article["status"], article["language"]) == ("unsupported_language", "de")


def test_unreadable_file_is_rejected_with_the_reason(tmp_path, monkeypatch):
    target = write(tmp_path, "locked.txt", ENGLISH)
    if os.geteuid() == 0:
        # root reads a file whatever its mode, so the refusal is simulated at open().
        real_open = pathlib.Path.open

        def refusing_open(self, *args, **kwargs):
            if self.name == target.name:
                raise PermissionError(13, "Permission denied")
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, "open", refusing_open)
    else:
        target.chmod(0)
    article = row(read_articles(tmp_path), "locked")
    assert (article["status"], article["status_reason"]) == ("rejected", "unreadable file: Permission denied")


def test_symlink_outside_the_folder_is_rejected_and_not_followed(tmp_path, monkeypatch):
    articles = tmp_path / "articles"
    articles.mkdir()
    secret = write(tmp_path, "secret.txt", "password=hunter2 " + ENGLISH)
    (articles / "link.txt").symlink_to(secret)
    opened: list[str] = []
    real_open = pathlib.Path.open

    def recording_open(self, *args, **kwargs):
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", recording_open)
    article = row(read_articles(articles), "link")
    assert (article["status"], article["status_reason"]) == ("rejected", "symlink outside ARTICLES_DIR")
    assert article["text"] is None
    assert "link.txt" not in opened and "secret.txt" not in opened


def test_files_that_are_not_articles_are_listed_as_skipped(tmp_path):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "notes.json", "{}")
    write(tmp_path, "photo.png", PNG_BYTES)
    result = read_articles(tmp_path)
    assert result.skipped_files == ["notes.json", "photo.png"]
    assert result.articles["article_id"].to_list() == ["a1"]


def test_quotes_and_sql_in_names_and_text_arrive_intact(tmp_path):
    hostile = "o'brien \"x\" '); drop table fct_meetings; --"
    write(tmp_path, f"{hostile}.txt", f"{ENGLISH}\n{hostile}")
    write(tmp_path, "lines.jsonl", json.dumps({"id": hostile + "!", "text": f"{FRENCH}\n{hostile}", "title": hostile}))
    result = read_articles(tmp_path)
    from_file = row(result, hostile)
    assert from_file["text"].endswith(hostile) and from_file["status"] == "loaded"
    from_line = row(result, hostile + "!")
    assert from_line["title"] == hostile and from_line["text"].endswith(hostile)


def test_empty_folder_gives_an_empty_frame_with_the_schema(tmp_path):
    result = read_articles(tmp_path)
    assert result.articles.schema == ARTICLES and result.articles.height == 0
    assert result.skipped_files == []


def test_detect_language_of_empty_text_is_und():
    assert detect_language("") == "und"
    assert detect_language("  12 345 ") == "und"


def test_read_articles_asks_the_detector_only_for_articles_without_a_given_language(tmp_path):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "a2.txt", FRENCH)
    write(tmp_path, "manifest.csv", "article_id,language\na1,en\n")
    asked = []

    def detector(text):
        asked.append(text)
        return "es"

    result = read_articles(tmp_path, detect=detector)
    assert asked == [row(result, "a2")["text"]]
    assert (row(result, "a2")["status"], row(result, "a2")["language"]) == ("unsupported_language", "es")
    assert row(result, "a2")["status_reason"] == "language es is not read by the pipeline"
    assert (row(result, "a1")["status"], row(result, "a1")["language"]) == ("loaded", "en")


def test_stored_detector_answers_like_detect_language_and_remembers_across_instances(tmp_path, monkeypatch):
    monkeypatch.setattr(language, "_STORED_IDENTIFIER", {})  # as in a new process
    folder = tmp_path / "cache" / "language"
    first = StoredDetector(folder)
    assert (first(ENGLISH), first(FRENCH), first("")) == ("en", "fr", "und")
    first.save()
    assert {path.name.split("-")[0] for path in folder.iterdir()} == {"answers", "identifier"}

    def no_model(*_):
        raise AssertionError("an answer kept in the folder must not run the model")

    monkeypatch.setattr(language, "detect_language", no_model)
    second = StoredDetector(folder)
    assert (second(ENGLISH), second(FRENCH), second("")) == ("en", "fr", "und")


def test_stored_detector_survives_damaged_files(tmp_path, monkeypatch):
    monkeypatch.setattr(language, "_STORED_IDENTIFIER", {})
    folder = tmp_path / "language"
    StoredDetector(folder)(ENGLISH)
    StoredDetector(folder).save()
    detector = StoredDetector(folder)
    detector(ENGLISH)
    detector.save()
    for path in folder.iterdir():
        path.write_bytes(b"\x00 not what it was")
    monkeypatch.setattr(language, "_STORED_IDENTIFIER", {})
    assert StoredDetector(folder)(FRENCH) == "fr"


json_lines = st.one_of(
    st.text(max_size=40).map(lambda text: text.replace("\n", " ")),
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.one_of(st.text(max_size=8), st.integers(), st.none(), st.booleans()),
            "text": st.one_of(st.text(max_size=60), st.none(), st.integers()),
            "published_date": st.text(max_size=12),
            "language": st.text(max_size=5),
        },
    ).map(json.dumps),
)


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=400), lines=st.lists(json_lines, max_size=8))
def test_random_input_never_raises_and_gives_one_row_per_input(tmp_path_factory, raw, lines):
    folder = tmp_path_factory.mktemp("fuzz")
    write(folder, "random.txt", raw)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    write(folder, "random.jsonl", data)
    articles = read_articles(folder).articles
    assert articles["article_id"].n_unique() == articles.height
    assert articles.filter(articles["source_file"] == "random.txt").height == 1
    from_jsonl = articles.filter(articles["source_file"].str.starts_with("random.jsonl"))
    non_blank = [line for line in data.split(b"\n") if line.decode("utf-8", "replace").strip()]
    whole_file_refused = from_jsonl.height == 1 and from_jsonl["source_file"][0] == "random.jsonl"
    assert whole_file_refused or from_jsonl.height == len(non_blank)
    assert set(articles["status"]) <= {"loaded", "repaired", "duplicate", "unsupported_language", "rejected"}
