"""What a person sees: the Dagster UI lists the project's assets, and the briefing report renders cleanly.

Playwright drives Debian's Chromium (`apt-get install chromium`); the tests skip, saying why, where it is
not installed. `.ci/run` installs it, so CI always runs them.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from etl import load, report
from etl.settings import PROJECT_ROOT
from tests.test_load import tiny_tables

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
ASSETS = ("articles", "article_annotations", "article_facts", "core_tables", "warehouse_file", "briefing_report",
          "parquet_export")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Dagster webserver exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    """The Dagster webserver on 127.0.0.1 over the project's definitions, with a throw-away DAGSTER_HOME."""
    home = tmp_path_factory.mktemp("dagster_home")
    port = free_port()
    environment = {**os.environ, "DAGSTER_HOME": str(home), "WAREHOUSE_PATH": str(home / "warehouse.duckdb")}
    command = [sys.executable, "-m", "dagster_webserver", "-m", "dagster_project.definitions", "-h", "127.0.0.1",
               "-p", str(port)]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/server_info", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_dagster_asset_catalog_lists_the_project_assets(browser, dagster_ui):
    page = browser.new_page()
    page.goto(f"{dagster_ui}/assets", wait_until="domcontentloaded")
    for asset in ASSETS:
        page.get_by_text(asset, exact=True).first.wait_for(timeout=60_000)
    page.close()


def test_dagster_asset_graph_shows_the_groups(browser, dagster_ui):
    page = browser.new_page()
    page.goto(f"{dagster_ui}/asset-groups", wait_until="domcontentloaded")
    for group in ("extract", "resolve", "load", "publish"):
        page.get_by_text(group, exact=True).first.wait_for(timeout=60_000)
    page.close()


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    load.build_warehouse(tiny_tables(), root / "warehouse.duckdb", validate=False)
    return report.write_report(root / "warehouse.duckdb", root / "report")


def test_report_renders_charts_and_tables_without_console_errors(browser, report_page):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    failed_requests: list[str] = []
    page.on("requestfailed", lambda request: failed_requests.append(request.url))
    page.goto(report_page.as_uri(), wait_until="load")
    assert page.locator("svg").count() >= 3
    assert page.locator("table").count() >= 1
    assert page.locator("svg").first.bounding_box()["width"] > 100
    assert errors == [] and failed_requests == []
    page.close()
