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

select * from final
