"""Progress of long stages when not on a terminal: a few plain lines, the last one complete."""
from etl.progress import progress


def test_progress_prints_a_line_per_tenth_and_the_total(capsys):
    with progress(50, "spaCy: paragraphs") as advance:
        for _ in range(50):
            advance(1)
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines[-1] == "spaCy: paragraphs: 50/50"
    assert 5 <= len(lines) <= 11


def test_progress_of_nothing_prints_nothing(capsys):
    with progress(0, "empty") as advance:
        advance(1)
    assert capsys.readouterr().err == ""
