"""Where every benchmark writes its figures: benchmarks/results/latest.json, merged key by key."""
from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def merge_results(values: dict) -> None:
    """Add or replace these keys in latest.json, keeping the figures other benchmarks wrote."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    current = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    current.update(values)
    RESULTS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
