"""Passwords out of every message: connection URLs and DSNs as a person may see them.

A PostgreSQL archive is named by a connection string that may hold a
password in any of its forms (``postgresql://user:secret@host/db``, the same
percent-encoded, ``host=… password=secret`` or ``password='se cret'``). Such a
string reaches error messages (``cannot connect to …``) and Scrapy's own log
lines (``Stored pg feed … in: <uri>``), and from there logs and cron mail.
:func:`redact` is applied to our messages, and :class:`RedactingFilter`, on
every log handler of a crawl, to everything logged.
"""

from __future__ import annotations

import logging
import re
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler

MASK = "***"
_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s:/@]*:)[^\s@/]*@")
_KEYWORD_PASSWORD = re.compile(
    r"(\bpassword\s*=\s*)(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s'\"]+)", re.IGNORECASE
)


def redact(text: str) -> str:
    """*text* with every password of a connection URL or keyword DSN replaced by ``***``."""
    if "@" not in text and "password" not in text.lower():
        return text
    text = _URL_PASSWORD.sub(rf"\g<1>{MASK}@", text)
    return _KEYWORD_PASSWORD.sub(rf"\g<1>{MASK}", text)


class RedactingFilter(logging.Filter):
    """Redacts passwords in log records (message, arguments and traceback) before output."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_redaction() -> None:
    """Add :class:`RedactingFilter` to every handler of the root logger, once."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


class RedactLogs:
    """Extension: the crawl's log handlers redact passwords, whatever logs them.

    Installed again once the engine has started: ``Crawler.crawl`` replaces
    Scrapy's root handler after the extensions are built.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        install_redaction()
        crawler.signals.connect(install_redaction, signal=signals.engine_started)
        return cls()
