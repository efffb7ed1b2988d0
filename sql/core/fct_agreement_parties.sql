-- Grain: one row per agreement and party (agency or country).
create table fct_agreement_parties (
    agreement_id varchar,
    party_kind varchar,
    party_id varchar
);
