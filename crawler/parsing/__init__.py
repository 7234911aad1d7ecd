"""From a page's bytes to an :class:`~crawler.items.Article`: the site's parser (or the
generic one) over the part of the page it reads (:mod:`~crawler.parsing.pages`), here
or in worker processes during a replay (:mod:`~crawler.parsing.pool`)."""
