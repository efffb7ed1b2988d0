"""Faults on the input side (issue 14): one input never stops the run, ids do not move when files arrive,
names from the input never steer the terminal, implausible dates stay out of the warehouse, and JSONL and
manifest files in the odd encodings, line ends and delimiters that tools produce are read.

Every input here is written by the test; the article texts are invented.
"""
from __future__ import annotations

import codecs
import json
import os
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import ingest
from etl.ingest import MAX_FOLDER_DEPTH, read_articles
from etl.ingest_watch import folder_fingerprint
from etl.progress import progress
from etl.summary import format_summary, run_summary
from etl.terminal import printable

ENGLISH = (
    "The Commissioner of the Harbour Police of Veldmark received the Chief Constable of Ostria in Ravensport "
    "on Monday for talks on joint patrols.\n"
)
ENGLISH_2 = (
    "The Inspector General of the Lakeland Gendarmerie visited the border training school of Norvania on "
    "Thursday with a delegation of twelve officers.\n"
)
ENGLISH_3 = (
    "Police chiefs of four coastal states met in Port Amberly to plan a shared radio network for their "
    "maritime units.\n"
)
FRENCH = (
    "Le directeur de la police des frontières de Valmorie a reçu jeudi à Brissac son homologue de Ternelande "
    "pour des entretiens sur la formation des agents.\n"
)
NOT_UTF8 = b"\xff"  # a byte that never occurs in UTF-8


def write(folder: Path, name: str | bytes, content: str | bytes) -> Path:
    """Writes text (UTF-8) or bytes to a file of the folder; a bytes name is used as it is (may be any bytes)."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def rows(folder: Path) -> dict[str, dict]:
    """The articles of a folder by article_id (asserting the ids are unique)."""
    articles = read_articles(folder).articles
    assert articles["article_id"].n_unique() == articles.height
    return {row["article_id"]: row for row in articles.to_dicts()}


def status(row: dict) -> tuple[str, str | None]:
    return row["status"], row["status_reason"]


def make_nested_folders(top: Path, depth: int, name: str = "d") -> None:
    """`depth` folders, each inside the last, under top, made through directory descriptors so that neither
    the path length nor Python's recursion limit is in the way."""
    descriptor = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=descriptor)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
    finally:
        os.close(descriptor)


def remove_tree(top: Path) -> None:
    """Removes a folder tree of any depth without recursion (shutil.rmtree recurses, so it fails on the
    deep tree, and so would pytest's own clean-up of old temporary folders)."""
    if not top.exists():
        return
    opened = [(os.open(top, os.O_RDONLY | os.O_DIRECTORY), "")]
    while opened:
        descriptor, _name = opened[-1]
        inner = None
        for entry in os.scandir(descriptor):
            if entry.is_dir(follow_symlinks=False):
                inner = entry.name
                break
            os.unlink(entry.name, dir_fd=descriptor)
        if inner is not None:
            opened.append((os.open(inner, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptor), inner))
            continue
        descriptor, name = opened.pop()
        os.close(descriptor)
        if opened:
            os.rmdir(name, dir_fd=opened[-1][0])
    os.rmdir(top)


@pytest.fixture
def deep_tree(tmp_path):
    """A folder that the test fills with a very deep tree, removed afterwards without recursion."""
    folder = tmp_path / "deep"
    folder.mkdir()
    yield folder
    remove_tree(folder)


# ---------------------------------------------------------------- 1. one input never stops the run


def test_a_file_name_that_is_not_utf8_is_rejected_under_an_escaped_id(tmp_path):
    write(tmp_path, "good.txt", ENGLISH)
    write(tmp_path, b"caf" + NOT_UTF8 + b" talks.txt", ENGLISH_2)
    write(tmp_path, b"lines" + NOT_UTF8 + b".jsonl", json.dumps({"id": "j1", "text": ENGLISH_3}))
    found = rows(tmp_path)
    assert status(found["good"]) == ("loaded", None)
    document = found["caf\\xff talks"]
    assert status(document) == ("rejected", "file name is not valid UTF-8")
    assert document["source_file"] == "caf\\xff talks.txt"
    assert status(found["lines\\xff.jsonl"]) == ("rejected", "file name is not valid UTF-8")
    assert "j1" not in found  # the file was not opened


def test_a_folder_name_that_is_not_utf8_rejects_its_files_and_skipped_files_are_escaped(tmp_path):
    write(tmp_path, "good.txt", ENGLISH)
    write(tmp_path, b"dossier" + NOT_UTF8 + b"/inside.txt", ENGLISH_2)
    write(tmp_path, b"scan" + NOT_UTF8 + b".pdf", b"%PDF-1.4 invented")
    result = read_articles(tmp_path)
    found = {row["article_id"]: row for row in result.articles.to_dicts()}
    assert status(found["dossier\\xff/inside.txt"]) == ("rejected", "folder name is not valid UTF-8")
    assert result.skipped_files == ["scan\\xff.pdf"]
    # What the run stores and prints of them encodes (the run used to fail here with "surrogates not allowed").
    summary = run_summary(result.articles, result.skipped_files, {}, 0, 0)
    json.dumps(summary, ensure_ascii=False).encode("utf-8")
    assert "scan\\xff.pdf" in format_summary(summary, "out.duckdb")


def test_eleven_hundred_nested_folders_give_one_row_and_the_rest_is_read(tmp_path, deep_tree):
    write(deep_tree, "top.txt", ENGLISH)
    make_nested_folders(deep_tree, 1100)
    write(deep_tree / "d" / "d" / "d", "shallow.txt", ENGLISH_2)
    found = rows(deep_tree)
    assert status(found["top"]) == ("loaded", None)
    assert status(found["d/d/d/shallow.txt"]) == ("loaded", None)
    too_deep = "d/" * (MAX_FOLDER_DEPTH + 1)
    assert set(found) == {"top", "d/d/d/shallow.txt", too_deep}
    assert status(found[too_deep]) == (
        "rejected", f"folder nested more than {MAX_FOLDER_DEPTH} levels deep: not read")
    assert len(folder_fingerprint(deep_tree)) == 32  # the sensor's walk does not recurse either


def test_folders_too_long_to_open_are_recorded_and_the_rest_is_read(tmp_path):
    write(tmp_path, "top.txt", ENGLISH)
    name = "n" * 250
    make_nested_folders(tmp_path, 30, name)  # about 7,500 characters: past PATH_MAX (4,096) half-way down
    # An article in each folder, written through a descriptor where the path is too long to name.
    descriptor = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    for level in range(30):
        inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptor)
        os.close(descriptor)
        descriptor = inner
        handle = os.open(f"level{level:02}.txt", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=descriptor)
        os.write(handle, (ENGLISH_2 + f"Item {level}.\n").encode())
        os.close(handle)
    os.close(descriptor)
    found = rows(tmp_path)
    assert status(found["top"]) == ("loaded", None)
    loaded = [article_id for article_id, row in found.items() if row["status"] == "loaded"]
    refused = {article_id: row["status_reason"] for article_id, row in found.items() if row["status"] != "loaded"}
    assert len(loaded) > 5, "the folders that can be opened are read"
    assert refused and set(refused.values()) <= {"folder not read: File name too long",
                                                 "unreadable file: File name too long"}
    assert any(reason.startswith("folder not read") for reason in refused.values())


def test_a_folder_that_cannot_be_listed_is_recorded(tmp_path, monkeypatch):
    write(tmp_path, "top.txt", ENGLISH)
    locked = tmp_path / "locked"
    write(locked, "inside.txt", ENGLISH_2)
    real_scandir = os.scandir

    def refusing_scandir(path=".", *args):
        # Simulated (root lists any folder whatever its mode).
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(ingest.os, "scandir", refusing_scandir)
    found = rows(tmp_path)
    assert status(found["top"]) == ("loaded", None)
    assert status(found["locked/"]) == ("rejected", "folder not read: Permission denied")


def test_a_malformed_marked_section_in_html_does_not_stop_the_run(tmp_path):
    page = ("<!DOCTYPE html><html><head><title>Harbour talks</title></head><body><p>" + ENGLISH
            + "</p><![foo[ broken ]]><p>" + ENGLISH_2 + "</p></body></html>")
    write(tmp_path, "page.txt", page)
    write(tmp_path, "after.txt", ENGLISH_3)
    found = rows(tmp_path)
    assert status(found["page"]) == ("repaired", "HTML reduced to text")
    assert "Ravensport" in found["page"]["text"] and "Norvania" in found["page"]["text"]
    assert status(found["after"]) == ("loaded", None)


def test_a_lone_surrogate_in_an_html_title_inside_json_is_stored(tmp_path):
    page = "<html><head><title>Talks MARK in Ravensport</title></head><body><p>" + ENGLISH + "</p></body></html>"
    # A JSON escape of a lone surrogate, which json.loads accepts and UTF-8 cannot hold.
    write(tmp_path, "batch.jsonl", json.dumps({"id": "h1", "text": page}).replace("MARK", "\\ud800"))
    article = rows(tmp_path)["h1"]
    assert article["status"] == "repaired"
    assert article["title"] == "Talks ? in Ravensport"


def test_a_line_that_fails_unexpectedly_is_rejected_and_the_file_goes_on(tmp_path, monkeypatch):
    lines = [{"id": "a1", "text": ENGLISH}, {"id": "a2", "text": ENGLISH_2}, {"id": "a3", "text": ENGLISH_3}]
    write(tmp_path, "batch.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    real_article = ingest._jsonl_article

    def failing_on_a2(text, number, article_id, *args):
        if article_id == "a2":
            raise RuntimeError("simulated fault")
        return real_article(text, number, article_id, *args)

    monkeypatch.setattr(ingest, "_jsonl_article", failing_on_a2)
    found = rows(tmp_path)
    assert status(found["a1"]) == ("loaded", None) and status(found["a3"]) == ("loaded", None)
    assert status(found["batch.jsonl:2"]) == ("rejected", "could not be read: unexpected RuntimeError (simulated fault)")


# ---------------------------------------------------------------- 2. ids that do not move


def test_files_arriving_in_subfolders_rename_no_existing_article(tmp_path):
    write(tmp_path, "talks.txt", ENGLISH)
    write(tmp_path, "visit.md", ENGLISH_2)
    write(tmp_path / "2024", "notes.txt", ENGLISH_3)
    before = rows(tmp_path)
    assert set(before) == {"talks", "visit", "2024/notes.txt"}
    # Namesakes of every existing file arrive in subfolders, and a JSONL line claims an existing id.
    write(tmp_path / "wire", "talks.txt", FRENCH)
    write(tmp_path / "wire", "visit.txt", ENGLISH_3 + "Another report.\n")
    write(tmp_path / "2025", "notes.txt", ENGLISH + "A later note.\n")
    write(tmp_path, "feed.jsonl", json.dumps({"id": "talks", "text": ENGLISH_3 + "From the feed.\n"}))
    after = rows(tmp_path)
    for article_id, row in before.items():
        assert after[article_id]["source_file"] == row["source_file"]
        assert after[article_id]["text"] == row["text"]
    assert after["wire/talks.txt"]["language"] == "fr"
    assert {"wire/visit.txt", "2025/notes.txt"} <= set(after)
    assert status(after["feed.jsonl:1"]) == ("rejected", "duplicate id talks (first in talks.txt)")


def test_a_nested_article_id_is_its_path_whatever_else_the_folder_holds(tmp_path):
    write(tmp_path / "a", "story.txt", ENGLISH)
    alone = set(rows(tmp_path))
    write(tmp_path / "b", "story.txt", ENGLISH_2)
    write(tmp_path, "story.txt", ENGLISH_3)
    write(tmp_path / "a", "story.md", FRENCH)
    assert alone == {"a/story.txt"}
    assert set(rows(tmp_path)) == {"a/story.txt", "b/story.txt", "story", "a/story.md"}


file_paths = st.lists(
    st.tuples(st.lists(st.sampled_from(["a", "b", "talks"]), max_size=2), st.sampled_from(["talks", "visit", "a"]),
              st.sampled_from([".txt", ".md"])).map(lambda parts: "/".join([*parts[0], parts[1] + parts[2]])),
    min_size=1, max_size=6, unique=True)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(existing=file_paths, arriving=file_paths)
def test_no_arriving_file_changes_the_id_of_an_existing_one(tmp_path_factory, existing, arriving):
    folder = tmp_path_factory.mktemp("arrivals")
    for number, relative in enumerate(existing):
        write(folder, relative, ENGLISH + f"Existing {number}.\n")
    before = {row["source_file"]: article_id for article_id, row in rows(folder).items()}
    for number, relative in enumerate(arriving):
        if relative not in existing:  # (folder names never end in .txt or .md, so no path is both)
            write(folder, relative, ENGLISH_2 + f"Arriving {number}.\n")
    after = {row["source_file"]: article_id for article_id, row in rows(folder).items()}
    top_level = [Path(path) for path in after if "/" not in path]
    for source_file, article_id in before.items():
        # The one exception the contract makes: a top-level file that comes to share its stem takes its name.
        shares_a_stem = "/" not in source_file and sum(path.stem == Path(source_file).stem for path in top_level) > 1
        assert after[source_file] == (source_file if shares_a_stem else article_id), source_file


def test_manifest_rows_describe_top_level_files_by_stem_and_nested_ones_by_path(tmp_path):
    write(tmp_path, "talks.txt", ENGLISH)
    write(tmp_path / "wire", "talks.txt", ENGLISH_2)
    write(tmp_path / "wire", "visit.txt", ENGLISH_3)
    write(tmp_path, "manifest.csv", "article_id,outlet\ntalks,Top Outlet\nwire/visit,Wire Outlet\n")
    found = rows(tmp_path)
    assert found["talks"]["outlet"] == "Top Outlet"
    assert found["wire/talks.txt"]["outlet"] is None  # the row for the top-level file is not its namesake's
    assert found["wire/visit.txt"]["outlet"] == "Wire Outlet"
    assert all(row["status"] == "loaded" for row in found.values())


def test_the_seeds_keep_their_ids_and_manifest_metadata():
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    found = rows(seeds)
    stems = {path.stem for path in seeds.glob("*.txt")}
    assert set(found) == stems
    assert all(row["status"] == "loaded" and row["published_date"] is not None for row in found.values())


# ---------------------------------------------------------------- 3. names printed safely


@pytest.mark.parametrize(("raw", "shown"), [
    ("plain name-1.txt", "plain name-1.txt"),
    ("Sûreté nationale — 北京 🚓", "Sûreté nationale — 北京 🚓"),
    ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # sets the terminal's title
    ("\x1b[2J\x1b[H", "\\x1b[2J\\x1b[H"),  # clears the screen
    ("\x9b31m", "\\x9b31m"),  # C1 CSI
    ("a\x7fb\x00c", "a\\x7fb\\x00c"),
    ("one\ntwo\rthree\tfour", "one\\ntwo\\rthree\\tfour"),
    ("txt.\u202eexe", "txt.\\u202eexe"),  # right-to-left override
    ("\u2066isolate\u2069\u200b\ufeff", "\\u2066isolate\\u2069\\u200b\\ufeff"),
    ("line\u2028break", "line\\u2028break"),
    ("caf\udce9", "caf\\xe9"),  # a byte of a file name that is not UTF-8
])
def test_printable_escapes_what_a_terminal_would_act_on(raw, shown):
    assert printable(raw) == shown
    assert printable(shown) == shown


def test_the_run_summary_prints_crafted_ids_escaped_on_one_line_each(tmp_path):
    crafted = ["\x1b]0;owned\x07", "x\n  not loaded  forged: rejected — fake", "\u202etxt.exe"]
    write(tmp_path, "crafted.jsonl", "\n".join(json.dumps({"id": article_id, "text": ""}) for article_id in crafted))
    write(tmp_path, "\x1b[2Jclear.pdf", b"%PDF-1.4 invented")
    result = read_articles(tmp_path)
    assert set(result.articles["article_id"]) == set(crafted)  # stored as given
    text = format_summary(run_summary(result.articles, result.skipped_files, {}, 0, 0), "out\x1b.duckdb")
    assert not any(char in text for char in "\x1b\x07\r\u202e")
    assert not any(line.startswith("  not loaded  forged") for line in text.splitlines())
    listed = [line for line in text.splitlines() if line.startswith("  not loaded")]
    assert len(listed) == 3
    assert "  not loaded  \\x1b]0;owned\\x07: rejected — line 1 has no text" in listed
    assert "  skipped     \\x1b[2Jclear.pdf (not an article file)" in text.splitlines()
    assert text.splitlines()[0] == "Published out\\x1b.duckdb"


def test_progress_lines_escape_the_description(capsys):
    with progress(2, "reading \x1b[2J\u202ename") as advance:
        advance(2)
    assert capsys.readouterr().err == "reading \\x1b[2J\\u202ename: 2/2\n"


# ---------------------------------------------------------------- 4. implausible publication dates


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "3000"])
def test_an_implausible_published_date_is_said_and_kept_out(tmp_path, value):
    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "batch.jsonl", json.dumps({"id": "j1", "text": ENGLISH_2, "published_date": value}))
    write(tmp_path, "manifest.csv", f"article_id,published_date\na1,{value}\n")
    found = rows(tmp_path)
    for article in (found["a1"], found["j1"]):
        assert article["status"] == "loaded"
        assert (article["published_date"], article["published_date_precision"]) == (None, "unknown")
        assert article["status_reason"] == (
            f"implausible published_date '{value}' (before 1900 or more than a year ahead): ignored")


def test_plausible_dates_at_the_edges_are_kept(tmp_path):
    soon = date.today() + timedelta(days=200)
    write(tmp_path, "old.txt", ENGLISH)
    write(tmp_path, "soon.txt", ENGLISH_2)
    write(tmp_path, "manifest.csv", f"article_id,published_date\nold,1900-01-01\nsoon,{soon.isoformat()}\n")
    found = rows(tmp_path)
    assert (found["old"]["published_date"], found["old"]["status_reason"]) == (date(1900, 1, 1), None)
    assert (found["soon"]["published_date"], found["soon"]["status_reason"]) == (soon, None)


def test_implausible_dates_do_not_stretch_the_date_dimension(tmp_path):
    from etl.resolve import date_dimension

    write(tmp_path, "a1.txt", ENGLISH)
    write(tmp_path, "a2.txt", ENGLISH_2)
    write(tmp_path, "manifest.csv", "article_id,published_date\na1,0001-01-01\na2,9999-12-31\n")
    articles = read_articles(tmp_path).articles
    no_dates = pl.DataFrame(schema={"start_date": pl.Date, "end_date": pl.Date, "signed_date": pl.Date})
    tables = {"fct_meetings": no_dates, "fct_agreements": no_dates, "dim_articles": articles}
    assert date_dimension(tables).height == 0


# ---------------------------------------------------------------- 5. encodings, line ends, delimiters


@pytest.mark.parametrize("bom, encoding", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_a_utf16_jsonl_is_read_like_a_utf16_txt(tmp_path, bom, encoding):
    lines = [json.dumps({"id": "u1", "text": FRENCH}, ensure_ascii=False), json.dumps({"id": "u2", "text": ENGLISH})]
    write(tmp_path, "batch.jsonl", bom + "\r\n".join(lines).encode(encoding))
    write(tmp_path, "single.txt", bom + ENGLISH_3.encode(encoding))
    found = rows(tmp_path)
    assert status(found["single"]) == ("repaired", "decoded as UTF-16")
    assert status(found["u1"]) == ("repaired", "decoded as UTF-16")
    assert found["u1"]["text"] == FRENCH.strip() and found["u1"]["source_file"] == "batch.jsonl:1"
    assert status(found["u2"]) == ("repaired", "decoded as UTF-16")


def test_cr_only_line_ends_in_jsonl_end_lines(tmp_path):
    lines = [json.dumps({"id": "c1", "text": ENGLISH}), "{broken", json.dumps({"id": "c3", "text": ENGLISH_2}),
             json.dumps({"id": "c4", "text": ENGLISH_3})]
    write(tmp_path, "mac.jsonl", "\r".join(lines) + "\r")
    found = rows(tmp_path)
    assert set(found) == {"c1", "mac.jsonl:2", "c3", "c4"}
    assert status(found["mac.jsonl:2"]) == ("rejected", "malformed JSON on line 2")
    assert found["c4"]["source_file"] == "mac.jsonl:4" and found["c4"]["status"] == "loaded"


def test_crlf_jsonl_and_a_cr_inside_a_record_read_as_before(tmp_path):
    write(tmp_path, "windows.jsonl", json.dumps({"id": "w1", "text": ENGLISH}) + "\r\n"
          + json.dumps({"id": "w2", "text": ENGLISH_2}) + "\r\n")
    # JSON allows a CR as whitespace between tokens; in a file of \n line ends it does not end the line.
    write(tmp_path, "spaced.jsonl", '{"id": "s1",\r "text": ' + json.dumps(ENGLISH_3) + "}\n")
    found = rows(tmp_path)
    assert {article_id: row["status"] for article_id, row in found.items()} == {
        "w1": "loaded", "w2": "loaded", "s1": "loaded"}
    assert found["w2"]["source_file"] == "windows.jsonl:2"


def test_an_unterminated_quote_in_the_manifest_costs_only_its_line(tmp_path):
    for name, text in (("m1", ENGLISH), ("m2", ENGLISH_2), ("m3", ENGLISH_3), ("m4", FRENCH)):
        write(tmp_path, f"{name}.txt", text)
    write(tmp_path, "manifest.csv", (
        "article_id,title,outlet,published_date\n"
        "m1,Harbour talks,Coast Daily,2024-03-05\n"
        'm2,"Border school visit,Lake Herald,2024-04-06\n'
        "m3,Radio network,Port Gazette,2024-05-07\n"
        'm4,"Rencontre à Brissac",Le Courrier,2024-06-08\n'))
    found = rows(tmp_path)
    assert (found["m1"]["outlet"], found["m3"]["outlet"], found["m4"]["outlet"]) == (
        "Coast Daily", "Port Gazette", "Le Courrier")
    assert found["m4"]["title"] == "Rencontre à Brissac"
    assert found["m2"]["outlet"] is None and found["m2"]["status"] == "loaded"
    assert status(found["manifest.csv:3"]) == ("rejected", "manifest line 3 not read: unterminated quote")


def test_a_quoted_value_over_two_lines_is_still_one_manifest_row(tmp_path):
    write(tmp_path, "m1.txt", ENGLISH)
    write(tmp_path, "m2.txt", ENGLISH_2)
    write(tmp_path, "manifest.csv", 'article_id,title,outlet\nm1,"Harbour\ntalks",Coast Daily\nm2,Visit,Lake Herald\n')
    found = rows(tmp_path)
    assert (found["m1"]["title"], found["m1"]["outlet"]) == ("Harbour\ntalks", "Coast Daily")
    assert found["m2"]["outlet"] == "Lake Herald"
    assert set(found) == {"m1", "m2"}


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_semicolon_or_tab_separated_manifest_is_read(tmp_path, delimiter):
    write(tmp_path, "m1.txt", ENGLISH)
    write(tmp_path, "m2.txt", FRENCH)
    header = delimiter.join(["article_id", "url", "title", "outlet", "published_date", "language"])
    first = delimiter.join(["m1", "https://example.org/m1", "Harbour talks, day one", "Coast Daily", "2024-03", "en"])
    second = delimiter.join(["m2", "", "Rencontre", "Le Courrier", "2024-06-08", "fr"])
    write(tmp_path, "manifest.csv", "\n".join([header, first, second]) + "\n")
    found = rows(tmp_path)
    assert (found["m1"]["title"], found["m1"]["outlet"], found["m1"]["published_date"]) == (
        "Harbour talks, day one", "Coast Daily", date(2024, 3, 1))
    assert (found["m2"]["outlet"], found["m2"]["language"]) == ("Le Courrier", "fr")
    assert set(found) == {"m1", "m2"}
