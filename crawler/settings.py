"""Scrapy settings of the project.

Project settings carry a prefix per component (``REPLAY``, ``RECORD``,
``BOTWALL_*``, ``VALIDATE_*``) and have their defaults here, each with the
reason it has that value. Override any of them with ``-s NAME=VALUE``.
"""

from __future__ import annotations

from crawler import __version__, sites

BOT_NAME = "kbiz-news-crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

PROJECT_URL = "https://github.com/kbiz-news-crawler/kbiz-news-crawler"
# An honest agent that names the project and where to read about it: edaily
# and mt disallow Scrapy's default agent in robots.txt, and a named agent lets
# a site's operator reach us instead of blocking blindly.
USER_AGENT = f"{BOT_NAME}/{__version__} (+{PROJECT_URL})"
ROBOTSTXT_OBEY = True

# Politeness: one request at a time per site, a few seconds apart, slower
# still when the site answers slowly.
CONCURRENT_REQUESTS = 8
# Items of one response processed at once. The pipelines are synchronous, so
# more gains nothing, and Scrapy starts this many asyncio tasks per response
# (the default, 100, was a tenth of a replay crawl's time).
CONCURRENT_ITEMS = 1
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_SLOTS = {
    host: {"concurrency": 1, "delay": site.download_delay}
    for site in sites.SITES.values()
    for domain in site.domains
    for host in (domain, f"www.{domain}", f"m.{domain}")
}
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 3.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 60
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5",
}

EXTENSIONS = {
    "crawler.extensions.gcfreeze.FreezeStartupObjects": 0,
    "crawler.utils.secrets.RedactLogs": 0,
    "crawler.extensions.progress.Progress": 0,
}
# No password of a connection URL or DSN reaches a log line (crawler/utils/secrets.py).
# The objects of the start-up are left out of full garbage collections.
GC_FREEZE = True
# A crawl run from cron opens no port: no telnet console, no remote-control
# HTTP server (both on by default in Scrapy).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Progress per site with an ETA: a live line on a terminal, else a log line
# every PROGRESS_INTERVAL seconds; nothing for a crawl shorter than
# PROGRESS_DELAY seconds. PROGRESS_LIVE unset: live when stderr is a terminal.
PROGRESS = True
PROGRESS_INTERVAL = 60.0
PROGRESS_DELAY = 5.0
PROGRESS_LIVE = None

# Scrapy's duplicate filter with 8 bytes a request instead of a set of
# fingerprints: what a crawl remembers no longer grows with the archive.
DUPEFILTER_CLASS = "crawler.dupefilter.CompactDupeFilter"

DOWNLOADER_MIDDLEWARES = {
    # Sees a response after decompression and before RetryMiddleware (550),
    # so a challenge served as 503 is recognised before it is retried blindly.
    # Before anything is scheduled for download: stored articles are skipped.
    "crawler.middlewares.incremental.IncrementalMiddleware": 120,
    "crawler.middlewares.botwall.BotWallMiddleware": 560,
    # Scrapy's own, in its place (580), except that a page with no "refresh"
    # near its top is not decoded to look for one.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.metarefresh.HeadMetaRefreshMiddleware": 580,
    # Closest to the network: recording keeps the bytes as they came, and a
    # replayed response passes through every other middleware like a live one.
    "crawler.middlewares.record.RecordMiddleware": 980,
    "crawler.middlewares.replay.ReplayMiddleware": 990,
}

# With -s REDIS_URL=redis://host:6379/0 the crawl becomes one worker of a
# cluster sharing its frontier in Redis (crawler/cluster.py).
# With -s REPLAY=…, the middlewares that do nothing for saved responses are off.
ADDONS = {"crawler.addons.ClusterAddon": 0, "crawler.addons.ReplayAddon": 0}
REDIS_URL = ""
# A worker's lease on a request it took: past it, another worker retries it.
CLUSTER_LEASE_SECONDS = 600.0
CLUSTER_MAX_ATTEMPTS = 3
# How long the claim on a run's discovery lasts, and the seen-set after it.
CLUSTER_DISCOVERY_SECONDS = 300.0
CLUSTER_SEEN_SECONDS = 86_400

ITEM_PIPELINES = {
    "crawler.pipelines.clean.CleanPipeline": 100,
    "crawler.pipelines.health.HealthPipeline": 150,
    "crawler.pipelines.validate.ValidatePipeline": 200,
    "crawler.pipelines.dedupe.DedupePipeline": 300,
    # Last: what reaches it is stored (off when the crawl writes no archive).
    "crawler.pipelines.store.StorePipeline": 900,
}

# Replay: answer every request from saved responses (a WARC file or a folder
# of saved pages); nothing touches the network. Empty means a live crawl.
REPLAY = ""
# Record: write every response received to this WARC file (.warc or .warc.gz).
RECORD = ""
# Worker processes that parse article pages. None: one for a replay on a
# machine with two CPUs or more once 300 or more pages wait to be crawled (a
# replay is bound by the CPU), none for a live crawl (bound by the network and
# the sites' download delays). See crawler/parsing/pool.py.
PARSE_WORKERS = None

# Bot walls (Cloudflare challenge pages): retried this many times, with the
# site's download delay doubled each time up to BOTWALL_MAX_DELAY seconds.
BOTWALL_MAX_RETRIES = 2
BOTWALL_MAX_DELAY = 300.0

# Cleaning rules to switch off, by name (see crawler/extract/furniture.py).
CLEAN_DISABLED_RULES: list[str] = []

# Discovered articles become requests this many at a time, so that a huge
# sitemap does not hold every request in memory; 0 schedules them all at once.
DISCOVERY_BATCH = 500
# Discovered entries waiting for their batch stay in memory up to this many
# (about 300 bytes each); the rest wait in a temporary file.
DISCOVERY_BACKLOG_MEMORY = 10_000

# Incremental crawls: skip discovered articles the SQLite archive holds,
# unchanged. Off, every discovered article is fetched again.
INCREMENTAL = True
# The archive to check; by default the crawl's own "-o archive.db".
INCREMENTAL_PATH = ""

# Items without these fields are dropped with the reason in the stats.
VALIDATE_REQUIRED_FIELDS = ["title", "body"]
# Share of U+FFFD replacement characters above which the text is mojibake
# from a wrong charset, and the item is dropped.
VALIDATE_MAX_REPLACEMENT_RATIO = 0.01

# Write the final stats of a crawl to this JSON file; empty for none.
STATS_CLASS = "crawler.statscollectors.FileStatsCollector"
STATS_FILE = ""

# Deduplication (crawler/pipelines/dedupe.py). Its state lives in the crawl's
# SQLite archive, or in DEDUPE_PATH, or in memory for one run.
DEDUPE_PATH = ""
# Estimated Jaccard similarity of character 5-gram sets above which two bodies
# are near duplicates: wire copy republished with another byline and footer
# scores above 0.8, two reports on the same earnings day below 0.3.
DEDUPE_THRESHOLD = 0.7
DEDUPE_NUM_PERM = 64
# Decisions per transaction of the dedupe state. An open transaction holds the
# file's write lock (committed whenever the archive writes a batch), so a live
# crawl commits each; a replay (REPLAY set) commits every 100, some 0.3 s.
DEDUPE_COMMIT_EVERY = 1
# SQLite page cache of the dedupe state, in MB. A bulk run that commits many
# decisions at once wants the bucket table's dirty pages to fit; a crawl's
# one-at-a-time decisions do as well from the operating system's file cache,
# and a larger cache would only grow its memory with the archive
# (docs/performance.md).
DEDUPE_CACHE_MB = 2
# "mark": set duplicate_of on duplicates; "drop": drop them.
DEDUPE_ACTION = "mark"

# The archive (crawler/pipelines/store.py): "-o data/articles.db" (or a
# PostgreSQL URL) sets ARCHIVE, "-O" also ARCHIVE_OVERWRITE (start afresh).
ARCHIVE = ""
ARCHIVE_OVERWRITE = False
# Written in transactions of this many items, or of whatever arrived within
# this many seconds, whichever comes first.
ARCHIVE_BATCH_SIZE = 500
ARCHIVE_BATCH_SECONDS = 5.0
# Seconds a write to a SQLite file (the archive, the dedupe state) waits for
# another writer's transaction before giving up.
SQLITE_TIMEOUT = 30.0

# Every other -o/-O is a Scrapy feed; a .jsonl.gz path writes gzipped JSON Lines.
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {"gz": "crawler.exporters.GzipJsonLinesItemExporter"}
FEED_STORE_EMPTY = True

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
