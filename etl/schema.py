"""Polars schemas of the frames that pass between stages and of the warehouse's core tables.

Each stage returns frames with exactly these columns, so the loader can bulk-insert them through
Arrow into the tables that `sql/core/*.sql` declares with the same names and columns.
"""
from __future__ import annotations

import polars as pl

# Article statuses the pipeline reads; the others are refused inputs, kept with their reason.
READABLE_STATUSES = ("loaded", "repaired")

STRING_LIST = pl.List(pl.String)

ARTICLES = {
    "article_id": pl.String,
    "source_file": pl.String,
    "content_hash": pl.String,  # sha256 of the decoded text; NULL for refused input
    "text": pl.String,
    "url": pl.String,
    "title": pl.String,
    "outlet": pl.String,
    "published_date": pl.Date,
    "published_date_precision": pl.String,  # day | month | year | unknown
    "language": pl.String,
    "status": pl.String,  # loaded | repaired | duplicate | unsupported_language | rejected
    "status_reason": pl.String,
}

# Warehouse tables (one frame per table; the loader writes them as they are).
CORE_TABLES: dict[str, dict[str, pl.DataType]] = {
    "dim_articles": {
        "article_id": pl.String,
        "source_file": pl.String,
        "content_hash": pl.String,
        "url": pl.String,
        "title": pl.String,
        "outlet": pl.String,
        "published_date": pl.Date,
        "published_date_precision": pl.String,
        "language": pl.String,
        "status": pl.String,
        "status_reason": pl.String,
    },
    "dim_countries": {
        "iso2": pl.String,
        "iso3": pl.String,
        "name": pl.String,
        "name_fr": pl.String,
        "region": pl.String,
        "subregion": pl.String,
    },
    "dim_agencies": {
        "agency_id": pl.String,
        "name": pl.String,
        "acronym": pl.String,
        "aliases": STRING_LIST,
        "agency_type": pl.String,  # national | international
        "country_iso2": pl.String,
    },
    "dim_people": {
        "person_id": pl.String,
        "full_name": pl.String,
        "aliases": STRING_LIST,
        "title": pl.String,
        "agency_id": pl.String,
        "country_iso2": pl.String,
        "mention_count": pl.Int32,
    },
    "dim_dates": {
        "date_day": pl.Date,
        "year": pl.Int32,
        "quarter": pl.Int32,
        "month": pl.Int32,
        "month_name": pl.String,
        "day_of_month": pl.Int32,
        "day_of_week": pl.String,
        "iso_week": pl.Int32,
    },
    "fct_meetings": {
        "meeting_id": pl.String,
        "meeting_type": pl.String,  # multilateral | bilateral | visit
        "meeting_name": pl.String,
        "parent_meeting_id": pl.String,
        "ordinal": pl.Int32,
        "organizer_agency_id": pl.String,
        "city": pl.String,
        "country_iso2": pl.String,
        "start_date": pl.Date,
        "end_date": pl.Date,
        "date_precision": pl.String,  # day | month | year | no_year | unknown
        "status": pl.String,  # held | planned
        "source_count": pl.Int32,
    },
    "fct_meeting_attendees": {
        "meeting_id": pl.String,
        "participant_kind": pl.String,  # person | agency | country
        "participant_id": pl.String,
        "role": pl.String,  # host | organizer | head_of_delegation | counterpart | participant
    },
    "fct_meeting_sources": {
        "meeting_id": pl.String,
        "article_id": pl.String,
        "evidence": pl.String,
    },
    "fct_agreements": {
        "agreement_id": pl.String,
        "agreement_type": pl.String,  # mou | agreement | protocol | declaration
        "title": pl.String,
        "meeting_id": pl.String,
        "signed_date": pl.Date,
        "date_precision": pl.String,
        "source_count": pl.Int32,
    },
    "fct_agreement_parties": {
        "agreement_id": pl.String,
        "party_kind": pl.String,  # agency | country
        "party_id": pl.String,
    },
    "fct_agreement_sources": {
        "agreement_id": pl.String,
        "article_id": pl.String,
        "evidence": pl.String,
    },
    # Values the sources gave for one field of one fact, including the ones not chosen.
    "fct_fact_values": {
        "subject_kind": pl.String,  # meeting | agreement | person
        "subject_id": pl.String,
        "field": pl.String,
        "value": pl.String,
        "is_chosen": pl.Boolean,
        "article_ids": STRING_LIST,
    },
    # Article-level counts of what was read, for reporting.articles.
    "fct_article_facts": {
        "article_id": pl.String,
        "meetings": pl.Int32,
        "agreements": pl.Int32,
    },
    # The id registry (etl.ids): the mentions behind each published id, read back by the next build so
    # that ids survive new reports, merges and splits; and the ids a merge retired, with their successor.
    "id_registry": {
        "subject_kind": pl.String,  # agency | person | meeting | agreement
        "subject_id": pl.String,
        "article_id": pl.String,
        "mention_key": pl.String,  # local id of a meeting or agreement; name as read of a person or agency
    },
    "id_aliases": {
        "subject_kind": pl.String,
        "alias_id": pl.String,
        "subject_id": pl.String,
    },
}


def empty_frame(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with the given schema."""
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The frame with exactly the schema's columns, in order, cast to the schema's types."""
    columns = []
    for name, dtype in schema.items():
        if name in frame.columns:
            columns.append(pl.col(name).cast(dtype))
        else:
            columns.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(columns)
