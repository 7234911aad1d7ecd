"""Signals of the project, sent beside Scrapy's own (:mod:`scrapy.signals`)."""

archive_writing = object()
"""Sent by the store pipeline just before it writes a batch to the archive.

Whoever holds a write transaction open on the archive's file in this process
(the dedupe state, which batches its decisions in a replay) commits it on
this signal: SQLite has one writer at a time, and the store pipeline, in the
same thread, would otherwise wait on a lock that cannot be released.
"""
