from crawler.spiders.given import GivenUrls


def test_inline_urls_then_the_file_in_order_a_batch_at_a_time(tmp_path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# re-parse of January\nhttps://a.example/1\n\n  https://a.example/2  \nhttps://a.example/3\n",
        encoding="utf-8",
    )
    given = GivenUrls("https://b.example/1, https://b.example/1,https://b.example/2", str(listing))
    assert given.total == 5 and len(given) == 5
    assert list(given.take(3)) == [
        "https://b.example/1",
        "https://b.example/2",
        "https://a.example/1",
    ]
    assert len(given) == 2
    assert list(given.take(0)) == ["https://a.example/2", "https://a.example/3"]
    assert not given and list(given.take(10)) == []
    given.close()


def test_a_file_that_lost_lines_after_it_was_counted_ends_the_urls(tmp_path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("https://a.example/1\nhttps://a.example/2\n", encoding="utf-8")
    given = GivenUrls(urls_file=str(listing))
    listing.write_text("https://a.example/1\n", encoding="utf-8")
    assert list(given.take(0)) == ["https://a.example/1"]
    assert len(given) == 0


def test_nothing_given() -> None:
    given = GivenUrls()
    assert given.total == 0 and not given and list(given.take(5)) == []
