-- Grain: one row per calendar day.
create table dim_dates (
    date_day date primary key,
    year integer,
    quarter integer,
    month integer,
    month_name varchar,
    day_of_month integer,
    day_of_week varchar,
    iso_week integer
);
