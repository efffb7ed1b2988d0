"""Where the pipeline reads articles and publishes the warehouse."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES_DIR = PROJECT_ROOT / "seeds"
DEFAULT_WAREHOUSE_PATH = PROJECT_ROOT / "warehouse" / "warehouse.duckdb"


@dataclass(frozen=True)
class Settings:
    """Paths of one pipeline run."""

    articles_dir: Path
    warehouse_path: Path
    report_dir: Path
    export_dir: Path

    @property
    def cache_dir(self) -> Path:
        """Per-article NLP and extraction cache, keyed by content hash, beside the warehouse."""
        return self.warehouse_path.parent / ".cache"

    @classmethod
    def from_values(cls, articles_dir: str | None = None, warehouse_path: str | None = None,
                    report_dir: str | None = None, export_dir: str | None = None) -> "Settings":
        """Settings from explicit values, falling back to the documented defaults
        (`report/` and `export/` in the folder of the warehouse)."""
        warehouse = Path(warehouse_path or DEFAULT_WAREHOUSE_PATH).resolve()
        return cls(
            articles_dir=Path(articles_dir or DEFAULT_ARTICLES_DIR).resolve(),
            warehouse_path=warehouse,
            report_dir=Path(report_dir).resolve() if report_dir else warehouse.parent / "report",
            export_dir=Path(export_dir).resolve() if export_dir else warehouse.parent / "export",
        )

    @classmethod
    def resolve(cls, articles_dir: object = None, warehouse_path: object = None, report_dir: object = None,
                export_dir: object = None) -> "Settings":
        """Settings from explicit values where given, else ARTICLES_DIR, WAREHOUSE_PATH, REPORT_DIR and
        EXPORT_DIR, else the defaults. Read when a run starts, never at import."""
        given = {"ARTICLES_DIR": articles_dir, "WAREHOUSE_PATH": warehouse_path, "REPORT_DIR": report_dir,
                 "EXPORT_DIR": export_dir}
        return cls.from_values(*(str(value) if value else os.environ.get(name) for name, value in given.items()))
