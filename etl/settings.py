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

    @property
    def cache_dir(self) -> Path:
        """Per-article NLP and extraction cache, keyed by content hash, beside the warehouse."""
        return self.warehouse_path.parent / ".cache"

    @property
    def report_dir(self) -> Path:
        return self.warehouse_path.parent / "report"

    @property
    def export_dir(self) -> Path:
        return self.warehouse_path.parent / "export"

    @classmethod
    def from_values(cls, articles_dir: str | None = None, warehouse_path: str | None = None) -> "Settings":
        """Settings from explicit values, falling back to the documented defaults."""
        return cls(
            articles_dir=Path(articles_dir or DEFAULT_ARTICLES_DIR).resolve(),
            warehouse_path=Path(warehouse_path or DEFAULT_WAREHOUSE_PATH).resolve(),
        )

    @classmethod
    def from_environment(cls) -> "Settings":
        """Settings from ARTICLES_DIR and WAREHOUSE_PATH (used by the command line only)."""
        return cls.from_values(os.environ.get("ARTICLES_DIR"), os.environ.get("WAREHOUSE_PATH"))
