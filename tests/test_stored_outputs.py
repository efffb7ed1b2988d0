"""Whole-run outputs kept as Parquet and JSON: per run, atomically, nothing executed from what is read."""
from __future__ import annotations

import os
import time

import polars as pl
import pytest

from dagster_project.defs.resources import from_stored, to_stored
from etl import stored_outputs
from etl.ingest import IngestResult


def frame(value: str) -> pl.DataFrame:
    return pl.DataFrame({"article_id": [value], "text": [f"Text of {value}."]})


def test_a_run_reads_its_own_version_and_another_run_the_newest(tmp_path):
    stored_outputs.write_output(tmp_path, "run-a", stored_outputs.Stored({"articles": frame("a")}, {"n": 1}))
    stored_outputs.write_output(tmp_path, "run-b", stored_outputs.Stored({"articles": frame("b")}, {"n": 2}))
    assert stored_outputs.read_output(tmp_path, "run-a").values == {"n": 1}
    assert stored_outputs.read_output(tmp_path, "run-b").frames["articles"].equals(frame("b"))
    assert stored_outputs.read_output(tmp_path, "run-c").values == {"n": 2}
    assert stored_outputs.read_output(tmp_path).values == {"n": 2}


def test_nothing_stored_is_a_clear_error(tmp_path):
    with pytest.raises(stored_outputs.OutputMissing, match="materialise"):
        stored_outputs.read_output(tmp_path / "articles", "run-a")


def test_a_half_written_version_is_never_read(tmp_path):
    stored_outputs.write_output(tmp_path, "run-a", stored_outputs.Stored({}, {"n": 1}))
    (tmp_path / ".run-b.x.building").mkdir()  # what a writer killed mid-way leaves
    (tmp_path / ".run-b.x.building" / "values.json").write_text("{broken", encoding="utf-8")
    assert stored_outputs.read_output(tmp_path, "run-b").values == {"n": 1}


def test_old_versions_go_but_recent_ones_of_other_runs_stay(tmp_path):
    stored_outputs.write_output(tmp_path, "old", stored_outputs.Stored({}, {"n": 1}))
    stored_outputs.write_output(tmp_path, "recent", stored_outputs.Stored({}, {"n": 2}))
    hours_ago = time.time() - 2 * stored_outputs.STALE_AFTER_SECONDS
    os.utime(tmp_path / "old", (hours_ago, hours_ago))
    stored_outputs.write_output(tmp_path, "new", stored_outputs.Stored({}, {"n": 3}))
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["new", "recent"]


def test_a_planted_pickle_is_never_loaded(tmp_path):
    stored_outputs.write_output(tmp_path, "run-a", stored_outputs.Stored({}, {"n": 1}))
    marker = tmp_path / "ran"
    payload = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."
    (tmp_path / "run-a" / "articles.pickle").write_bytes(payload)
    (tmp_path / "run-a" / "values.pickle").write_bytes(payload)
    assert stored_outputs.read_output(tmp_path, "run-a").values == {"n": 1}
    assert not marker.exists()


@pytest.mark.parametrize("output", [
    IngestResult(frame("a"), ["notes.pdf"]),
    {"fct_meetings": frame("m"), "dim_people": frame("p")},
    {"articles_by_status": {"loaded": 3}, "refused": []},
])
def test_asset_outputs_round_trip(tmp_path, output):
    stored_outputs.write_output(tmp_path, "run", to_stored(output))
    back = from_stored(stored_outputs.read_output(tmp_path, "run"))
    if isinstance(output, IngestResult):
        assert back.articles.equals(output.articles) and back.skipped_files == output.skipped_files
    elif isinstance(next(iter(output.values())), pl.DataFrame):
        assert list(back) == list(output) and all(back[name].equals(output[name]) for name in output)
    else:
        assert back == output
