"""End-to-end throughput benchmark: raw spaCy against the whole pipeline, full and incremental.

    python benchmarks/run_bench.py [--n N] [--workdir DIR] [--keep] [--seed S] [--skip-raw] [--skip-limit]

1. Generates a synthetic corpus of N articles (benchmarks/generate_corpus.py) in the work dir.
2. Raw spaCy: both models loaded with their full default pipelines, `nlp.pipe(texts)` (default
   batch size) over the same article texts the pipeline reads, by language; only the pipe is timed.
   This is the user's baseline (`ratio`).
3. The limit: spaCy running only the pipeline's own components over the same texts (entity pass over
   the story paragraphs, parse of the sentences the prefilter keeps) in one process, divided by the
   cores: what perfect use of the machine would give (`pipeline_to_limit`).
4. The pipeline on a cold cache: one Dagster run, as `secmeet run` makes it, of ingest -> annotate ->
   extract -> resolve -> build_warehouse and the warehouse's checks, each step timed from the run's
   events, in a subprocess so that its peak RSS is its own. The HTML report and the Parquet export
   follow in a second run, timed apart (they are not part of "ingest to published warehouse").
5. 1% more articles appended, the pipeline run again on the warm cache: the incremental run; then
   one more article, run again and timed end to end (a new interpreter, imports included).

Prints a table and merges the figures into benchmarks/results/latest.json.
"""
from __future__ import annotations

import argparse
import json
import os
import resource as resource_usage
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "latest.json"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

STAGES = ("ingest", "annotate", "extract", "resolve", "build_warehouse", "checks", "dagster_overhead")
# Dagster steps and the stage each one times (the asset checks' steps are "checks").
STEP_STAGES = {"articles": "ingest", "article_annotations": "annotate", "article_facts": "extract",
               "core_tables": "resolve", "warehouse_file": "build_warehouse"}
# Ingest to published warehouse (with its checks): what the throughput and incremental figures cover.
LOAD_SELECTION = ["articles", "article_annotations", "article_facts", "core_tables", "warehouse_file"]


def max_rss_mb(who: int) -> float:
    """Peak resident set size in MB (ru_maxrss is in KB on Linux, bytes on macOS)."""
    value = resource_usage.getrusage(who).ru_maxrss
    return value / (1024 * 1024) if sys.platform == "darwin" else value / 1024


# ------------------------------------------------------------------------------ workers (subprocesses)

def raw_spacy_worker(texts_file: Path, out_file: Path) -> None:
    """Full default spaCy pipelines over the texts by language; times only nlp.pipe."""
    import spacy

    from etl.nlp import MODELS

    data = json.loads(texts_file.read_text(encoding="utf-8"))
    result = {"pipe_seconds": 0.0, "load_seconds": 0.0, "by_language": {}}
    for language in sorted(MODELS):
        texts = [t for t, lang in zip(data["texts"], data["languages"]) if lang == language]
        if not texts:
            continue
        started = time.perf_counter()
        nlp = spacy.load(MODELS[language])
        loaded = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts))
        piped = time.perf_counter()
        result["load_seconds"] += loaded - started
        result["pipe_seconds"] += piped - loaded
        result["by_language"][language] = {"articles": len(texts), "tokens": tokens, "pipe_seconds": piped - loaded,
                                           "pipes": nlp.pipe_names}
        del nlp
    result["peak_rss_mb"] = max_rss_mb(resource_usage.RUSAGE_SELF)
    out_file.write_text(json.dumps(result), encoding="utf-8")


def limit_worker(texts_file: Path, out_file: Path) -> None:
    """The limit: spaCy running exactly the pipeline's own components over the texts it reads (the entity
    pass over story paragraphs, the grammar pass over the sentences the prefilter keeps) in one process;
    only the two pipes are timed. Divided by the cores, it is what perfect use of the machine would give."""
    from etl import nlp
    from etl.extract import triggers

    data = json.loads(texts_file.read_text(encoding="utf-8"))
    result = {"pipe_seconds": 0.0, "by_language": {}}
    for language in sorted(nlp.MODELS):
        texts = [t for t, lang in zip(data["texts"], data["languages"]) if lang == language]
        if not texts:
            continue
        model = nlp.load_pipeline(language)
        paragraphs = [paragraph.text for text in texts for paragraph in nlp.story_paragraphs(text)]
        started = time.perf_counter()
        docs = list(model.pipe(paragraphs, batch_size=64, disable=nlp.only(model, nlp.ENTITY_COMPONENTS)))
        entities = time.perf_counter() - started
        sentences = [doc[start:end].text for doc in docs for start, end in nlp.sentence_bounds(doc)]
        candidates = [sentence for sentence in sentences if triggers.worth_parsing(sentence, language)]
        del docs
        started = time.perf_counter()
        for _ in model.pipe(candidates, batch_size=256, disable=nlp.only(model, nlp.GRAMMAR_COMPONENTS)):
            pass
        grammar = time.perf_counter() - started
        result["pipe_seconds"] += entities + grammar
        result["by_language"][language] = {"articles": len(texts), "entity_seconds": entities,
                                           "grammar_seconds": grammar, "parsed": len(candidates),
                                           "sentences": len(sentences)}
    out_file.write_text(json.dumps(result), encoding="utf-8")


def pipeline_worker(corpus: Path, warehouse: Path, out_file: Path) -> None:
    """The product's own path: one Dagster run of every asset from ingest to the published warehouse and
    its checks, as `secmeet run` does it (per-article assets over every shard, shard store, publish);
    each step's duration from the run's events. The report and the Parquet export are timed apart."""
    import dagster as dg

    from dagster_project.build import materialize_everything
    from dagster_project.defs.resources import WarehouseResource
    from etl import ingest, pipeline

    paths = WarehouseResource(articles_dir=str(corpus), warehouse_path=str(warehouse))
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    seconds: dict[str, float] = {}
    readable = pipeline.readable_articles(ingest.read_articles(corpus).articles)
    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        result = materialize_everything(paths, instance, run_config=quiet, selection=LOAD_SELECTION)
    run_seconds = time.perf_counter() - started
    if not result.success:
        raise SystemExit("the benchmark run failed")
    total = run_seconds
    for event in result.all_events:
        if event.event_type_value == "STEP_SUCCESS":
            stage = STEP_STAGES.get(event.step_key, "checks")
            seconds[stage] = seconds.get(stage, 0.0) + event.event_specific_data.duration_ms / 1000
    seconds["dagster_overhead"] = run_seconds - sum(seconds.values())
    started = time.perf_counter()
    with dg.DagsterInstance.ephemeral() as instance:
        materialize_everything(paths, instance, run_config=quiet, selection=["briefing_report", "parquet_export"])
    publish_seconds = time.perf_counter() - started
    annotations = result.asset_materializations_for_node("article_annotations")[0].metadata
    facts = result.asset_materializations_for_node("article_facts")[0].metadata
    table_rows = result.asset_materializations_for_node("warehouse_file")[0].metadata["table_rows"].value
    out = {
        "seconds": seconds, "total_seconds": total, "report_and_export_seconds": publish_seconds,
        "readable": readable.height,
        "nlp_from_cache": annotations["articles_from_cache"].value,
        "nlp_computed": annotations["articles_annotated"].value,
        "facts_from_cache": facts["articles_from_cache"].value,
        "facts_computed": readable.height - facts["articles_from_cache"].value,
        "rows": {"mentions": annotations["dagster/row_count"].value, "sentences": annotations["sentences"].value,
                 "parsed_sentences": annotations["parsed_sentences"].value,
                 "facts_persons": facts["persons"].value},
        "work_seconds": {key.removeprefix("time_"): value.value for key, value in annotations.items()
                         if key.startswith("time_")},
        "table_rows": table_rows, "peak_rss_mb": max_rss_mb(resource_usage.RUSAGE_SELF),
        "workers_peak_rss_mb": max_rss_mb(resource_usage.RUSAGE_CHILDREN),
        "fingerprints": [pipeline.nlp_fingerprint(), pipeline.extract_fingerprint()],
    }
    out_file.write_text(json.dumps(out), encoding="utf-8")


# ------------------------------------------------------------------------------ driver

def run_child(*args: str) -> tuple[dict, float]:
    """Run this file as a worker subprocess; its JSON result and the wall seconds it took."""
    out_file = Path(tempfile.mkstemp(suffix=".json")[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(Path(__file__).resolve()), *args, "--out", str(out_file)], check=True, env=env)
    wall = time.perf_counter() - started
    value = json.loads(out_file.read_text(encoding="utf-8"))
    out_file.unlink()
    return value, wall


def merge_results(values: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    current = {}
    if RESULTS.exists():
        try:
            current = json.loads(RESULTS.read_text(encoding="utf-8"))
        except ValueError:
            current = {}
    current.update(values)
    RESULTS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def print_table(rows: list[tuple[str, str]], title: str) -> None:
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        table.add_column("metric")
        table.add_column("value", justify="right")
        for key, value in rows:
            table.add_row(key, value)
        Console(width=100).print(table)
    except ImportError:
        print(title)
        width = max(len(k) for k, _ in rows)
        for key, value in rows:
            print(f"  {key:<{width}}  {value:>14}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument("--keep", action="store_true", help="keep the work dir (corpus, cache, warehouse)")
    parser.add_argument("--skip-raw", action="store_true", help="skip the raw spaCy measurement")
    parser.add_argument("--skip-limit", action="store_true", help="skip the limit measurement")
    parser.add_argument("--raw-worker", nargs=1, metavar="TEXTS_JSON", help=argparse.SUPPRESS)
    parser.add_argument("--limit-worker", nargs=1, metavar="TEXTS_JSON", help=argparse.SUPPRESS)
    parser.add_argument("--pipeline-worker", nargs=2, metavar=("CORPUS", "WAREHOUSE"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.raw_worker:
        raw_spacy_worker(Path(args.raw_worker[0]), args.out)
        return
    if args.limit_worker:
        limit_worker(Path(args.limit_worker[0]), args.out)
        return
    if args.pipeline_worker:
        corpus, warehouse = map(Path, args.pipeline_worker)
        pipeline_worker(corpus, warehouse, args.out)
        return

    from generate_corpus import append, generate

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="secmeet-bench-"))
    corpus, warehouse = workdir / "articles", workdir / "warehouse" / "warehouse.duckdb"
    cache = warehouse.parent
    for path in (corpus, cache):
        shutil.rmtree(path, ignore_errors=True)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        generate(corpus, args.n, seed=args.seed)
        print(f"generated {args.n} articles in {workdir} ({time.perf_counter() - started:.1f}s)", file=sys.stderr)

        # The texts the pipeline reads: readable articles in the language ingest gives them.
        from etl import ingest, pipeline

        readable = pipeline.readable_articles(ingest.read_articles(corpus).articles)
        texts, languages = readable["text"].to_list(), readable["language"].to_list()
        words = sum(len(t.split()) for t in texts)
        texts_file = workdir / "texts.json"
        texts_file.write_text(json.dumps({"texts": texts, "languages": languages}), encoding="utf-8")

        raw = None
        if not args.skip_raw:
            print("raw spaCy ...", file=sys.stderr)
            raw, _ = run_child("--raw-worker", str(texts_file))
        limit = None
        if not args.skip_limit:
            print("limit: the pipeline's own spaCy components, one process ...", file=sys.stderr)
            limit, _ = run_child("--limit-worker", str(texts_file))
        print("pipeline, cold cache ...", file=sys.stderr)
        full, full_wall = run_child("--pipeline-worker", str(corpus), str(warehouse))
        children_peak = max_rss_mb(resource_usage.RUSAGE_CHILDREN)

        n_new = max(1, args.n // 100)
        append(corpus, n_new, seed=args.seed)
        print(f"pipeline, warm cache, {n_new} new articles ...", file=sys.stderr)
        incremental, incremental_wall = run_child("--pipeline-worker", str(corpus), str(warehouse))
        one_id = append(corpus, 1, seed=args.seed)[0]
        print(f"pipeline, warm cache, one new article ({one_id}) ...", file=sys.stderr)
        one, one_wall = run_child("--pipeline-worker", str(corpus), str(warehouse))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)

    if full["fingerprints"] != incremental["fingerprints"]:
        print("WARNING: etl/ code changed between the full and the incremental run; the cache keys changed, "
              "so the incremental figure is not a warm-cache figure. Rerun on a quiet tree.", file=sys.stderr)
    n = len(texts)
    full_seconds = full["total_seconds"]
    cores = os.cpu_count() or 1
    limit_seconds = limit["pipe_seconds"] / cores if limit else None
    work = full.get("work_seconds", {})
    results = {
        "n_articles": n,
        "words": words,
        "words_per_article": round(words / n, 1),
        "raw_spacy_seconds": round(raw["pipe_seconds"], 3) if raw else None,
        "raw_spacy_articles_per_s": round(n / raw["pipe_seconds"], 2) if raw else None,
        "raw_spacy_words_per_s": round(words / raw["pipe_seconds"], 1) if raw else None,
        "raw_spacy_peak_rss_mb": round(raw["peak_rss_mb"], 1) if raw else None,
        "pipeline_articles_per_s": round(n / full_seconds, 2),
        "pipeline_words_per_s": round(words / full_seconds, 1),
        "ratio": round((n / full_seconds) / (n / raw["pipe_seconds"]), 3) if raw else None,
        "cores": cores,
        "limit_single_process_seconds": round(limit["pipe_seconds"], 3) if limit else None,
        "limit_articles_per_s": round(n / limit_seconds, 2) if limit else None,
        "pipeline_to_limit": round(limit_seconds / full_seconds, 3) if limit else None,
        "annotate_work_seconds": work,
        "full_seconds": round(full_seconds, 3),
        "full_wall_seconds_with_startup": round(full_wall, 3),
        **{f"stage_{name}_seconds": round(full["seconds"].get(name, 0.0), 3) for name in STAGES},
        "incremental_new_articles": n_new,
        "incremental_seconds": round(incremental["total_seconds"], 3),
        **{f"incremental_stage_{name}_seconds": round(incremental["seconds"].get(name, 0.0), 3) for name in STAGES},
        "incremental_pct_of_full": round(100 * incremental["total_seconds"] / full_seconds, 1),
        "one_article_seconds": round(one["total_seconds"], 3),
        "one_article_wall_seconds_with_startup": round(one_wall, 3),
        **{f"one_article_stage_{name}_seconds": round(one["seconds"].get(name, 0.0), 3) for name in STAGES},
        "report_and_export_seconds": round(full["report_and_export_seconds"], 3),
        "incremental_report_and_export_seconds": round(incremental["report_and_export_seconds"], 3),
        "peak_rss_mb": round(full["peak_rss_mb"], 1),
        "incremental_peak_rss_mb": round(incremental["peak_rss_mb"], 1),
        "workers_peak_rss_mb": round(full["workers_peak_rss_mb"], 1),
        "children_peak_rss_mb": round(children_peak, 1),
        "full_rows": full["rows"],
        "full_table_rows": full["table_rows"],
        "code_changed_during_run": full["fingerprints"] != incremental["fingerprints"],
        "incremental_cache": {"nlp_from_cache": incremental["nlp_from_cache"], "nlp_computed": incremental["nlp_computed"],
                              "facts_from_cache": incremental["facts_from_cache"],
                              "facts_computed": incremental["facts_computed"]},
    }
    rows = [
        ("n_articles", f"{n}"),
        ("words (avg per article)", f"{words} ({words / n:.0f})"),
        ("raw spaCy articles/s", f"{results['raw_spacy_articles_per_s']}"),
        ("raw spaCy words/s", f"{results['raw_spacy_words_per_s']}"),
        ("raw spaCy pipe seconds", f"{results['raw_spacy_seconds']}"),
        ("pipeline articles/s", f"{results['pipeline_articles_per_s']}"),
        ("pipeline words/s", f"{results['pipeline_words_per_s']}"),
        ("ratio (pipeline/raw throughput)", f"{results['ratio']}"),
        (f"limit articles/s (own components, 1 process, x{cores} cores)", f"{results['limit_articles_per_s']}"),
        ("pipeline / limit", f"{results['pipeline_to_limit']}"),
        *[(f"  stage {name} s", f"{full['seconds'].get(name, 0.0):.2f}") for name in STAGES],
        ("full_seconds", f"{full_seconds:.2f}"),
        (f"  limit seconds (= {limit['pipe_seconds']:.1f} s / {cores})" if limit else "  limit seconds",
         f"{limit_seconds:.2f}" if limit else "skipped"),
        *[(f"  in annotate, {name.removesuffix('_seconds')}" + (" (s summed over processes)" if name.endswith(
            "_seconds") and name != "wall_seconds" else ""), f"{value}") for name, value in work.items()],
        (f"incremental_seconds (+{n_new} articles)", f"{incremental['total_seconds']:.2f}"),
        *[(f"  incr. stage {name} s", f"{incremental['seconds'].get(name, 0.0):.2f}") for name in STAGES],
        ("incremental % of full", f"{results['incremental_pct_of_full']}%"),
        ("one new article: run s / end to end s (with interpreter and imports)",
         f"{one['total_seconds']:.2f} / {one_wall:.2f}"),
        *[(f"  one article, stage {name} s", f"{one['seconds'].get(name, 0.0):.2f}") for name in STAGES],
        ("report + Parquet export s (full / incr.)", f"{results['report_and_export_seconds']:.2f} / "
                                                     f"{results['incremental_report_and_export_seconds']:.2f}"),
        ("peak_rss_mb (pipeline, full)", f"{results['peak_rss_mb']}"),
        ("peak_rss_mb (pipeline, incr.)", f"{results['incremental_peak_rss_mb']}"),
        ("peak_rss_mb (largest worker, full)", f"{results['workers_peak_rss_mb']}"),
        ("peak_rss_mb (raw spaCy)", f"{results['raw_spacy_peak_rss_mb']}"),
        ("meetings / persons / agencies", f"{full['table_rows'].get('fct_meetings')} / {full['table_rows'].get('dim_people')}"
                                           f" / {full['table_rows'].get('dim_agencies')}"),
        ("mentions / person rows", f"{full['rows']['mentions']} / {full['rows']['facts_persons']}"),
        ("sentences parsed / all", f"{full['rows']['parsed_sentences']} / {full['rows']['sentences']} "
                                   f"({100 * full['rows']['parsed_sentences'] / max(full['rows']['sentences'], 1):.0f}%)"),
    ]
    print_table(rows, f"secmeet pipeline benchmark ({n} articles)")
    merge_results(results)
    print(f"wrote {RESULTS}", file=sys.stderr)


if __name__ == "__main__":
    main()
