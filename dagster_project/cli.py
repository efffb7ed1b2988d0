"""`secmeet`: the command line of the meetings warehouse."""
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Optional

import dagster as dg
import typer

from dagster_project import runs
from dagster_project.defs.resources import WarehouseResource
from etl import export as parquet_export
from etl import report as briefing
from etl import summary
from etl.settings import PROJECT_ROOT, Settings
from etl.terminal import printable

app = typer.Typer(help="Build and explore the warehouse of security-cooperation meetings read from news articles.",
                  no_args_is_help=True, add_completion=False)


INSTANCE_SETTINGS = Path(__file__).with_name("dagster.yaml")


def ensure_dagster_home() -> bool:
    """Create the DAGSTER_HOME folder when it is set (Dagster refuses a missing one) and give it the project's
    instance settings unless it has its own; True when set."""
    home = os.environ.get("DAGSTER_HOME")
    if home:
        settings = Path(home) / "dagster.yaml"
        settings.parent.mkdir(parents=True, exist_ok=True)
        ours = INSTANCE_SETTINGS.read_text(encoding="utf-8")
        current = settings.read_text(encoding="utf-8") if settings.exists() else ""
        if not current.strip():
            settings.write_text(ours, encoding="utf-8")
        elif current.startswith(ours.splitlines()[0]) and "run_monitoring:" not in current:
            # Settings an earlier version copied there: they gain run monitoring, the rest is left as it is.
            settings.write_text(current.rstrip("\n") + "\n" + ours[ours.index("# Runs launched by the daemon"):],
                                encoding="utf-8")
    return bool(home)


def instance() -> dg.DagsterInstance:
    """The persistent Dagster instance under DAGSTER_HOME (so runs show in the UI), else a throw-away one."""
    return dg.DagsterInstance.get() if ensure_dagster_home() else dg.DagsterInstance.ephemeral()


ARTICLES_OPTION = typer.Option(None, help="Folder of articles (default: ARTICLES_DIR, else seeds/).")
WAREHOUSE_OPTION = typer.Option(None, help="DuckDB file (default: WAREHOUSE_PATH, else warehouse/warehouse.duckdb).")
REPORT_OPTION = typer.Option(None, help="Folder of the HTML report (default: REPORT_DIR, else report/ beside the warehouse).")
EXPORT_OPTION = typer.Option(None, help="Folder of the Parquet files (default: EXPORT_DIR, else export/ beside the warehouse).")


@app.command()
def run(
    articles_dir: Optional[Path] = ARTICLES_OPTION,
    warehouse_path: Optional[Path] = WAREHOUSE_OPTION,
    report_dir: Optional[Path] = REPORT_OPTION,
    export_dir: Optional[Path] = EXPORT_OPTION,
) -> None:
    """Materialise every asset (ingest, NLP, extraction, resolution, load, report, export) and its checks."""
    from dagster_project.build import materialize_everything

    settings = Settings.resolve(articles_dir, warehouse_path, report_dir, export_dir)
    resource = WarehouseResource(articles_dir=str(settings.articles_dir), warehouse_path=str(settings.warehouse_path),
                                 report_dir=str(settings.report_dir), export_dir=str(settings.export_dir))
    with instance() as dagster_instance:
        for run_id in runs.fail_dead_runs(dagster_instance):
            typer.echo(f"Marked failed: run {run_id}, whose process ended without finishing it", err=True)
        # Dagster's step events and a failed step's trace stay in the run's log (and the UI); the terminal gets
        # the pipeline's own warnings (Python logging), the summary, or the failure's own message below.
        result = materialize_everything(resource, dagster_instance,
                                        run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}})
    if not result.success:
        for step, message in failures(result):
            typer.echo(f"The run failed in {step}: {printable(message)}", err=True)
        if os.environ.get("DAGSTER_HOME"):
            typer.echo("The full trace is in the run's log (make ui, then Runs).", err=True)
        raise typer.Exit(1)
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    typer.echo(summary.format_summary(result.output_for_node("warehouse_file"), str(resource.published_path)))
    if failed:
        typer.echo(f"Checks failed: {printable(', '.join(failed))}", err=True)
        raise typer.Exit(1)
    typer.echo(f"  checks      {len(result.get_asset_check_evaluations())} passed")
    typer.echo(f"  report      {printable(settings.report_dir / 'index.html')}")
    typer.echo(f"  export      {printable(settings.export_dir)}/<view>.parquet")


def failures(result: dg.ExecuteInProcessResult) -> list[tuple[str, str]]:
    """(step, message) of each failed step: the message of the error the step raised, not Dagster's wrapper
    (nor what that error was raised from)."""
    found = []
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            while error.cause is not None and (error.cls_name or "").startswith("Dagster"):
                error = error.cause
            found.append((event.step_key or "the run", error.message.strip()))
    return found


@app.command()
def report(warehouse_path: Optional[Path] = WAREHOUSE_OPTION, report_dir: Optional[Path] = REPORT_OPTION) -> None:
    """Write the HTML briefing of an existing warehouse (opens from disk, no server or network needed)."""
    settings = Settings.resolve(warehouse_path=warehouse_path, report_dir=report_dir)
    typer.echo(f"Report written to {printable(briefing.write_report(settings.warehouse_path, settings.report_dir))}")


@app.command()
def export(warehouse_path: Optional[Path] = WAREHOUSE_OPTION, export_dir: Optional[Path] = EXPORT_OPTION) -> None:
    """Write every reporting view and mart of an existing warehouse as Parquet files."""
    settings = Settings.resolve(warehouse_path=warehouse_path, export_dir=export_dir)
    counts = parquet_export.export_views(settings.warehouse_path, settings.export_dir)
    typer.echo(f"Exported {len(counts)} views ({sum(counts.values())} rows) to {printable(settings.export_dir)}")


@app.command()
def ui(port: int = typer.Option(3000, help="Port of the Dagster UI on 127.0.0.1.")) -> None:
    """Start the Dagster UI on 127.0.0.1 over the same definitions, with the daemon that runs its sensors,
    queued runs and backfills."""
    if not ensure_dagster_home():
        os.environ["DAGSTER_HOME"] = str(PROJECT_ROOT / ".dagster_home")
        ensure_dagster_home()
    with instance() as dagster_instance:
        runs.fail_dead_runs(dagster_instance)
    # What `dagster dev` does (now superseded by `dg dev`, which expects a `dg` project): the daemon and the
    # webserver, each from its own entry point, the daemon stopped with the UI.
    target = ["-m", "dagster_project.definitions"]
    scripts = Path(sys.executable).parent
    # A SIGTERM (a service manager, `timeout`) stops both processes as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    daemon = subprocess.Popen([str(scripts / "dagster-daemon"), "run", *target], cwd=PROJECT_ROOT)
    try:
        code = subprocess.call([str(scripts / "dagster-webserver"), *target, "-h", "127.0.0.1", "-p", str(port)],
                               cwd=PROJECT_ROOT)
    except KeyboardInterrupt:
        code = 0
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=30)
        except subprocess.TimeoutExpired:
            daemon.kill()
    raise typer.Exit(code)


if __name__ == "__main__":
    app()
