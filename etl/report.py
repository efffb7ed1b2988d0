"""Report stage: a static briefing, `index.html`, written from the warehouse's reporting views.

The page needs no server and no network: the CSS is inlined, the charts are SVG rendered offline
by vl-convert (altair specs) or drawn here (the country network), and the fonts are the system's.
Articles are untrusted input, so every value read from the warehouse goes through `html.escape`
and only http(s) URLs ever become links.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import string
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import altair as alt
import duckdb
import polars as pl
import vl_convert

from etl import publish
from etl.schema import READABLE_STATUSES

ASSETS_DIR = Path(__file__).resolve().parent / "report_assets"

# Fixed names of the contract's views: these, never values, are the only names put into a query.
REPORT_VIEWS = (
    "articles",
    "meetings",
    "meeting_participants",
    "meeting_sources",
    "agreements",
    "agreement_parties",
    "agreement_sources",
    "persons",
    "agencies",
    "countries",
    "country_engagement",
    "person_engagement",
    "country_pairs",
    "discrepancies",
)
MEETING_TYPES = ("multilateral", "bilateral", "visit")
TYPE_COLOURS = {"multilateral": "#4c78a8", "bilateral": "#f58518", "visit": "#54a24b"}
ROLE_ORDER = ("host", "organizer", "head_of_delegation", "counterpart", "participant")
KIND_LABELS = {"person": "People", "agency": "Agencies", "country": "Countries"}
# Charts are laid out by vl-convert before any browser sees them, so their labels use fonts with
# Arial's metrics (Liberation Sans is Arial-compatible): the widths measured are the widths drawn.
CHART_FONT = 'Arial, "Liberation Sans", Helvetica, "Helvetica Neue", sans-serif'
AGREEMENT_TYPE_LABELS = {"mou": "MoU", "agreement": "agreement", "protocol": "protocol", "declaration": "declaration"}

MAX_EVIDENCE_PER_FACT = 3  # quotes shown per meeting or agreement; the rest are named, not quoted
MAX_EVIDENCE_CHARS = 600
MAX_TIMELINE_ROWS = 25  # up to this many dated meetings get a row each; beyond, one row per type
MAX_STRIP_DOTS = 1500  # up to this many, one dot per meeting; beyond, one dot per type and month
TOP_COUNTRIES = 20
NARROW_CHART_WIDTH = 300  # a chart drawn for phones (a 390 px screen less the card's margins)
MAX_NETWORK_COUNTRIES = 60
RADIAL_LABELS_FROM = 14  # above this many countries, labels turn outwards along the radius
OPEN_LIST_LIMIT = 25  # longer tables and lists start collapsed
FOOTER = ("Read from news articles by rules, not by people: every meeting and agreement in this report quotes "
          "the sentences it was read from. Check the source before you rely on it. "
          'What each view and column means: <a href="dictionary.html">data dictionary</a>.')
FOOTER_EMPTY = ('No facts have been read yet. What each view and column will hold: '
                '<a href="dictionary.html">data dictionary</a>.')
OPEN_MEETINGS_LIMIT = 5  # with this few meetings at the top level, their cards start open


# ---------------------------------------------------------------------------------------------
# Entry point and data


def write_report(warehouse_path: Path, report_dir: Path) -> Path:
    """Write report_dir/index.html from the warehouse at warehouse_path (opened read-only).

    The page names the warehouse file and the run that built it; report_dir is replaced as a whole
    with a `manifest.json` saying the same (`etl.publish`), and is refused, not replaced, when it
    holds another warehouse's report (publish.PublishRefused).
    """
    from etl.dictionary import read_dictionary, render_dictionary  # it draws with this module's helpers

    warehouse_path = Path(warehouse_path).resolve()
    if not warehouse_path.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse_path}")
    # One read-only connection: the page, the dictionary and the line naming their source all come from the
    # same warehouse file, even when a run publishes a new one meanwhile (it replaces the file's name, not
    # the file this connection reads).
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        source = publish.warehouse_source(connection, warehouse_path)
        views = {name: connection.table(f"reporting.{name}").pl() for name in REPORT_VIEWS}
        dictionary = render_dictionary(*read_dictionary(connection), source.describe())
    page = render_report(views, source_name=source.describe())

    def write(folder: Path) -> dict[str, None]:
        (folder / "index.html").write_text(page, encoding="utf-8")
        (folder / "dictionary.html").write_text(dictionary, encoding="utf-8")
        return {"index.html": None, "dictionary.html": None}

    return publish.publish_set(report_dir, source, "report", write) / "index.html"


@dataclass(frozen=True)
class ReportData:
    """The reporting views plus the lookups every section needs."""

    views: Mapping[str, pl.DataFrame]
    country_names: dict[str, str] = field(default_factory=dict)
    articles: dict[str, dict] = field(default_factory=dict)
    meeting_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_views(cls, views: Mapping[str, pl.DataFrame]) -> ReportData:
        """Index countries, articles and meetings by id."""
        countries = dict(zip(views["countries"]["iso2"], views["countries"]["name"]))
        articles = {row["article_id"]: row for row in views["articles"].iter_rows(named=True)}
        meetings = dict(zip(views["meetings"]["meeting_id"], views["meetings"]["meeting_name"]))
        return cls(views, countries, articles, meetings)

    def __getitem__(self, name: str) -> pl.DataFrame:
        """The reporting view of that name."""
        return self.views[name]

    def country(self, iso2: str | None) -> str:
        """The country's English name, else its code."""
        return self.country_names.get(iso2) or iso2 or ""


# ---------------------------------------------------------------------------------------------
# Page


def render_report(views: Mapping[str, pl.DataFrame], source_name: str = "warehouse") -> str:
    """The whole HTML page for these reporting views."""
    data = ReportData.from_views(views)
    nothing_yet = data["articles"].is_empty() and data["meetings"].is_empty() and data["agreements"].is_empty()
    sections = [("summary", "Summary", summary_section(data))]
    if not nothing_yet:
        sections += [
            ("timeline", "Timeline", timeline_section(data)),
            ("countries", "Countries", countries_section(data)),
            ("network", "Who met whom", network_section(data)),
            ("agreements", "Agreements", agreements_section(data)),
            ("meetings", "Meetings", meetings_section(data)),
            ("people", "People", people_section(data)),
            ("discrepancies", "Discrepancies", discrepancies_section(data)),
            ("articles", "Articles", articles_section(data)),
        ]
    nav = " ".join(f'<a href="#{anchor}">{label}</a>' for anchor, label, _ in sections)
    generated = dt.datetime.now().astimezone().strftime("%d %b %Y %H:%M %Z")
    template = string.Template((ASSETS_DIR / "page.html").read_text(encoding="utf-8"))
    return template.substitute(
        title="Meetings, agreements and who met whom",
        meta=f"From {esc(source_name)} · generated {esc(generated)}",
        nav=nav,
        css=(ASSETS_DIR / "report.css").read_text(encoding="utf-8"),
        body="\n".join(html_text for _, _, html_text in sections),
        footer=FOOTER_EMPTY if nothing_yet else FOOTER,
    )


def panel(anchor: str, title: str, lede: str, content: str) -> str:
    """One titled section of the page; title and lede are trusted HTML."""
    lede_html = f'<p class="lede">{lede}</p>' if lede else ""
    return f'<section class="panel" id="{anchor}"><h2>{title}</h2>{lede_html}{content}</section>'


def empty_note(text: str) -> str:
    """A muted paragraph saying a section has nothing to show."""
    return f'<p class="empty">{text}</p>'


def collapsible(summary: str, content: str, count: int) -> str:
    """content as is when it is short, else inside a closed <details> with this summary."""
    if count <= OPEN_LIST_LIMIT:
        return content
    return f'<details class="more"><summary>{summary}</summary>{content}</details>'


# ---------------------------------------------------------------------------------------------
# Formatting


def esc(value: Any) -> str:
    """value as escaped HTML text; None becomes an empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 meeting', '3 meetings'."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def humanize(code: str | None) -> str:
    """A code such as head_of_delegation in words."""
    return (code or "").replace("_", " ")


def safe_url(url: str | None) -> str | None:
    """url if it is an http(s) address, else None (no javascript: or data: links)."""
    if url and re.match(r"^https?://[^\s<>\"']+$", url.strip(), flags=re.IGNORECASE):
        return url.strip()
    return None


def format_when(start: dt.date | None, end: dt.date | None, precision: str | None) -> str:
    """A date or date range as precise as the sources allow."""
    if start is None:
        return "day and month known, year unknown" if precision == "no_year" else "date unknown"
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return start.strftime("%b %Y")
    if precision == "within_parent":
        # A sideline fact dated by its parent meeting: an agreement carries only the meeting's first day.
        if end is None:
            return f"{format_when(start, None, 'day')} (first day of its meeting)"
        return f"during {format_when(start, end, 'day')}"
    end = end or start
    if end == start:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def format_place(city: str | None, iso2: str | None, data: ReportData) -> str:
    """'Accra, Ghana' (escaped), or a note that the place is unknown."""
    parts = [part for part in (city, data.country(iso2)) if part]
    return esc(", ".join(parts)) if parts else "place unknown"


def truncate(text: str, limit: int) -> str:
    """text cut at a word boundary to at most limit characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def agreement_label(agreement_type: str | None) -> str:
    """'MoU' for mou; other agreement types as they are."""
    return AGREEMENT_TYPE_LABELS.get(agreement_type or "", agreement_type or "agreement")


def rows_by(rows: pl.DataFrame | Iterable[dict], key: str) -> dict[str, list[dict]]:
    """Rows (of a frame, or dicts) grouped by one column's value, in their order."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows.iter_rows(named=True) if isinstance(rows, pl.DataFrame) else rows:
        grouped[row[key]].append(row)
    return grouped


def article_reference(article_id: str, data: ReportData) -> str:
    """The article's id, and its outlet and title linked to its URL where known."""
    article = data.articles.get(article_id, {})
    label = " — ".join(esc(part) for part in (article.get("outlet"), article.get("title")) if part)
    url = safe_url(article.get("url"))
    link = f'<a href="{esc(url)}" rel="noreferrer noopener">{label or "article"}</a>' if url else label
    return f"<code>{esc(article_id)}</code>" + (f" · {link}" if link else "")


def evidence_quotes(sources: list[dict], data: ReportData) -> str:
    """Up to MAX_EVIDENCE_PER_FACT quoted sentences with their articles; the rest named."""
    shown = sources[:MAX_EVIDENCE_PER_FACT]
    quotes = "".join(
        f'<blockquote class="evidence"><p>“{esc(truncate(row["evidence"] or "", MAX_EVIDENCE_CHARS))}”</p>'
        f"<cite>{article_reference(row['article_id'], data)}</cite></blockquote>"
        for row in shown
    )
    rest = sources[MAX_EVIDENCE_PER_FACT:]
    if rest:
        names = ", ".join(f"<code>{esc(row['article_id'])}</code>" for row in rest)
        quotes += f'<p class="note">Also reported by {plural(len(rest), "more article")}: {names}</p>'
    return quotes or '<p class="note">No evidence sentence stored.</p>'


# ---------------------------------------------------------------------------------------------
# Summary


def summary_section(data: ReportData) -> str:
    """Headline counts as cards; on an empty warehouse, a note that there is nothing yet."""
    cards = "".join(card(number, label, detail) for number, label, detail in headline_counts(data))
    content = f'<div class="cards">{cards}</div>'
    if data["articles"].is_empty() and data["meetings"].is_empty():
        content += empty_note(
            "Nothing to report yet: the warehouse holds no articles, meetings or agreements. "
            "Run the pipeline on a folder of articles, then build this report again."
        )
    return panel("summary", "Summary", "What the articles read so far add up to.", content)


def card(number: int, label: str, detail: str) -> str:
    """One headline number; label and detail are trusted HTML."""
    return (
        f'<div class="card"><div class="number">{number:,}</div><div class="label">{label}</div>'
        f'<div class="detail">{detail}</div></div>'
    )


def headline_counts(data: ReportData) -> list[tuple[int, str, str]]:
    """(number, label, detail) for articles, meetings, agreements, persons, agencies, countries."""
    articles, meetings, agencies = data["articles"], data["meetings"], data["agencies"]
    loaded = articles.filter(pl.col("status").is_in(READABLE_STATUSES)).height
    repaired = articles.filter(pl.col("status") == "repaired").height
    refused = articles.height - loaded
    by_type = dict(meetings.group_by("meeting_type").len().iter_rows())
    type_detail = (
        f"{by_type.get('multilateral', 0):,} multilateral · {by_type.get('bilateral', 0):,} bilateral · "
        + plural(by_type.get("visit", 0), "visit")
    )
    agreement_types = sorted(
        data["agreements"].group_by("agreement_type").len().iter_rows(), key=lambda row: str(row[0])
    )
    international = agencies.filter(pl.col("agency_type") == "international").height
    countries = data["country_engagement"]["iso2"].drop_nulls().n_unique()
    return [
        (loaded, "articles loaded", f"{repaired:,} after repair · {refused:,} refused"),
        (meetings.height, "meetings", type_detail),
        (
            data["agreements"].height,
            "agreements signed",
            " · ".join(f"{count:,} {esc(agreement_label(kind))}" for kind, count in agreement_types) or "none read",
        ),
        (data["persons"].height, "people named", "officials identified by name"),
        (
            agencies.height,
            "agencies",
            f"{agencies.height - international:,} national · {international:,} international",
        ),
        (countries, "countries", "taking part in meetings or agreements"),
    ]


# ---------------------------------------------------------------------------------------------
# Charts rendered by vl-convert


def chart_svg(chart: alt.TopLevelMixin, prefix: str) -> str:
    """The chart as inline SVG rendered offline, its element ids made unique to this chart."""
    configured = (
        chart.configure(font=CHART_FONT)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelColor="#1f2933", titleColor="#5f6b7a")
        .configure_legend(labelFontSize=12, titleFontSize=12)
    )
    svg = vl_convert.vegalite_to_svg(configured.to_dict())
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def responsive_svg(wide: alt.TopLevelMixin, narrow: alt.TopLevelMixin, prefix: str) -> str:
    """Two renderings of one chart: the wide one for desktops, the narrow one for phones, where a scaled-down
    wide chart would leave its text unreadable. The page's CSS shows one of them."""
    return (f'<div class="chart-wide">{chart_svg(wide, prefix)}</div>'
            f'<div class="chart-narrow">{chart_svg(narrow, prefix + "-narrow")}</div>')


def type_colour(title: str | None = None) -> alt.Color:
    """The colour encoding every chart uses for meeting types."""
    return alt.Color(
        "meeting_type:N",
        title=title,
        scale=alt.Scale(domain=list(MEETING_TYPES), range=[TYPE_COLOURS[kind] for kind in MEETING_TYPES]),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )


def timeline_section(data: ReportData) -> str:
    """Dated meetings on a time axis, coloured by type, with the undated ones counted."""
    meetings = data["meetings"]
    dated = meetings.filter(pl.col("start_date").is_not_null()).sort("start_date", "meeting_name")
    undated = meetings.height - dated.height
    inherited = dated.filter(pl.col("date_precision") == "within_parent").height
    lede = (
        f"{plural(dated.height, 'meeting')} with a usable date"
        + (f" ({inherited:,} of them dated by the meeting on whose sidelines they took place)" if inherited else "")
        + (
            f"; {plural(undated, 'meeting')} {'has' if undated == 1 else 'have'} no usable date "
            "(no date in the article, or a day and month without a year) and "
            f"{'is' if undated == 1 else 'are'} listed under Meetings only."
            if undated else "."
        )
    )
    if dated.is_empty():
        return panel("timeline", "Timeline", lede, empty_note("No meeting has a usable date yet."))
    strip_caption = "One dot per meeting at its first day, spread within its type's band so dots do not hide each other."
    if dated.height <= MAX_TIMELINE_ROWS:
        # On a phone, one row per meeting leaves no room for its name: the strip of dots per type instead.
        wide, narrow = meeting_rows_chart(dated), meeting_strip_chart(dated, NARROW_CHART_WIDTH)
        caption = ("Dots mark the first day; a line runs to the last day of meetings spanning several days. "
                   "On a narrow screen: " + strip_caption[0].lower() + strip_caption[1:])
    elif dated.height <= MAX_STRIP_DOTS:
        wide, narrow = meeting_strip_chart(dated), meeting_strip_chart(dated, NARROW_CHART_WIDTH)
        caption = strip_caption
    else:
        wide, narrow = meeting_month_chart(dated), meeting_month_chart(dated, NARROW_CHART_WIDTH)
        caption = "One dot per type and month, its area the number of meetings that started that month."
    figure = f'<figure class="chart">{responsive_svg(wide, narrow, "timeline")}<figcaption>{caption}</figcaption></figure>'
    return panel("timeline", "Timeline", lede, figure)


def meeting_rows_chart(dated: pl.DataFrame) -> alt.LayerChart:
    """One row per dated meeting: a dot at its start and a bar to its end."""
    frame = dated.with_columns(
        pl.coalesce("end_date", "start_date").alias("end_date"),
        pl.Series("label", unique_labels(truncate(name or "unnamed meeting", 60) for name in dated["meeting_name"])),
    ).select("label", "meeting_type", "start_date", "end_date")
    y = alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=420))
    x = alt.X("start_date:T", title=None, axis=time_axis(frame["start_date"].min(), frame["end_date"].max()))
    base = alt.Chart(frame).encode(y=y, color=type_colour())
    bars = base.mark_rule(strokeWidth=4, strokeCap="round").encode(x=x, x2="end_date:T")
    dots = base.mark_circle(size=110, opacity=1).encode(x=x)
    return (bars + dots).properties(width=540, height=24 * frame.height)


def meeting_strip_chart(dated: pl.DataFrame, width: int = 860) -> alt.Chart:
    """Many dated meetings: one strip per type, dots spread vertically so they do not hide each other."""
    frame = dated.with_columns(
        jitter=(pl.int_range(pl.len()) * 0.618).mod(1.0),
    ).select("meeting_type", "start_date", "jitter")
    return (
        alt.Chart(frame)
        .mark_circle(size=40, opacity=0.55)
        .encode(
            x=alt.X("start_date:T", title=None,
                    axis=time_axis(frame["start_date"].min(), dated["start_date"].max(), narrow=width < 500)),
            y=alt.Y("meeting_type:N", title=None, sort=list(MEETING_TYPES)),
            yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[-0.1, 1.1])),
            color=type_colour(),
        )
        .properties(width=width, height=alt.Step(70))
    )


def meeting_month_chart(dated: pl.DataFrame, width: int = 860) -> alt.Chart:
    """Thousands of dated meetings: counted per type and month, so the chart's size stays bounded."""
    frame = (
        dated.group_by("meeting_type", month=pl.col("start_date").dt.truncate("1mo"))
        .agg(meetings=pl.len())
        .sort("month", "meeting_type")
    )
    return (
        alt.Chart(frame)
        .mark_circle(opacity=0.7)
        .encode(
            x=alt.X("month:T", title=None,
                    axis=time_axis(frame["month"].min(), dated["start_date"].max(), narrow=width < 500)),
            y=alt.Y("meeting_type:N", title=None, sort=list(MEETING_TYPES)),
            size=alt.Size("meetings:Q", title="meetings", scale=alt.Scale(range=[15, 600]),
                          legend=alt.Legend(format="d", tickMinStep=1)),
            color=type_colour(),
            tooltip=["meeting_type:N", alt.Tooltip("month:T", format="%B %Y"), "meetings:Q"],
        )
        .properties(width=width, height=alt.Step(70))
    )


def time_axis(first: dt.date, last: dt.date, narrow: bool = False) -> alt.Axis:
    """A date axis labelled by year over long spans and by month over short ones; a narrow chart gets about a
    third of the ticks, so its labels never overlap."""
    days, ticks = (last - first).days, 3 if narrow else 8
    if days > 3 * 365:
        return alt.Axis(
            format="%Y", grid=True, tickCount={"interval": "year", "step": max(1, (last.year - first.year) // ticks)}
        )
    if days > 90:
        return alt.Axis(format="%b %Y", grid=True, labelOverlap=True,
                        tickCount={"interval": "month", "step": max(1, days // (30 * ticks))})
    return alt.Axis(format="%-d %b %Y", grid=True, tickCount=ticks - 2, labelOverlap=True)


def unique_labels(labels: Iterable[str]) -> list[str]:
    """labels with ' (2)', ' (3)'… added to repeats, so each chart row stays its own."""
    seen: dict[str, int] = defaultdict(int)
    result = []
    for label in labels:
        seen[label] += 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result


def countries_section(data: ReportData) -> str:
    """Bar chart of the countries taking part in most meetings, split by meeting type."""
    totals = country_totals(data["country_engagement"])
    if totals.is_empty():
        return panel("countries", "Engagement by country", "", empty_note("No country is linked to a meeting yet."))
    top = totals.head(TOP_COUNTRIES)
    lede = (
        f"The {plural(top.height, 'country', 'countries')} taking part in most meetings, of "
        f"{totals.height:,} in all. A country takes part through its delegation, its officials "
        "or its national agencies."
    )
    chart = responsive_svg(country_bar_chart(top), country_bar_chart(top, narrow=True), "countries")
    figure = f'<figure class="chart">{chart}</figure>'
    return panel("countries", "Engagement by country", lede, figure)


def country_totals(engagement: pl.DataFrame) -> pl.DataFrame:
    """country_engagement summed over years, most meetings first."""
    return (
        engagement.group_by("iso2")
        .agg(
            pl.coalesce(pl.col("name").first(), pl.col("iso2").first()).alias("name"),
            pl.col("meetings", "multilateral_meetings", "bilateral_meetings", "visits", "agreements").sum(),
        )
        .filter((pl.col("meetings") > 0) | (pl.col("agreements") > 0))
        .sort(["meetings", "agreements", "name"], descending=[True, True, False])
    )


def country_bar_chart(top: pl.DataFrame, narrow: bool = False) -> alt.LayerChart:
    """Horizontal stacked bars of meetings per country by type, totals written at the bar ends."""
    long = top.unpivot(
        index=["name", "meetings"],
        on=["multilateral_meetings", "bilateral_meetings", "visits"],
        variable_name="meeting_type",
        value_name="count",
    ).with_columns(
        pl.col("meeting_type").replace(
            {
                "multilateral_meetings": "multilateral",
                "bilateral_meetings": "bilateral",
                "visits": "visit",
            }
        )
    )
    y = alt.Y("name:N", sort=list(top["name"]), title=None, axis=alt.Axis(labelLimit=150 if narrow else 260))
    bars = (
        alt.Chart(long)
        .mark_bar(height={"band": 0.7})
        .encode(
            y=y,
            x=alt.X("sum(count):Q", title="meetings", axis=count_axis(top["meetings"].max() or 1, narrow)),
            color=type_colour(),
            order=alt.Order("meeting_type:N"),
        )
    )
    totals = (
        alt.Chart(top)
        .mark_text(align="left", dx=4, fontSize=12, color="#1f2933")
        .encode(
            y=y,
            x="meetings:Q",
            text=alt.Text("meetings:Q", format="d"),
        )
    )
    return (bars + totals).properties(width=NARROW_CHART_WIDTH - 160 if narrow else 640, height=alt.Step(24))


# ---------------------------------------------------------------------------------------------
# Network drawn by hand


def network_section(data: ReportData) -> str:
    """Who met whom: countries on a circle, lines weighted by bilateral meetings and agreements."""
    pairs = data["country_pairs"].with_columns(weight=pl.col("meetings") + pl.col("agreements"))
    if pairs.is_empty():
        return panel("network", "Who met whom", "", empty_note("No two countries met or signed together yet."))
    strength = node_strengths(pairs)
    shown = [iso2 for iso2, _ in strength[:MAX_NETWORK_COUNTRIES]]
    kept = pairs.filter(pl.col("iso2_a").is_in(shown) & pl.col("iso2_b").is_in(shown))
    lede = (
        f"{plural(pairs.height, 'pair')} of countries that met bilaterally or signed an agreement together"
        + (
            f"; the {len(shown)} most connected of {len(strength)} countries are drawn."
            if len(shown) < len(strength)
            else "."
        )
        + " Line width grows with bilateral meetings plus agreements; the number beside a country is its total."
    )
    legend = (
        '<div class="legend"><span><span class="swatch" style="background:#4c78a8"></span>met bilaterally</span>'
        '<span><span class="swatch" style="background:#7a5195"></span>also signed an agreement</span>'
        "<span>hover a line or a country for details</span></div>"
    )
    hub = network_hub(pairs)
    if hub is not None:
        # A star of spokes around one country says less than its counterparts ranked.
        partners = hub_counterparts(pairs, hub, data)
        lede = (
            f"{plural(pairs.height, 'pair')} of countries that met bilaterally or signed an agreement together; "
            f"{esc(data.country(hub))} takes part in {partners.height:,} of them, so its counterparts are ranked "
            "below by bilateral meetings plus agreements. The table lists every pair."
        )
        title = f"with {data.country(hub)}"
        chart = responsive_svg(counterpart_chart(partners, title), counterpart_chart(partners, title, narrow=True),
                               "network")
        return panel("network", "Who met whom", lede, f'<figure class="chart">{chart}</figure>' + pairs_table(pairs, data))
    svg = network_svg(kept, dict(strength), data)
    # A ring of countries shrunk to a phone's width leaves its names unreadable: there, the pairs ranked.
    narrow = counterpart_chart(ranked_pairs(pairs, data), "bilateral meetings plus agreements", narrow=True)
    figure = (f'<figure class="chart network"><div class="chart-wide">{legend}{svg}</div>'
              f'<div class="chart-narrow">{chart_svg(narrow, "network-narrow")}</div></figure>')
    return panel("network", "Who met whom", lede, figure + pairs_table(pairs, data))


def ranked_pairs(pairs: pl.DataFrame, data: ReportData) -> pl.DataFrame:
    """The heaviest pairs (name "A – B", meetings, agreements, weight), as many as a network shows countries."""
    named = pairs.sort(["weight", "iso2_a", "iso2_b"], descending=[True, False, False]).head(MAX_NETWORK_COUNTRIES)
    return pl.DataFrame({
        "name": [f"{data.country(a)} – {data.country(b)}" for a, b in zip(named["iso2_a"], named["iso2_b"])],
        "meetings": named["meetings"].cast(pl.Int64), "agreements": named["agreements"].cast(pl.Int64),
        "weight": named["weight"].cast(pl.Int64),
    })


def count_axis(maximum: int, narrow: bool = False) -> alt.Axis:
    """An axis of counts with whole-number ticks only (0, 1, 2 … or 0, 5, 10 …), at most 5 on a narrow chart
    and 10 on a wide one."""
    most = 5 if narrow else 10
    step = next(step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000)
                if maximum / step <= most) if maximum <= 10_000 * most else math.ceil(maximum / most)
    return alt.Axis(values=list(range(0, maximum + step, step)), format="d")


def network_hub(pairs: pl.DataFrame) -> str | None:
    """The country in most pairs when it dominates the network (in at least three quarters of its pairs,
    with six counterparts or more), else None."""
    degree: dict[str, int] = defaultdict(int)
    for row in pairs.iter_rows(named=True):
        degree[row["iso2_a"]] += 1
        degree[row["iso2_b"]] += 1
    if not degree:
        return None
    hub = min(degree, key=lambda iso2: (-degree[iso2], iso2))
    return hub if degree[hub] >= 6 and degree[hub] >= 0.75 * pairs.height else None


def hub_counterparts(pairs: pl.DataFrame, hub: str, data: ReportData) -> pl.DataFrame:
    """The hub's counterparts (name, meetings, agreements, weight), most weight first, then by name."""
    rows = [
        {"name": data.country(row["iso2_b"] if row["iso2_a"] == hub else row["iso2_a"]),
         "meetings": row["meetings"], "agreements": row["agreements"], "weight": row["weight"]}
        for row in pairs.iter_rows(named=True) if hub in (row["iso2_a"], row["iso2_b"])
    ]
    frame = pl.DataFrame(rows, schema={"name": pl.String, "meetings": pl.Int64, "agreements": pl.Int64,
                                       "weight": pl.Int64})
    return frame.sort(["weight", "name"], descending=[True, False]).head(MAX_NETWORK_COUNTRIES)


def counterpart_chart(partners: pl.DataFrame, axis_title: str, narrow: bool = False) -> alt.LayerChart:
    """Horizontal bars of bilateral meetings and agreements, one per named row (a hub's counterpart, a pair),
    in the frame's order."""
    long = partners.unpivot(index=["name", "weight"], on=["meetings", "agreements"], variable_name="kind",
                            value_name="count").with_columns(
        pl.col("kind").replace({"meetings": "bilateral meetings", "agreements": "agreements"}))
    y = alt.Y("name:N", sort=list(partners["name"]), title=None, axis=alt.Axis(labelLimit=150 if narrow else 260))
    bars = alt.Chart(long).mark_bar(height={"band": 0.7}).encode(
        y=y,
        x=alt.X("sum(count):Q", title=axis_title, axis=count_axis(partners["weight"].max() or 1, narrow)),
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=["bilateral meetings", "agreements"],
                                                              range=["#4c78a8", "#7a5195"]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
        tooltip=["name:N", "kind:N", "count:Q"],
    )
    totals = alt.Chart(partners).mark_text(align="left", dx=4, fontSize=12, color="#1f2933").encode(
        y=y, x="weight:Q", text=alt.Text("weight:Q", format="d"))
    return (bars + totals).properties(width=NARROW_CHART_WIDTH - 160 if narrow else 640, height=alt.Step(22))


def node_strengths(pairs: pl.DataFrame) -> list[tuple[str, int]]:
    """(iso2, summed weight of its pairs), strongest first."""
    totals: dict[str, int] = defaultdict(int)
    for row in pairs.iter_rows(named=True):
        totals[row["iso2_a"]] += row["weight"]
        totals[row["iso2_b"]] += row["weight"]
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def network_components(nodes: list[str], pairs: pl.DataFrame) -> dict[str, int]:
    """Each country's connected component, numbered from the largest, so groups sit together on the ring."""
    parent = {iso2: iso2 for iso2 in nodes}

    def root(iso2: str) -> str:
        while parent[iso2] != iso2:
            parent[iso2] = parent[parent[iso2]]
            iso2 = parent[iso2]
        return iso2

    for row in pairs.iter_rows(named=True):
        parent[root(row["iso2_a"])] = root(row["iso2_b"])
    members: dict[str, list[str]] = defaultdict(list)
    for iso2 in nodes:
        members[root(iso2)].append(iso2)
    ranked = sorted(members.values(), key=lambda group: (-len(group), min(group)))
    return {iso2: number for number, group in enumerate(ranked) for iso2 in group}


def network_layout(nodes: list[str], pairs: pl.DataFrame, data: ReportData) -> dict[str, tuple[float, float, float]]:
    """(x, y, angle) on a unit circle: groups together, by name within a group; a hub linked to most at the centre."""
    degree: dict[str, int] = defaultdict(int)
    for row in pairs.iter_rows(named=True):
        degree[row["iso2_a"]] += 1
        degree[row["iso2_b"]] += 1
    ranked = sorted(nodes, key=lambda iso2: (-degree[iso2], iso2))
    hub, runner_up = ranked[0], (degree[ranked[1]] if len(ranked) > 1 else 0)
    # Only a real hub (linked to most countries, far more than any other) goes in the middle.
    centred = len(nodes) >= 6 and degree[hub] >= 0.6 * (len(nodes) - 1) and degree[hub] >= 3 * runner_up
    component = network_components(nodes, pairs)
    ring = sorted(
        (iso2 for iso2 in nodes if not (centred and iso2 == hub)),
        key=lambda iso2: (component[iso2], data.country(iso2)),
    )
    layout = {hub: (0.0, 0.0, 0.0)} if centred else {}
    # Starting half a step past the top keeps two-node rings level rather than upright.
    start = -math.pi / 2 + (math.pi / len(ring) if len(ring) <= 4 else 0.0)
    for index, iso2 in enumerate(ring):
        angle = start + 2 * math.pi * index / len(ring)
        layout[iso2] = (math.cos(angle), math.sin(angle), angle)
    return layout


def network_svg(pairs: pl.DataFrame, strength: dict[str, int], data: ReportData) -> str:
    """The network as an SVG element: lines, then dots, then labels on top."""
    nodes = sorted({*pairs["iso2_a"], *pairs["iso2_b"]})
    layout = network_layout(nodes, pairs, data)
    radius = min(320.0, max(130.0, 5.6 * len(nodes)))
    label_room = 24 + 7.0 * max(len(node_label(iso2, strength, data)) for iso2 in nodes)
    width = 2 * (radius + label_room)
    height = 2 * (radius + (label_room if len(nodes) > RADIAL_LABELS_FROM else 40))
    place = {iso2: (width / 2 + radius * x, height / 2 + radius * y, angle) for iso2, (x, y, angle) in layout.items()}
    heaviest = max(pairs["weight"].max() or 1, 1)
    opacity = 0.55 if pairs.height <= 150 else 0.25  # a dense web stays see-through
    lines = [network_edge(row, place, heaviest, opacity, data) for row in pairs.sort("weight").iter_rows(named=True)]
    strongest = max(strength[iso2] for iso2 in nodes)
    radial = len(nodes) > RADIAL_LABELS_FROM
    dots = [
        network_node(iso2, place[iso2], strength, strongest, (width / 2, height / 2), radial, data) for iso2 in nodes
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="Network of countries that met" '
        f"font-family='{CHART_FONT}' font-size=\"12\">"
        f'<g class="edges">{"".join(lines)}</g><g class="nodes">{"".join(dots)}</g></svg>'
    )


def node_label(iso2: str, strength: dict[str, int], data: ReportData) -> str:
    """A country's name and its total of meetings and agreements, e.g. 'France (5)'."""
    return f"{truncate(data.country(iso2), 24)} ({strength[iso2]})"


def network_edge(row: dict, place: dict, heaviest: int, opacity: float, data: ReportData) -> str:
    """One pair as a line, purple where the two also signed an agreement, its numbers in a tooltip."""
    x1, y1, _ = place[row["iso2_a"]]
    x2, y2, _ = place[row["iso2_b"]]
    width = 1.2 + 6 * row["weight"] / heaviest
    colour = "#7a5195" if row["agreements"] else "#4c78a8"
    title = (
        f"{data.country(row['iso2_a'])} – {data.country(row['iso2_b'])}: "
        f"{plural(row['meetings'], 'bilateral meeting')}, {plural(row['agreements'], 'agreement')}"
    )
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
        f'stroke-opacity="{opacity}" stroke-width="{width:.1f}" stroke-linecap="round">'
        f"<title>{esc(title)}</title></line>"
    )


def network_node(
    iso2: str, where: tuple, strength: dict[str, int], strongest: int, centre: tuple, radial: bool, data: ReportData
) -> str:
    """One country: a dot sized by its weight and its label outside the circle (radial when crowded)."""
    x, y, angle = where
    dot = 4 + 7 * math.sqrt(strength[iso2] / max(strongest, 1))
    name = esc(node_label(iso2, strength, data))
    halo = 'stroke="#fff" stroke-width="3" paint-order="stroke" fill="#1f2933"'
    cos, sin = math.cos(angle), math.sin(angle)
    if abs(x - centre[0]) < 1 and abs(y - centre[1]) < 1:
        placed = f'x="{x:.1f}" y="{y + dot + 15:.1f}" text-anchor="middle" font-weight="700"'
    elif radial:
        flipped = cos < -1e-9  # labels on the left half would read upside down
        rotation = math.degrees(angle) + (180 if flipped else 0)
        offset = (dot + 6) * (-1 if flipped else 1)
        placed = (
            f'transform="translate({x:.1f},{y:.1f}) rotate({rotation:.1f})" x="{offset:.1f}" dy="0.35em" '
            f'text-anchor="{"end" if flipped else "start"}"'
        )
    else:
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        lx, ly = x + (dot + 6) * cos, y + (dot + 6) * sin + (12 * sin if anchor == "middle" else 0)
        placed = f'x="{lx:.1f}" y="{ly:.1f}" dy="0.35em" text-anchor="{anchor}"'
    label = f"<text {placed} {halo}>{name}</text>"
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{dot:.1f}" fill="#1d4e89"><title>{name}</title></circle>{label}'


def pairs_table(pairs: pl.DataFrame, data: ReportData) -> str:
    """Every pair as a table, heaviest first, collapsed when long."""
    rows = "".join(
        f"<tr><td>{esc(data.country(row['iso2_a']))} – {esc(data.country(row['iso2_b']))}</td>"
        f'<td class="number">{row["meetings"]:,}</td><td class="number">{row["agreements"]:,}</td>'
        f'<td class="date">{esc(format_span(row["first_date"], row["last_date"]))}</td></tr>'
        for row in pairs.sort(["weight", "iso2_a", "iso2_b"], descending=[True, False, False]).iter_rows(named=True)
    )
    table = html_table(["Countries", "#Bilateral meetings", "#Agreements", "Dates"], rows)
    return collapsible(f"All {plural(pairs.height, 'pair')} as a table", table, pairs.height)


def format_span(first: dt.date | None, last: dt.date | None) -> str:
    """'26 Mar 2019', '12 Dec 2023 – 29 Jun 2024' or 'undated'."""
    if first is None:
        return "undated"
    return format_when(first, last, "day")


# ---------------------------------------------------------------------------------------------
# Agreements


def agreements_section(data: ReportData) -> str:
    """Every agreement with its parties, where and when it was signed, and its evidence."""
    agreements = data["agreements"].sort("signed_date", "title", descending=[True, False], nulls_last=True)
    if agreements.is_empty():
        return panel("agreements", "Agreements", "", empty_note("No signed agreement has been read yet."))
    parties = rows_by(data["agreement_parties"], "agreement_id")
    sources = rows_by(data["agreement_sources"], "agreement_id")
    meetings = {row["meeting_id"]: row for row in data["meetings"].iter_rows(named=True)}
    rows = "".join(
        agreement_row(row, parties.get(row["agreement_id"], []), sources.get(row["agreement_id"], []), meetings, data)
        for row in agreements.iter_rows(named=True)
    )
    table = html_table(["Agreement", "Parties", "Signed", "Evidence"], rows, stacked=True)
    lede = f"{plural(agreements.height, 'agreement')} reported as signed, newest first."
    return panel("agreements", "Agreements", lede, collapsible("Agreements", table, agreements.height))


def agreement_row(row: dict, parties: list[dict], sources: list[dict], meetings: dict, data: ReportData) -> str:
    """One agreement as a table row."""
    party_names = "".join(
        f'<li>{esc(party["party_name"] or party["party_id"])} <span class="role">{esc(party["party_kind"])}</span></li>'
        for party in sorted(parties, key=lambda party: (party["party_kind"], party["party_name"] or ""))
    )
    when = esc(format_when(row["signed_date"], None, row["date_precision"]))
    meeting = meetings.get(row["meeting_id"])
    where = ""
    if meeting:
        where = (
            f'<div class="sub">at <a href="#meeting-{esc(meeting["meeting_id"])}">{esc(meeting["meeting_name"])}</a>, '
            f"{format_place(meeting['city'], meeting['country_iso2'], data)}</div>"
        )
    return (
        f'<tr><td><span class="badge agreement-type">{esc(agreement_label(row["agreement_type"]))}</span> '
        f'{esc(row["title"])}<div class="sub"><code>{esc(row["agreement_id"])}</code> · '
        f"{plural(row['source_count'] or 0, 'source')}</div></td>"
        f'<td><ul class="inline">{party_names or "<li>parties not named</li>"}</ul></td>'
        f"<td>{when}{where}</td><td>{evidence_quotes(sources, data)}</td></tr>"
    )


# ---------------------------------------------------------------------------------------------
# Meetings


@dataclass(frozen=True)
class MeetingIndex:
    """Meetings' children, participants, sources and agreements, by meeting id."""

    children: dict[str, list[dict]]
    participants: dict[str, list[dict]]
    sources: dict[str, list[dict]]
    agreements: dict[str, list[dict]]
    data: ReportData


def meeting_order(row: dict) -> tuple:
    """Multilateral first, then bilateral, then visits; newest first; undated last."""
    start = row["start_date"]
    rank = MEETING_TYPES.index(row["meeting_type"]) if row["meeting_type"] in MEETING_TYPES else len(MEETING_TYPES)
    return rank, start is None, -(start.toordinal() if start else 0), row["meeting_name"] or ""


def meetings_section(data: ReportData) -> str:
    """Every meeting, multilateral ones first with the meetings on their sidelines nested inside."""
    meetings = data["meetings"]
    if meetings.is_empty():
        return panel("meetings", "Meetings", "", empty_note("No meeting has been read yet."))
    index = meeting_index(data)
    known = set(meetings["meeting_id"])
    rows = sorted(meetings.iter_rows(named=True), key=meeting_order)
    tops = [row for row in rows if row["parent_meeting_id"] not in known]
    opened = len(tops) <= OPEN_MEETINGS_LIMIT
    seen: set[str] = set()
    multilateral = [meeting_card(row, index, seen, opened) for row in tops if row["meeting_type"] == "multilateral"]
    others = [meeting_card(row, index, seen, opened) for row in tops if row["meeting_type"] != "multilateral"]
    # Meetings whose parents form a loop hang under no top-level meeting; they are listed here too.
    others += [card for row in rows if row["meeting_id"] not in seen and (card := meeting_card(row, index, seen))]
    content = (
        f"<h3>Multilateral meetings ({len(multilateral):,})</h3>"
        + ("".join(multilateral) or empty_note("None."))
        + f"<h3>Other bilateral meetings and visits ({len(others):,})</h3>"
        + ("".join(others) or empty_note("None: every one was held beside a meeting listed above."))
    )
    lede = (
        f"All {plural(meetings.height, 'meeting')}. Click a meeting for its participants and the sentences it was read "
        "from; meetings held on the sidelines of a larger one are listed inside it."
    )
    return panel("meetings", "Meetings", lede, content)


def meeting_index(data: ReportData) -> MeetingIndex:
    """Children, participants, sources and agreements of every meeting, by meeting id."""
    meetings = data["meetings"]
    is_child = pl.col("parent_meeting_id").is_in(meetings["meeting_id"].implode()) & (
        pl.col("parent_meeting_id") != pl.col("meeting_id")
    )
    return MeetingIndex(
        children=rows_by(meetings.filter(is_child), "parent_meeting_id"),
        participants=rows_by(data["meeting_participants"], "meeting_id"),
        sources=rows_by(data["meeting_sources"], "meeting_id"),
        agreements=rows_by(data["agreements"].filter(pl.col("meeting_id").is_not_null()), "meeting_id"),
        data=data,
    )


def meeting_card(row: dict, index: MeetingIndex, seen: set[str], opened: bool = False) -> str:
    """One meeting as a collapsible card, with its sideline meetings nested."""
    meeting_id = row["meeting_id"]
    if meeting_id in seen:  # a parent cycle in the data must not recurse forever
        return ""
    seen.add(meeting_id)
    children = sorted(index.children.get(meeting_id, []), key=meeting_order)
    data = index.data
    status = ' <span class="badge planned">planned</span>' if row["status"] == "planned" else ""
    facts = [
        esc(format_when(row["start_date"], row["end_date"], row["date_precision"])),
        format_place(row["city"], row["country_iso2"], data),
        plural(row["source_count"] or 0, "source"),
    ]
    if children:
        facts.append(plural(len(children), "meeting") + " on its sidelines")
    summary = (
        f'<summary><span class="badge {esc(row["meeting_type"])}">{esc(row["meeting_type"])}</span>{status} '
        f'<span class="name">{esc(row["meeting_name"] or "unnamed meeting")}</span>'
        f'<span class="facts">{" · ".join(facts)}</span></summary>'
    )
    body = meeting_details(row, index) + sidelines(children, index, seen)
    return (
        f'<details class="meeting {esc(row["meeting_type"])}" id="meeting-{esc(meeting_id)}"'
        f'{" open" if opened else ""}>{summary}<div class="meeting-body">{body}</div></details>'
    )


def meeting_details(row: dict, index: MeetingIndex) -> str:
    """The facts, participants, agreements and evidence of one meeting."""
    terms = [("Id", f"<code>{esc(row['meeting_id'])}</code>")]
    if row["organizer"]:
        terms.append(("Organised by", esc(row["organizer"])))
    if row["ordinal"] is not None:
        terms.append(("Session", f"{row['ordinal']:,}"))
    grouped = rows_by(index.participants.get(row["meeting_id"], []), "participant_kind")
    for kind, label in KIND_LABELS.items():
        if grouped.get(kind):
            terms.append((label, participant_list(grouped[kind])))
    signed = index.agreements.get(row["meeting_id"], [])
    if signed:
        items = "".join(
            f"<li>{esc(agreement['title'])} "
            f'<span class="role">{esc(agreement_label(agreement["agreement_type"]))}</span></li>'
            for agreement in signed
        )
        terms.append(("Signed here", f'<ul class="inline">{items}</ul>'))
    terms.append(("Evidence", evidence_quotes(index.sources.get(row["meeting_id"], []), index.data)))
    return "<dl>" + "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in terms) + "</dl>"


def participant_list(participants: list[dict]) -> str:
    """Participants of one kind grouped by role, hosts and heads of delegation first."""
    by_role = rows_by(participants, "role")
    roles = sorted(
        by_role, key=lambda role: (ROLE_ORDER.index(role) if role in ROLE_ORDER else len(ROLE_ORDER), role or "")
    )
    lines = []
    for role in roles:
        names = sorted(esc(row["participant_name"] or row["participant_id"]) for row in by_role[role])
        lines.append(f'<li><span class="role">{esc(humanize(role) or "role unknown")}</span> {", ".join(names)}</li>')
    return f'<ul class="roles">{"".join(lines)}</ul>'


def sidelines(children: list[dict], index: MeetingIndex, seen: set[str]) -> str:
    """The meetings held on the sidelines of one meeting, in a nested collapsible list."""
    if not children:
        return ""
    cards = "".join(meeting_card(child, index, seen) for child in children)
    by_type = defaultdict(int)
    for child in children:
        by_type[child["meeting_type"]] += 1
    counts = ", ".join(
        plural(count, kind)
        for kind, count in sorted(
            by_type.items(),
            key=lambda item: meeting_order({"meeting_type": item[0], "start_date": None, "meeting_name": ""}),
        )
    )
    opened = " open" if len(children) <= 5 else ""
    return f'<details class="sidelines"{opened}><summary>On the sidelines: {counts}</summary>{cards}</details>'


# ---------------------------------------------------------------------------------------------
# People, discrepancies, articles


def people_section(data: ReportData) -> str:
    """The people who took part in most meetings."""
    people = (
        data["person_engagement"]
        .filter(pl.col("meetings") > 0)
        .sort(["meetings", "countries_met", "full_name"], descending=[True, True, False])
    )
    if people.is_empty():
        return panel("people", "People", "", empty_note("No named person is linked to a meeting yet."))
    agencies = dict(zip(data["agencies"]["agency_id"], data["agencies"]["name"]))
    rows = "".join(
        f"<tr><td>{esc(row['full_name'])}</td><td>{esc(agencies.get(row['agency_id'], ''))}"
        f'<div class="sub">{esc(data.country(row["country_iso2"]))}</div></td>'
        f'<td class="number">{row["meetings"]:,}</td><td class="number">{row["agreements"]:,}</td>'
        f'<td class="number">{row["countries_met"]:,}</td>'
        f'<td class="date">{esc(format_span(row["first_date"], row["last_date"]))}</td></tr>'
        for row in people.iter_rows(named=True)
    )
    table = html_table(["Person", "Agency and country", "#Meetings", "#Agreements", "#Countries met", "Dates"], rows)
    lede = f"{plural(people.height, 'named person', 'named people')} taking part in meetings, most active first."
    return panel("people", "People", lede, collapsible("People", table, people.height))


def subject_names(data: ReportData) -> dict[tuple[str, str], str]:
    """A readable name for every meeting, agreement and person a discrepancy can be about."""
    names = {("meeting", key): value for key, value in data.meeting_names.items()}
    names |= {
        ("agreement", key): value for key, value in zip(data["agreements"]["agreement_id"], data["agreements"]["title"])
    }
    names |= {("person", key): value for key, value in zip(data["persons"]["person_id"], data["persons"]["full_name"])}
    return names


def discrepancies_section(data: ReportData) -> str:
    """Where sources disagree, and where an article's claimed count differs from what it lists."""
    values = data["discrepancies"]
    if values.is_empty():
        return panel("discrepancies", "Discrepancies", "", empty_note("The sources agree on everything read so far."))
    names = subject_names(data)
    claims = values.filter(pl.col("field") == "claimed_count")
    disagreements = values.filter(pl.col("field") != "claimed_count")
    content = ""
    if not disagreements.is_empty():
        content += "<h3>Where sources disagree</h3>" + disagreement_table(disagreements, names)
    if not claims.is_empty():
        content += "<h3>Claimed counts against what is listed</h3>" + claims_table(claims, names)
    lede = "The value shown elsewhere in this report is marked <em>shown</em>; the others are what other articles said."
    return panel("discrepancies", "Discrepancies", lede, content)


def subject_cell(kind: str, subject_id: str, names: dict) -> str:
    """The subject of a discrepancy: its name, kind and id, linked when it is a meeting."""
    name = esc(names.get((kind, subject_id)) or subject_id)
    if kind == "meeting":
        name = f'<a href="#meeting-{esc(subject_id)}">{name}</a>'
    return f'{name}<div class="sub">{esc(kind)} <code>{esc(subject_id)}</code></div>'


def disagreement_table(values: pl.DataFrame, names: dict) -> str:
    """One row per fact and field, listing every value and the articles that gave it."""
    groups = rows_by(
        values.with_columns(key=pl.concat_str("subject_kind", "subject_id", "field", separator="\x1f")), "key"
    )
    rows = []
    for group in groups.values():
        first = group[0]
        items = "".join(
            value_item(value)
            for value in sorted(group, key=lambda value: (not value["is_chosen"], value["value"] or ""))
        )
        rows.append(
            f"<tr><td>{subject_cell(first['subject_kind'], first['subject_id'], names)}</td>"
            f"<td>{esc(humanize(first['field']))}</td><td><ul>{items}</ul></td></tr>"
        )
    table = html_table(["Fact", "Field", "Values given"], "".join(rows))
    return collapsible(plural(len(rows), "disagreement"), table, len(rows))


def html_table(headers: list[str], body: str, stacked: bool = False) -> str:
    """A table with one header row; a header starting with "#" is a right-aligned number column.
    It scrolls inside its card; a stacked one turns each row into a card of its cells on a phone."""
    cells = "".join(f'<th class="number">{esc(h[1:])}</th>' if h.startswith("#") else f"<th>{esc(h)}</th>"
                    for h in headers)
    table_class = ' class="stacked"' if stacked else ""
    return f'<div class="table-scroll"><table{table_class}><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>'


def article_codes(article_ids: list[str] | None) -> str:
    """Article ids as a comma-separated list of code spans."""
    return ", ".join(f"<code>{esc(article)}</code>" for article in article_ids or [])


def value_item(value: dict) -> str:
    """One value the sources gave, marked when it is the one shown, with its articles."""
    shown = ' <span class="role">shown</span>' if value["is_chosen"] else ""
    articles = article_codes(value["article_ids"])
    return f'<li><strong>{esc(value["value"])}</strong>{shown} <span class="sub">— {articles}</span></li>'


def claims_table(claims: pl.DataFrame, names: dict) -> str:
    """An article's claimed number ("held 12 bilateral meetings") beside the number it lists."""
    rows = []
    for group in rows_by(
        claims.with_columns(key=pl.concat_str("subject_id", pl.col("article_ids").list.join(","))), "key"
    ).values():
        claimed = ", ".join(esc(row["value"]) for row in group if not row["is_chosen"])
        listed = ", ".join(esc(row["value"]) for row in group if row["is_chosen"])
        articles = article_codes(group[0]["article_ids"])
        rows.append(
            f"<tr><td>{subject_cell(group[0]['subject_kind'], group[0]['subject_id'], names)}</td>"
            f"<td>{articles}</td><td>{claimed}</td><td>{listed}</td></tr>"
        )
    table = html_table(["Meeting", "Article", "The article claims", "It lists"], "".join(rows))
    return collapsible(plural(len(rows), "claimed count"), table, len(rows))


def articles_section(data: ReportData) -> str:
    """Every input article with its status; refused ones first, with the reason."""
    articles = data["articles"]
    if articles.is_empty():
        return panel("articles", "Articles", "", empty_note("No article has been read yet."))
    refused = articles.filter(~pl.col("status").is_in(READABLE_STATUSES)).sort("article_id")
    loaded = articles.filter(pl.col("status").is_in(READABLE_STATUSES)).sort("article_id")
    content = ""
    if not refused.is_empty():
        content += "<h3>Not loaded</h3>" + article_table(refused, data, with_reason=True)
    content += collapsible(
        f"{plural(loaded.height, 'article')} loaded", article_table(loaded, data, with_reason=False), loaded.height
    )
    lede = f"{plural(loaded.height, 'article')} loaded, {refused.height:,} not loaded."
    return panel("articles", "Articles", lede, content)


def article_table(articles: pl.DataFrame, data: ReportData, with_reason: bool) -> str:
    """Articles as a table: reference, date, language, status and what was read from each."""
    rows = "".join(
        f"<tr><td>{article_reference(row['article_id'], data)}</td>"
        f"<td>{esc(format_when(row['published_date'], None, row['published_date_precision']))}</td>"
        f"<td>{esc(row['language'])}</td><td>{esc(humanize(row['status']))}"
        + (f'<div class="sub">{esc(row["status_reason"])}</div>' if with_reason and row["status_reason"] else "")
        + f'</td><td class="number">{row["meetings"]:,}</td><td class="number">{row["agreements"]:,}</td></tr>'
        for row in articles.iter_rows(named=True)
    )
    return html_table(["Article", "Published", "Language", "Status", "#Meetings", "#Agreements"], rows)
