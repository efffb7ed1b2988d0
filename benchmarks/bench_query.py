"""Reporting query at scale: `reporting.country_engagement` over a synthetic 1,000,000-meeting warehouse.

    python benchmarks/bench_query.py [--meetings 1000000] [--repeat 7] [--keep PATH]

The core tables are created from `sql/core/*.sql` in a temporary DuckDB file and filled directly
in SQL with generate_series (no pipeline run): 1M meetings over 2018-2025, about four attendees per
meeting (a person, one or two agencies, a country), 100k agreements with two parties each, 50k
persons, 5k agencies, every ISO country. The reporting views are then created from
`sql/reporting/*.sql` through `etl.load.read_sql_files`, exactly as `build_warehouse` does, and
`select * from reporting.country_engagement` (country x year) is run `--repeat` times, fully
materialised each time; the median is the figure.

Writes `country_year_query_median_seconds` into benchmarks/results/latest.json.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from etl import load, reference  # noqa: E402

from results_store import merge_results  # noqa: E402
QUERY = "select * from reporting.country_engagement"


def fill(connection: duckdb.DuckDBPyConnection, meetings: int) -> dict[str, int]:
    """The core tables, synthetic, in SQL. Deterministic: values derive from hash(i)."""
    countries = reference.countries().to_arrow()
    connection.register("countries_arrow", countries)
    connection.execute("insert into dim_countries select * from countries_arrow")
    connection.execute("create temp table iso as select row_number() over (order by iso2) - 1 as k, iso2 from dim_countries")
    n_iso = connection.execute("select count(*) from iso").fetchone()[0]
    agencies, people, agreements, articles = 5_000, 50_000, max(1, meetings // 10), max(1, meetings // 2)
    params = {"n_iso": n_iso, "agencies": agencies, "people": people, "meetings": meetings,
              "agreements": agreements, "articles": articles}
    statements = [
        # Agencies: 5% international (no country), the others spread over the countries.
        """insert into dim_agencies
           select 'ag_' || i, 'Agency ' || i, null, ['Agency ' || i],
                  case when i % 20 = 0 then 'international' else 'national' end,
                  case when i % 20 = 0 then null else (select iso2 from iso where k = i % $n_iso) end
           from generate_series(0, $agencies - 1) as t(i)""",
        """insert into dim_people
           select 'p_' || i, 'Person ' || i, ['Person ' || i], 'Director General', 'ag_' || (i % $agencies),
                  case when i % 7 = 0 then null else (select iso2 from iso where k = (i * 31) % $n_iso) end,
                  1 + i % 9
           from generate_series(0, $people - 1) as t(i)""",
        """insert into dim_articles
           select 'art_' || i, 'art_' || i || '.txt', md5(i::varchar), null, null, null,
                  date '2018-01-01' + cast(hash(i) % 2920 as integer), 'day', case when i % 5 < 3 then 'en' else 'fr' end,
                  'loaded', null
           from generate_series(0, $articles - 1) as t(i)""",
        # Meetings: 50% bilateral, 35% multilateral, 15% visits; 3% undated.
        """insert into fct_meetings
           select 'mtg_' || i,
                  case when i % 20 < 10 then 'bilateral' when i % 20 < 17 then 'multilateral' else 'visit' end,
                  'Meeting ' || i, null, null, 'ag_' || (hash(i) % $agencies), 'City ' || (i % 500),
                  (select iso2 from iso where k = hash(i + 1) % $n_iso),
                  case when i % 33 = 0 then null else date '2018-01-01' + cast(hash(i) % 2920 as integer) end,
                  null, case when i % 33 = 0 then 'unknown' else 'day' end, 'held', 1 + i % 3
           from generate_series(0, $meetings - 1) as t(i)""",
        """insert into fct_meeting_attendees
           select 'mtg_' || i, 'person', 'p_' || (hash(i) % $people), 'participant' from generate_series(0, $meetings - 1) as t(i)
           union all
           select 'mtg_' || i, 'agency', 'ag_' || (hash(i + 7) % $agencies), 'participant' from generate_series(0, $meetings - 1) as t(i)
           union all
           select 'mtg_' || i, 'agency', 'ag_' || (hash(i + 13) % $agencies), 'counterpart' from generate_series(0, $meetings - 1) as t(i) where i % 2 = 0
           union all
           select 'mtg_' || i, 'country', (select iso2 from iso where k = hash(i + 3) % $n_iso), 'counterpart'
           from generate_series(0, $meetings - 1) as t(i)""",
        """insert into fct_meeting_sources
           select 'mtg_' || i, 'art_' || (i % $articles), 'Evidence sentence of meeting ' || i
           from generate_series(0, $meetings - 1) as t(i)""",
        """insert into fct_agreements
           select 'agr_' || i, 'memorandum', 'Memorandum of understanding', 'mtg_' || (i * 10),
                  date '2018-01-01' + cast(hash(i + 5) % 2920 as integer), 'day', 1
           from generate_series(0, $agreements - 1) as t(i)""",
        """insert into fct_agreement_parties
           select 'agr_' || i, 'agency', 'ag_' || (hash(i) % $agencies) from generate_series(0, $agreements - 1) as t(i)
           union all
           select 'agr_' || i, 'country', (select iso2 from iso where k = hash(i + 2) % $n_iso)
           from generate_series(0, $agreements - 1) as t(i)""",
    ]
    for statement in statements:
        for name, value in params.items():
            statement = statement.replace(f"${name}", str(value))
        connection.execute(statement)
    return {table: connection.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("fct_meetings", "fct_meeting_attendees", "fct_agreements", "dim_people", "dim_agencies")}



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="write the warehouse here and keep it")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="secmeet-query-"))
    path = args.keep or folder / "warehouse.duckdb"
    path.unlink(missing_ok=True)
    connection = duckdb.connect(str(path))
    started = time.perf_counter()
    for _name, ddl in load.read_sql_files(load.SQL_DIR / "core"):
        connection.execute(ddl)
    counts = fill(connection, args.meetings)
    connection.execute("create schema reporting")
    for _name, view_sql in load.read_sql_files(load.SQL_DIR / "reporting"):
        connection.execute(view_sql)
    connection.execute("checkpoint")
    connection.close()
    build_seconds = time.perf_counter() - started
    print(f"built {path} in {build_seconds:.1f}s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    # A fresh read-only connection, as a BI tool would open the published file.
    connection = duckdb.connect(str(path), read_only=True)
    timings, rows = [], 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        rows = len(connection.execute(QUERY).fetchall())
        timings.append(time.perf_counter() - started)
    connection.close()
    median = statistics.median(timings)
    print(f"{QUERY}: {rows:,} rows; runs " + ", ".join(f"{t:.3f}" for t in timings) + " s")
    print(f"{'meetings':>10} {'attendees':>10} {'result rows':>12} {'min s':>8} {'median s':>9} {'max s':>8}")
    print(f"{counts['fct_meetings']:>10,} {counts['fct_meeting_attendees']:>10,} {rows:>12,} {min(timings):>8.3f} "
          f"{median:>9.3f} {max(timings):>8.3f}")
    merge_results({"country_year_query_median_seconds": round(median, 4),
                   "country_year_query_meetings": counts["fct_meetings"],
                   "country_year_query_runs_seconds": [round(t, 4) for t in timings]})
    if args.keep is None:
        path.unlink(missing_ok=True)
        folder.rmdir()


if __name__ == "__main__":
    main()
