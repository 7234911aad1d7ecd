"""Photos inside an article body, with their captions."""

from __future__ import annotations

from urllib.parse import urljoin

from parsel import Selector

from crawler.extract.text import text_of
from crawler.items import Image


def figure_images(container: Selector | None, base_url: str) -> list[Image]:
    """Images of the ``<figure>`` elements in *container*, captions from ``<figcaption>``.

    Lazy-loading pages keep the real address in ``data-src``; inline ``data:``
    placeholders are skipped.
    """
    if container is None:
        return []
    images = []
    for figure in container.css("figure"):
        src = figure.css("img::attr(data-src)").get() or figure.css("img::attr(src)").get()
        if not src or not src.strip() or src.startswith("data:"):
            continue
        captions = figure.css("figcaption")
        caption = text_of(captions[0]) if captions else ""
        images.append(Image(url=urljoin(base_url, src.strip()), caption=caption or None))
    return images
