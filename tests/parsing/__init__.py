"""Tests of :mod:`crawler.parsing`; a site whose span misses the article, shared by them."""

from crawler.extract.page import Span
from crawler.sites.hankyung import Hankyung


class FooterSpan(Hankyung):
    """hankyung with a span that misses the article: a layout the span was not drawn from."""

    article_span = Span(b"<footer", b"</footer>")
