-- Grain: one row per meeting, participant and role.
-- No primary key: the pipeline owns deduplication and a participant may hold two roles.
create table fct_meeting_attendees (
    meeting_id varchar,
    participant_kind varchar,
    participant_id varchar,
    role varchar
);
