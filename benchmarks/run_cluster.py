"""The cluster path run for real: shards on dagster-celery workers against the single-machine run.

    python benchmarks/run_cluster.py [--n N] [--workers W] [--workdir DIR] [--keep]

1. Generates the bench's synthetic corpus of N articles (default 2,000).
2. Single machine: `secmeet run` over it (every asset, one run over every shard), timed end to end.
3. Cluster: a local Redis (Debian's `redis-server`) as broker and result backend, and W
   `dagster-celery` workers as separate processes (each one process: `SECMEET_PROCESSES=1`). Then,
   timed end to end: `articles` materialised here; one run per shard of the per-article assets
   through the `celery_executor` (`dagster_project.cluster`), submitted by two processes per worker so
   that every worker always has a shard to take; one run here that loads and publishes (resolution,
   warehouse, checks, report, export), as `secmeet run` does.
4. Compares the two warehouses: a checksum of every reporting view (rows sorted, as CSV).

Prints a table and writes benchmarks/results/cluster.json.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "cluster.json"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_redis(port: int, timeout: float = 20.0) -> None:
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.ping()
            return
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not answer on port {port}")
            time.sleep(0.2)


def view_checksums(warehouse: Path) -> dict[str, str]:
    """A checksum of each reporting view and mart: its rows as text, sorted (DuckDB's md5 of them)."""
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as connection:
        views = [name for (name,) in connection.execute(
            "SELECT view_name FROM duckdb_views() WHERE schema_name = 'reporting' UNION "
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'reporting' ORDER BY 1").fetchall()]
        out = {}
        for view in views:
            rows, digest = connection.execute(
                f'SELECT count(*), md5(coalesce(string_agg(CAST(t AS VARCHAR), chr(10) ORDER BY CAST(t AS VARCHAR)), \'\')) '
                f'FROM reporting."{view}" AS t').fetchall()[0]
            out[view] = f"{digest[:16]} ({rows} rows)"
        return out


def single_machine(corpus: Path, warehouse: Path, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([str(BIN / "secmeet"), "run"], check=True, stdout=subprocess.DEVNULL,
                   env={**env, "ARTICLES_DIR": str(corpus), "WAREHOUSE_PATH": str(warehouse)})
    return time.perf_counter() - started


def start_workers(count: int, config: Path, env: dict, logs: Path) -> list[subprocess.Popen]:
    workers = []
    for number in range(1, count + 1):
        command = [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app", "-y", str(config),
                   "-n", f"secmeet-{number}", "--", "--concurrency=1", "--prefetch-multiplier=1"]
        with open(logs / f"worker-{number}.log", "wb") as log:  # the child keeps its own descriptor
            workers.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True))
    return workers


def wait_for_workers(app_config: dict, count: int, logs: Path, timeout: float = 180.0) -> None:
    """Until `count` workers have answered a ping (they import Dagster and the project first)."""
    from celery import Celery

    app = Celery(broker=app_config["broker"], backend=app_config["backend"])
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    while len(seen) < count:
        for answer in app.control.ping(timeout=2.0) or []:
            seen.update(answer)
        if len(seen) < count and time.monotonic() > deadline:
            raise SystemExit(f"only {len(seen)} of {count} celery workers answered; see their logs in {logs}")
        time.sleep(1.0)


def run_shards(broker: dict, shard_keys: list[str]) -> None:
    """One run per shard, in turn, through the celery executor (this process only submits and waits)."""
    import dagster as dg

    from dagster_project.cluster import shard_job

    config = {"execution": {"config": broker}, "loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    # dagster-celery registers its task once per executor it builds; celery warns of each repeat (harmless).
    warnings.filterwarnings("ignore", message="Task name 'execute_plan' is already registered")
    with dg.DagsterInstance.get() as instance:
        for shard in shard_keys:
            with dg.execute_job(dg.reconstructable(shard_job), instance=instance, run_config=config,
                                tags={"dagster/partition": shard}) as result:
                if not result.success:
                    raise SystemExit(f"the run of {shard} failed on the cluster")


def cluster_run(broker: dict, workers: int, phases_file: Path) -> None:
    """articles here; the shards' runs submitted by two processes per worker (so that a worker finds the
    next step queued while a run is being created); then one run here that loads and publishes. Where
    the time went goes to phases_file."""
    import dagster as dg

    from dagster_project.build import materialize_everything
    from dagster_project.defs.resources import WarehouseResource
    from etl import shards

    paths = WarehouseResource()
    quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
    phases: dict[str, float] = {}
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        if not materialize_everything(paths, instance, run_config=quiet, selection=["articles"]).success:
            raise SystemExit("ingest failed")
    phases["ingest_run"] = time.perf_counter() - started
    started = time.perf_counter()
    keys = list(shards.SHARD_KEYS)
    count = min(len(keys), 2 * workers)
    submitters = [subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--shard-runs", broker["broker"],
                                    broker["backend"], ",".join(keys[i::count])]) for i in range(count)]
    codes = [process.wait() for process in submitters]  # each one's failure is its own; all finish
    if any(codes):
        raise SystemExit("shard runs failed on the cluster")
    phases["shard_runs_wall"] = time.perf_counter() - started
    started = time.perf_counter()
    with dg.DagsterInstance.get() as instance:
        last = materialize_everything(paths, instance, run_config=quiet,
                                      selection=["core_tables", "warehouse_file", "briefing_report", "parquet_export"])
        if not last.success:
            raise SystemExit("loading after the cluster runs failed")
        phases["load_and_publish_run"] = time.perf_counter() - started
        # The shard steps' own durations, summed over the shards (what the workers computed).
        for record in instance.get_run_records(dg.RunsFilter(job_name="shards_on_celery")):
            for step in instance.get_run_step_stats(record.dagster_run.run_id):
                if step.start_time and step.end_time:
                    name = f"steps_{step.step_key}_summed"
                    phases[name] = phases.get(name, 0.0) + step.end_time - step.start_time
    phases_file.write_text(json.dumps({k: round(v, 2) for k, v in phases.items()}), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--cluster-driver", nargs=2, metavar=("BROKER", "BACKEND"), help=argparse.SUPPRESS)
    parser.add_argument("--shard-runs", nargs=3, metavar=("BROKER", "BACKEND", "SHARDS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cluster_driver:
        cluster_run({"broker": args.cluster_driver[0], "backend": args.cluster_driver[1]}, args.workers,
                    Path(os.environ["DAGSTER_HOME"]) / "phases.json")
        return
    if args.shard_runs:
        run_shards({"broker": args.shard_runs[0], "backend": args.shard_runs[1]}, args.shard_runs[2].split(","))
        return
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed: `apt-get install redis-server` (Debian/Ubuntu)")

    from generate_corpus import generate

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="secmeet-cluster-"))
    corpus = workdir / "articles"
    shutil.rmtree(workdir / "single", ignore_errors=True)
    shutil.rmtree(workdir / "cluster", ignore_errors=True)
    processes: list[subprocess.Popen] = []
    finished = False
    try:
        if not corpus.exists():
            generate(corpus, args.n, seed=args.seed)
        base_env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
                    "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")])}  # dagster-celery calls `celery`

        load_before = os.getloadavg()
        print(f"single machine: secmeet run over {args.n} articles ...", file=sys.stderr)
        single_home = workdir / "single" / "dagster_home"
        single_home.mkdir(parents=True)
        single_warehouse = workdir / "single" / "warehouse.duckdb"
        single_seconds = single_machine(corpus, single_warehouse, {**base_env, "DAGSTER_HOME": str(single_home)})

        port = free_port()
        logs = workdir / "cluster" / "logs"
        logs.mkdir(parents=True)
        with open(logs / "redis.log", "wb") as log:
            processes.append(subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        wait_for_redis(port)
        broker = {"broker": f"redis://127.0.0.1:{port}/0", "backend": f"redis://127.0.0.1:{port}/1"}
        config = workdir / "cluster" / "celery.yaml"
        # The executor's config block, as the workers read it (JSON is YAML).
        config.write_text(json.dumps({"execution": {"config": broker}}), encoding="utf-8")
        home = workdir / "cluster" / "dagster_home"
        home.mkdir()
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
        cluster_warehouse = workdir / "cluster" / "warehouse.duckdb"
        env = {**base_env, "DAGSTER_HOME": str(home), "ARTICLES_DIR": str(corpus),
               "WAREHOUSE_PATH": str(cluster_warehouse), "SECMEET_PROCESSES": "1"}
        # The instance's storage made once, before workers and submitters open it at the same time.
        subprocess.run([str(BIN / "dagster"), "instance", "migrate"], check=True, env=env, stdout=subprocess.DEVNULL)
        print(f"cluster: redis on port {port}, {args.workers} dagster-celery workers ...", file=sys.stderr)
        processes += start_workers(args.workers, config, env, logs)
        wait_for_workers(broker, args.workers, logs)
        started = time.perf_counter()
        subprocess.run([sys.executable, str(Path(__file__).resolve()), "--cluster-driver", broker["broker"],
                        broker["backend"], "--workers", str(args.workers)], check=True, env=env)
        cluster_seconds = time.perf_counter() - started
        load_after = os.getloadavg()
        phases = json.loads((home / "phases.json").read_text(encoding="utf-8"))

        single_sums, cluster_sums = view_checksums(single_warehouse), view_checksums(cluster_warehouse)
        finished = True
    finally:
        for process in reversed(processes):
            try:
                os.killpg(process.pid, 15)
            except ProcessLookupError:
                pass
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
        if finished and not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
        elif not finished:
            print(f"kept {workdir} (the workers' and Redis's logs are in cluster/logs)", file=sys.stderr)

    identical = single_sums == cluster_sums
    results = {
        "n_articles": args.n, "workers": args.workers, "cores": os.cpu_count(),
        "single_machine_seconds": round(single_seconds, 2), "cluster_seconds": round(cluster_seconds, 2),
        "cluster_to_single": round(cluster_seconds / single_seconds, 3), "identical": identical,
        "cluster_phases_seconds": phases,
        "views": {view: {"single": single_sums.get(view), "cluster": cluster_sums.get(view)}
                  for view in sorted(set(single_sums) | set(cluster_sums))},
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in load_after],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    width = 34
    print(f"secmeet cluster benchmark ({args.n} articles, {args.workers} celery workers, {os.cpu_count()} cores)")
    for key in ("single_machine_seconds", "cluster_seconds", "cluster_to_single", "identical"):
        print(f"  {key:<{width}} {results[key]}")
    for phase, value in phases.items():
        print(f"    {phase:<{width - 2}} {value}")
    for view, sums in results["views"].items():
        same = "same" if sums["single"] == sums["cluster"] else "DIFFERENT"
        print(f"  view reporting.{view:<{width - 15}} {sums['cluster']}  {same}")
    print(f"wrote {RESULTS}", file=sys.stderr)
    if not identical:
        raise SystemExit("the cluster's warehouse differs from the single machine's")


if __name__ == "__main__":
    main()
