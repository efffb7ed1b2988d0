"""Data-quality checks of a published warehouse, one SQL file each in `sql/checks/`.

Each query returns the rows that break its rule, so a check passes when it returns none.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl.load import SQL_DIR

CHECKS_DIR = SQL_DIR / "checks"


@dataclass(frozen=True)
class CheckOutcome:
    """How many rows broke a rule, with a few of them to show."""

    name: str
    violations: int
    sample: list[dict]

    @property
    def passed(self) -> bool:
        return self.violations == 0


def check_names() -> list[str]:
    """Names of the checks, from the SQL files."""
    return sorted(path.stem for path in CHECKS_DIR.glob("*.sql"))


def check_description(name: str) -> str:
    """The rule a check tests: the first comment line of its SQL file."""
    first = (CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("- ").strip()


def run_check(warehouse_path: Path, name: str, sample_size: int = 5) -> CheckOutcome:
    """Run one check against the published warehouse, read-only."""
    sql = (CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        frame = con.sql(sql).pl()
    return CheckOutcome(name, frame.height, frame.head(sample_size).to_dicts())
