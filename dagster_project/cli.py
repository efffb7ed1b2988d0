"""`secmeet`: the command line of the meetings warehouse."""
import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import dagster as dg
import typer

from dagster_project.defs.resources import WarehouseResource
from etl import summary
from etl.settings import PROJECT_ROOT

app = typer.Typer(help="Build and explore the warehouse of security-cooperation meetings read from news articles.",
                  no_args_is_help=True, add_completion=False)


def ensure_dagster_home() -> bool:
    """Create the DAGSTER_HOME folder when it is set (Dagster refuses a missing one); True when set."""
    home = os.environ.get("DAGSTER_HOME")
    if home:
        Path(home).mkdir(parents=True, exist_ok=True)
    return bool(home)


def instance() -> dg.DagsterInstance:
    """The persistent Dagster instance under DAGSTER_HOME (so runs show in the UI), else a throw-away one."""
    return dg.DagsterInstance.get() if ensure_dagster_home() else dg.DagsterInstance.ephemeral()


@app.command()
def run(
    articles_dir: Optional[Path] = typer.Option(None, help="Folder of articles (default: ARTICLES_DIR, else seeds/)."),
    warehouse_path: Optional[Path] = typer.Option(None, help="DuckDB file to publish (default: WAREHOUSE_PATH, "
                                                            "else warehouse/warehouse.duckdb)."),
) -> None:
    """Materialise every asset (ingest, NLP, extraction, resolution, load) and its checks; print a summary."""
    from dagster_project.defs import assets, checks

    resource = WarehouseResource(articles_dir=str(articles_dir or ""), warehouse_path=str(warehouse_path or ""))
    definitions = [*dg.load_assets_from_modules([assets]), *checks.warehouse_checks]
    with instance() as dagster_instance:
        # Dagster's own step events stay in the run's log (and the UI); the terminal gets warnings and the summary.
        result = dg.materialize(definitions, resources={"warehouse": resource}, instance=dagster_instance,
                                raise_on_error=False,
                                run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}})
    if not result.success:
        typer.echo("The run failed; see the log above.", err=True)
        raise typer.Exit(1)
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed]
    typer.echo(summary.format_summary(result.output_for_node("warehouse_file"), str(resource.published_path)))
    if failed:
        typer.echo(f"Checks failed: {', '.join(failed)}", err=True)
        raise typer.Exit(1)
    typer.echo(f"  checks      {len(result.get_asset_check_evaluations())} passed")


@app.command()
def ui(port: int = typer.Option(3000, help="Port of the Dagster UI on 127.0.0.1.")) -> None:
    """Start the Dagster UI on 127.0.0.1 over the same definitions."""
    ensure_dagster_home()
    command = [sys.executable, "-m", "dagster", "dev", "-m", "dagster_project.definitions", "-h", "127.0.0.1",
               "-p", str(port)]
    raise typer.Exit(subprocess.call(command, cwd=PROJECT_ROOT))


if __name__ == "__main__":
    app()
