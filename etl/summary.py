"""The short summary a run prints: what was read, refused, found and published."""
from __future__ import annotations

import polars as pl

from etl.schema import READABLE_STATUSES
from etl.terminal import printable


def run_summary(articles: pl.DataFrame, skipped_files: list[str], table_counts: dict[str, int],
                nlp_from_cache: int, facts_from_cache: int) -> dict:
    """Figures of one run as plain values."""
    status = articles.group_by("status").len().sort("status")
    refused = articles.filter(~pl.col("status").is_in(READABLE_STATUSES))
    repaired = articles.filter(pl.col("status") == "repaired")
    return {
        "articles": articles.height,
        "articles_by_status": dict(zip(status["status"].to_list(), status["len"].to_list())),
        "articles_read_from_cache": nlp_from_cache,
        "facts_read_from_cache": facts_from_cache,
        "refused": [{"article_id": r["article_id"], "status": r["status"], "reason": r["status_reason"]}
                    for r in refused.iter_rows(named=True)],
        "repaired": [{"article_id": r["article_id"], "reason": r["status_reason"]} for r in repaired.iter_rows(named=True)],
        "skipped_files": skipped_files,
        "meetings": table_counts.get("fct_meetings", 0),
        "attendees": table_counts.get("fct_meeting_attendees", 0),
        "agreements": table_counts.get("fct_agreements", 0),
        "persons": table_counts.get("dim_people", 0),
        "agencies": table_counts.get("dim_agencies", 0),
    }


def format_summary(summary: dict, warehouse_path: str) -> str:
    """The summary as lines of text for a terminal or a log; names and reasons from the input are escaped, so
    that none can steer the terminal or pass for a line of the summary."""
    by_status = summary["articles_by_status"]
    loaded = by_status.get("loaded", 0) + by_status.get("repaired", 0)
    lines = [
        f"Published {printable(warehouse_path)}",
        f"  articles    {summary['articles']} in input: {loaded} loaded"
        f" ({by_status.get('repaired', 0)} after repair), {summary['articles'] - loaded} not loaded",
        f"  cache       {summary['articles_read_from_cache']} of {loaded} articles read from the NLP cache,"
        f" {summary['facts_read_from_cache']} from the extraction cache",
        f"  meetings    {summary['meetings']}  (attendees {summary['attendees']})",
        f"  agreements  {summary['agreements']}",
        f"  persons     {summary['persons']}",
        f"  agencies    {summary['agencies']}",
    ]
    for row in summary["refused"]:
        lines.append(f"  not loaded  {printable(row['article_id'])}: {row['status']} — {printable(row['reason'])}")
    for row in summary["repaired"]:
        lines.append(f"  repaired    {printable(row['article_id'])}: {printable(row['reason'])}")
    for name in summary["skipped_files"]:
        lines.append(f"  skipped     {printable(name)} (not an article file)")
    return "\n".join(lines)
