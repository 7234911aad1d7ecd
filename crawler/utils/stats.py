"""One way to name stats: ``component/event/reason``."""

from __future__ import annotations


def stat_key(*parts: str) -> str:
    """Join non-empty *parts* into a namespaced stats key (``validate/dropped/no_title``)."""
    return "/".join(p for p in parts if p)
