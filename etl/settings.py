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

    def __post_init__(self) -> None:
        """Refuse folders that would be lost: the report and the export are each replaced as a whole when
        published (`etl.publish`), so neither may hold the other, the warehouse or the articles."""
        folders = {"REPORT_DIR": self.report_dir, "EXPORT_DIR": self.export_dir}
        if _holds(self.report_dir, self.export_dir) or _holds(self.export_dir, self.report_dir):
            raise ValueError(f"REPORT_DIR ({self.report_dir}) and EXPORT_DIR ({self.export_dir}) must be separate "
                             "folders: each is replaced as a whole when it is published")
        for name, folder in folders.items():
            for what, path in (("the warehouse", self.warehouse_path.parent), ("the articles", self.articles_dir)):
                if _holds(folder, path):
                    raise ValueError(f"{name} ({folder}) holds {what} ({path}): it must be a folder of its own, "
                                     "as it is replaced as a whole when it is published")

    @property
    def cache_dir(self) -> Path:
        """Per-article NLP and extraction cache, keyed by content hash, beside the warehouse."""
        return self.warehouse_path.parent / ".cache"

    @property
    def state_dir(self) -> Path:
        """What runs of this warehouse keep between steps and runs (per-shard outputs, whole-run outputs):
        one folder per warehouse file, so two warehouses beside each other never read each other's."""
        return self.cache_dir / "state" / self.warehouse_path.name

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


def _holds(folder: Path, path: Path) -> bool:
    """Whether path is folder or lies inside it."""
    return folder == path or folder in path.parents
