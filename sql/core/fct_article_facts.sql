-- Grain: one row per article that yielded facts (counts of meetings and agreements read from it).
create table fct_article_facts (
    article_id varchar,
    meetings integer,
    agreements integer
);
