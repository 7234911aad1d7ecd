"""Item pipelines, one job each: clean, health, validate, dedupe, store (the archive)."""
