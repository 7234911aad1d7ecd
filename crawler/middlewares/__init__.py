"""Downloader middlewares: replay, record and bot-wall detection."""
