"""Framework-free stages of the meetings warehouse: ingest, nlp, extract, resolve, load."""
