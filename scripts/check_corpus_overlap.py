"""Report every run of six consecutive words shared between news articles and the files under etl/.

    python scripts/check_corpus_overlap.py seeds
    python scripts/check_corpus_overlap.py seeds ../shared/eval/dev/articles.jsonl ../shared/eval/dev2/

A source is a folder (its .txt and .md files, recursively, and its .jsonl files), a .txt/.md file, or a
.jsonl file of articles (one JSON object a line, the article in its "text" field). Words are compared as
in tests/test_no_corpus_text.py (lower-cased, accents folded), which this script imports its helpers
from, so both say the same thing. Runs inside an official name of agencies.jsonl, which that test
allows, are listed too but marked "(agency name)"; --strict-exit makes them count towards the exit code.
Exit code 1 when something is reported, 0 otherwise. Standard library only.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def load_checker():
    """tests/test_no_corpus_text.py as a module (tests/ is not a package: loaded from its path)."""
    path = PROJECT_ROOT / "tests" / "test_no_corpus_text.py"
    spec = importlib.util.spec_from_file_location("test_no_corpus_text", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def read_articles(source: Path) -> list[tuple[str, str]]:
    """(label, text) of every article of a source."""
    if source.is_dir():
        files = sorted(p for p in source.rglob("*") if p.is_file() and p.suffix in {".txt", ".md", ".jsonl"})
        return [article for path in files for article in read_articles(path)]
    if source.suffix == ".jsonl":
        articles = []
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                record = json.loads(line)
                articles.append((f"{source}:{record.get('id') or number}", record.get("text") or ""))
        return articles
    return [(str(source), source.read_text(encoding="utf-8", errors="replace"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", type=Path, help="folders of .txt/.md/.jsonl, or such files")
    parser.add_argument("--etl", type=Path, default=PROJECT_ROOT / "etl", help="the folder checked (default: etl/)")
    parser.add_argument("--strict-exit", action="store_true", help="runs inside agency names count towards exit 1")
    args = parser.parse_args(argv)
    checker = load_checker()

    articles = [article for source in args.sources for article in read_articles(source)]
    if not articles:
        parser.error("no articles in the sources given")
    where = defaultdict(set)  # run -> labels of the articles holding it
    for label, text in articles:
        for _, run in checker.runs_of(checker.normal_words(text)):
            where[run].add(label)
    allowed = checker.allowed_runs()

    files = checker.checked_files(args.etl)
    reported = exempt = 0
    for path in files:
        found = checker.copied_runs(path.read_text(encoding="utf-8", errors="replace"), path.suffix, set(where))
        if not found:
            continue
        shown = path.relative_to(PROJECT_ROOT) if path.is_relative_to(PROJECT_ROOT) else path
        print(f"{shown}")
        for line, run in found:
            is_name = run in allowed
            exempt += is_name
            reported += not is_name
            labels = sorted(where[run])
            more = f" +{len(labels) - 3} more" if len(labels) > 3 else ""
            mark = "  (agency name)" if is_name else ""
            print(f"  {line:>5}: {' '.join(run)}{mark}    [{', '.join(labels[:3])}{more}]")
    print(f"{len(articles)} articles, {len(files)} files checked: {reported} shared runs, "
          f"{exempt} more inside agency names", file=sys.stderr)
    return 1 if reported or (args.strict_exit and exempt) else 0


if __name__ == "__main__":
    sys.exit(main())
