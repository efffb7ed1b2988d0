-- Grain: one row per agreement and article that reports it (with the evidence read).
create table fct_agreement_sources (
    agreement_id varchar,
    article_id varchar,
    evidence varchar
);
