"""Item pipelines, one job each: clean, health, validate, dedupe (the archive is a feed export)."""
