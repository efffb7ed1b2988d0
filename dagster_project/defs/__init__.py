"""Dagster definitions of the meetings warehouse, one file per kind of object."""
