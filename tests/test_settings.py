"""Defaults of every crawl that no component owns."""

from __future__ import annotations

import re

from scrapy.settings import default_settings

from crawler import settings as project_settings
from tests.conftest import FIXTURES, ROOT


def test_a_crawl_opens_no_port(crawl) -> None:
    result = crawl("hankyung", "-s", f"REPLAY={FIXTURES / 'hankyung'}")
    assert len(result.items) == 2
    assert "Telnet console listening" not in result.log
    assert "Remote control HTTP server listening" not in result.log
    assert "TelnetConsole" not in result.log.split("Enabled extensions:")[1].split("INFO")[0]


def test_every_setting_of_the_project_is_in_the_readme_s_table() -> None:
    """One table of the project's own settings, none missing, none that no longer exists."""
    own = {
        name
        for name in dir(project_settings)
        if name.isupper() and not hasattr(default_settings, name)
    }
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    assert own <= table
    assert table - {"DUPEFILTER_CLASS"} <= own  # a Scrapy setting the project sets
