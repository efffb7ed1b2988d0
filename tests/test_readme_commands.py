"""The README's shell commands run as printed, in a copy of the project (its venv shared, its files apart).

Each ```bash block runs as one script from the copy's root. `/path/to/…` placeholders name folders of the
test; a `# or:` alternative runs too. `make test` would run this suite inside itself and is only checked
as a target (`make -n`). The copy's Python imports its own sources (PYTHONPATH), so nothing is written to
the project's own warehouse or Dagster home.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from etl.settings import PROJECT_ROOT
from tests.test_dagster import write_articles

README = PROJECT_ROOT / "README.md"
VENV = Path(sys.prefix)  # the venv running the suite: .venv, or .venv-3.13 in CI's second pass
DRY_RUN = {"make test"}  # run by CI itself; here only checked to be a target


def bash_blocks() -> list[str]:
    return [textwrap.dedent(block) for block in re.findall(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"),
                                                           flags=re.S)]


def runnable(block: str, articles: Path, out: Path) -> str:
    """The block as a script: placeholders named, `# or:` alternatives uncommented, comments dropped."""
    lines = []
    for line in block.replace("/path/to/articles", str(articles)).replace("/path/to/out.duckdb", str(out)).splitlines():
        line = re.sub(r"^# or: ", "", line)
        command = re.sub(r"\s+#.*$", "", line).strip()
        if not command or command.startswith("#"):
            continue
        lines.append(f"make -n {command[5:]} >/dev/null" if command in DRY_RUN else command)
    return "set -euo pipefail\n" + "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """The project's files (tracked or new, not ignored), the venv linked, the venv's stamp newer than pyproject.toml."""
    if not (VENV / ".installed").exists():
        pytest.skip("the project's venv is not installed (make test creates it)")
    root = tmp_path_factory.mktemp("clone") / "project"
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(VENV)
    stamp = (VENV / ".installed").stat().st_mtime
    os.utime(root / "pyproject.toml", (stamp - 60, stamp - 60))
    return root


def run_block(block: str, root: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    articles = write_articles(tmp_path / "articles")
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("ARTICLES_DIR", "WAREHOUSE_PATH", "DAGSTER_HOME", "REPORT_DIR", "EXPORT_DIR")}
    environment["PYTHONPATH"] = str(root)
    script = runnable(block, articles, tmp_path / "out" / "out.duckdb")
    return subprocess.run(["bash", "-c", script], cwd=root, env=environment, capture_output=True, text=True,
                          timeout=900)


def test_the_readme_has_the_blocks_this_test_runs():
    blocks = bash_blocks()
    assert any("make run" in block for block in blocks)
    assert any("dagster asset materialize" in block for block in blocks)


@pytest.mark.parametrize("index", range(len(bash_blocks())))
def test_each_readme_shell_block_runs_as_printed(index, project_copy, tmp_path):
    block = bash_blocks()[index]
    finished = run_block(block, project_copy, tmp_path)
    assert finished.returncode == 0, f"{block}\n--- stdout\n{finished.stdout[-3000:]}\n--- stderr\n{finished.stderr[-3000:]}"
    if "ARTICLES_DIR=" in block:
        with duckdb.connect(str(tmp_path / "out" / "out.duckdb"), read_only=True) as connection:
            assert connection.execute("select count(*) from reporting.articles").fetchone()[0] > 0
    elif "make run" in block:
        with duckdb.connect(str(project_copy / "warehouse" / "warehouse.duckdb"), read_only=True) as connection:
            assert connection.execute("select count(*) from reporting.meetings").fetchone()[0] > 0
    if "dagster asset materialize" in block:
        with duckdb.connect(str(project_copy / "warehouse" / "warehouse.duckdb"), read_only=True) as connection:
            assert connection.execute("select count(*) from reporting.articles").fetchone()[0] > 0
