"""What a person sees: the Dagster UI lists the project's assets, and the briefing report renders cleanly.

Playwright drives Debian's Chromium (`apt-get install chromium`); the tests skip, saying why, where it is
not installed. `.ci/run` installs it, so CI always runs them.
"""
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polars as pl
import pytest

from etl import load, reference, report
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


def busy_tables() -> dict[str, pl.DataFrame]:
    """tiny_tables plus what strains a layout: one country meeting thirty others on the sidelines of an
    assembly (a hub), long names and titles, a long quote, an agreement dated by its meeting."""
    tables = tiny_tables()
    countries = reference.countries()
    partners = countries.filter(pl.col("iso2") != "MA")["iso2"].to_list()[:30]
    talks = [f"talks_{iso2}" for iso2 in partners]
    long_name = "Consultations on the Coordination of Transnational Investigations and Border Policing"
    tables["dim_countries"] = countries.select("iso2", "iso3", "name", "name_fr")
    tables["fct_meetings"] = pl.concat([tables["fct_meetings"], pl.DataFrame({
        "meeting_id": talks, "meeting_type": ["bilateral"] * 30,
        "meeting_name": [f"{long_name} ({iso2})" for iso2 in partners],
        "parent_meeting_id": ["meeting_mena"] * 30, "ordinal": [None] * 30, "organizer_agency_id": [None] * 30,
        "city": ["Lyon"] * 30, "country_iso2": ["FR"] * 30, "start_date": [dt.date(2024, 9, 3)] * 30,
        "end_date": [dt.date(2024, 9, 4)] * 30, "date_precision": ["within_parent"] * 30,
        "status": ["held"] * 30, "source_count": [1] * 30,
    }, schema=tables["fct_meetings"].schema)])
    tables["fct_meeting_attendees"] = pl.concat([tables["fct_meeting_attendees"], pl.DataFrame({
        "meeting_id": talks * 2, "participant_kind": ["country"] * 60, "participant_id": ["MA"] * 30 + partners,
        "role": ["host"] * 30 + ["counterpart"] * 30,
    })])
    quote = "The delegations agreed to exchange liaison officers, " * 12
    tables["fct_meeting_sources"] = pl.concat([tables["fct_meeting_sources"], pl.DataFrame({
        "meeting_id": talks, "article_id": ["article_one"] * 30, "evidence": [quote] * 30})])
    tables["fct_agreements"] = pl.concat([tables["fct_agreements"], pl.DataFrame({
        "agreement_id": ["agreement_long"], "agreement_type": ["agreement"],
        "title": ["Memorandum of Understanding on the Exchange of Criminal Intelligence and Joint Training"],
        "meeting_id": [talks[0]], "signed_date": [dt.date(2024, 9, 3)], "date_precision": ["within_parent"],
        "source_count": [1]}, schema=tables["fct_agreements"].schema)])
    tables["fct_agreement_sources"] = pl.concat([tables["fct_agreement_sources"], pl.DataFrame({
        "agreement_id": ["agreement_long"], "article_id": ["article_one"], "evidence": [quote]})])
    return tables


@pytest.fixture(scope="module")
def busy_report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("busy_report")
    load.build_warehouse(busy_tables(), root / "warehouse.duckdb", validate=False)
    return report.write_report(root / "warehouse.duckdb", root / "report")


@pytest.mark.parametrize("report_fixture", ["busy_report", "report_page"])
@pytest.mark.parametrize(("width", "shown", "hidden"), [(390, ".chart-narrow", ".chart-wide"),
                                                        (1400, ".chart-wide", ".chart-narrow")])
def test_the_report_fits_the_screen_on_a_phone_and_a_desktop(browser, request, report_fixture, width, shown, hidden):
    busy_report = request.getfixturevalue(report_fixture)
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(busy_report.as_uri(), wait_until="load")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Every visible chart is drawn for this screen: no wider than its card, none scaled into unreadable text.
    charts = page.locator(f"{shown} svg")
    assert charts.count() >= 3
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert all(not element.is_visible() for element in page.locator(hidden).all())
    assert errors == []
    page.close()


def test_a_hub_network_is_a_ranked_chart_with_whole_number_ticks(browser, busy_report):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(busy_report.as_uri(), wait_until="load")
    network = page.locator("#network")
    assert "counterparts are ranked" in network.locator("p.lede").inner_text()
    assert network.locator("figure.network").count() == 0
    labels = network.locator('.chart-wide g[aria-label^="X-axis"] g.role-axis-label text')
    ticks = [labels.nth(index).text_content() for index in range(labels.count())]
    assert ticks and all(tick.isdigit() for tick in ticks) and len(set(ticks)) == len(ticks)
    page.close()
