-- Grain: one row per input article or refused input (every dim_articles row).
create or replace view reporting.articles as
with

articles as (
    select * from main.dim_articles
),

article_facts as (
    select * from main.fct_article_facts
),

-- Summed per article so a repeated article_id in the facts cannot duplicate an article row.
fact_counts as (
    select
        article_id,
        sum(meetings) as meetings,
        sum(agreements) as agreements
    from article_facts
    group by article_id
),

final as (
    select
        articles.article_id,
        articles.url,
        articles.title,
        articles.outlet,
        articles.published_date,
        articles.published_date_precision,
        articles.language,
        articles.status,
        articles.status_reason,
        cast(coalesce(fact_counts.meetings, 0) as integer) as meetings,
        cast(coalesce(fact_counts.agreements, 0) as integer) as agreements
    from articles
    left join fact_counts on articles.article_id = fact_counts.article_id
)

select * from final;

-- What it means, for BI tools (duckdb_views/duckdb_tables/duckdb_columns) and the data dictionary.
comment on view reporting.articles is
'One row per input article or refused input, with its metadata, what happened to it, and how many facts were read from it.';
comment on column reporting.articles.article_id is 'Id of the article: its file name without extension, or its id in a JSONL file.';
comment on column reporting.articles.url is 'Address of the article, from the manifest, else NULL.';
comment on column reporting.articles.title is 'Title, from the manifest or the page, else NULL.';
comment on column reporting.articles.outlet is 'Publisher, from the manifest, else NULL.';
comment on column reporting.articles.published_date is 'Publication date; the first day of the month or year where only that is known.';
comment on column reporting.articles.published_date_precision is 'day, month, year or unknown: how exact published_date is.';
comment on column reporting.articles.language is 'en or fr (ISO 639-1), given or detected.';
comment on column reporting.articles.status is 'loaded, repaired (loaded after a repair), duplicate, unsupported_language or rejected.';
comment on column reporting.articles.status_reason is 'What happened to it, in words (e.g. "empty file", "not valid UTF-8: decoded as cp1252"), else NULL.';
comment on column reporting.articles.meetings is 'How many meetings were read from it.';
comment on column reporting.articles.agreements is 'How many agreements were read from it.';
