"""Dagster layer over `etl`: thin assets, resources and checks."""
