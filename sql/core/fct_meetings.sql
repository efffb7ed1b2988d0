-- Grain: one row per real-world meeting, however many articles report it.
create table fct_meetings (
    meeting_id varchar primary key,
    meeting_type varchar,
    meeting_name varchar,
    parent_meeting_id varchar,
    ordinal integer,
    organizer_agency_id varchar,
    city varchar,
    country_iso2 varchar,
    start_date date,
    end_date date,
    date_precision varchar,
    status varchar,
    source_count integer
);
