-- Grain: one row per id published earlier that a merge retired, with the id that now stands for it.
create table id_aliases (
    subject_kind varchar not null,
    alias_id varchar not null,
    subject_id varchar not null,
    primary key (subject_kind, alias_id)
);
