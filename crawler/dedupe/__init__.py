"""Deduplication: exact and near-duplicate detection with persistent state."""
