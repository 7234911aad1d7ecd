"""Site modules and the registry that maps URLs to them.

Adding a site is one module here that defines a :class:`~crawler.sites.base.Site`
subclass instance named ``SITE``, plus its entry in :data:`SITES`.
"""

from __future__ import annotations

from crawler.sites import edaily, hankyung, mk, mt, sedaily
from crawler.sites.base import Site

SITES: dict[str, Site] = {
    site.key: site for site in (hankyung.SITE, mk.SITE, mt.SITE, edaily.SITE, sedaily.SITE)
}
"""Every site with a module, by key."""


def site_for_url(url: str) -> Site | None:
    """The site module that serves *url*, or None for a domain without one."""
    for site in SITES.values():
        if site.owns(url):
            return site
    return None


__all__ = ["SITES", "Site", "site_for_url"]
