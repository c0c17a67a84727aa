"""Readers: file kinds, encodings told from the bytes, page chrome stripped, errors that point."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract import extract
from kg.extract.dates import published_from_url
from kg.readers import decode, read_articles

DATA = Path(__file__).parent / "data" / "extract"
SENTENCE = "안산시는 지난 3일 중국 웨이하이시와 자매결연을 체결했다.\n기사입력 2024/05/04\n"


@pytest.mark.parametrize(
    "data",
    [
        SENTENCE.encode("utf-8"),
        codecs.BOM_UTF8 + SENTENCE.encode("utf-8"),
        SENTENCE.encode("cp949"),
        SENTENCE.encode("euc-kr"),
        SENTENCE.encode("utf-16"),  # with BOM
        SENTENCE.encode("utf-16-le"),  # without BOM: told by the NUL bytes
        SENTENCE.encode("utf-16-be"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    [article] = read_articles(path)
    assert article.text == SENTENCE
    assert article.published == "2024-05-04"
    assert {c.name for r in extract(article) for c in r.cities} == {"Ansan", "Weihai"}


def test_undecodable_bytes_name_file_and_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes("줄 하나\n".encode() + b"\xff\xfe\xfa\x80\x81 broken")
    with pytest.raises(InputError, match=r"bad.txt, line 2: .*UTF-8.*CP949") as info:
        read_articles(path)
    assert "iconv" in str(info.value)


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such file"):
        read_articles("does/not/exist.txt")


def test_html_without_chrome() -> None:
    [article] = read_articles(DATA / "page.html")
    assert article.title == "수원시, 일본 나가노시와 우호교류 협약"
    assert article.published == "2024-03-15"
    assert article.url == "https://news.example/articles/123" and article.publisher == "가상일보"
    for chrome in ("톈진", "삿포로", "오사카", "공유하기", "샌안토니오"):
        assert chrome not in article.text
    pairs = {frozenset(c.name for c in r.cities) for r in extract(article)}
    assert pairs == {frozenset({"Suwon", "Nagano"})}


def test_jsonl_articles(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"text": "안산시는 중국 웨이하이시와 자매결연을 체결했다.", "title": "t", '
        '"url": "https://x.example/1", "published": "2024-05-04"}\n\n'
        '{"text": "Seattle signed a sister city agreement with Daejeon.", "published": "2024/05/05"}\n',  # noqa: E501
        encoding="utf-8",
    )
    first, second = read_articles(path)
    assert (first.source, first.url, first.published, first.title) == (
        "https://x.example/1",
        "https://x.example/1",
        "2024-05-04",
        "t",
    )
    assert second.source == f"{path}#line=3" and second.published == "2024-05-05"
    assert extract(second)[0].source == second.source


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "a"}\n{"text": ', r"line 2, column \d+: not JSON"),
        ('{"title": "no text"}', r"line 1: an article line needs a \"text\""),
        ('{"text": "a", "published": "someday"}', r"line 1: published 'someday' is not a date"),
    ],
)
def test_jsonl_errors_point_at_the_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_articles(path)


def test_rss_feed() -> None:
    first, second = read_articles(DATA / "feed.rss")
    assert first.source == first.url == "https://city.example/news/1"
    assert first.published == "2024-04-02" and first.title == "포항시, 중국 훈춘시와 교류협력 협약"
    assert "<p>" not in first.text
    assert {c.name for r in extract(first) for c in r.cities} == {"Pohang", "Hunchun"}
    assert {c.name for r in extract(second) for c in r.cities} == {"Gimhae", "Da Nang"}


def test_atom_feed() -> None:
    [entry] = read_articles(DATA / "feed.atom")
    assert entry.url == "https://city.example/atom/1" and entry.published == "2023-09-01"
    types = {r.type.value for r in extract(entry)}
    assert "visit" in types


def test_broken_feed_points_at_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<rss><channel><item>\n</channel></rss>', encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"bad.rss, line 3, column \d+: not a well-formed feed"):
        read_articles(path)


def test_decode_doctest_examples() -> None:
    assert decode("쿤밍".encode("cp949")) == "쿤밍"


def test_markdown_front_matter_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: 메모\ndate: 2024-06-01\n---\n# 제목\n\n**안산시**는 [중국 웨이하이시](https://x.example)와 "  # noqa: E501
        "자매결연을 체결했다. ![사진](a.png)\n",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert (article.title, article.published) == ("메모", "2024-06-01")
    assert "**" not in article.text and "https://" not in article.text and "#" not in article.text
    assert {c.name for r in extract(article) for c in r.cities} == {"Ansan", "Weihai"}


@pytest.mark.parametrize(
    ("url", "published"),
    [
        ("https://news.example/site/data/html/2024/08/07/2024080700102.html", "2024-08-07"),
        ("https://news.example/archive/35-2008-07-16-voa6-91360859", "2008-07-16"),
        ("https://news.example/view/AKR20220616097000096", "2022-06-16"),
        ("https://news.example/view_amp.html?ar_id=NISX20240425_0002713341", "2024-04-25"),
        ("https://news.example/amp/202405161451Y", "2024-05-16"),
        ("https://news.example/news/articleView.html?idxno=525491", None),
        ("https://news.example/news/6423676", None),
        ("https://news.example/view/20241399000001", None),  # month 13: an article number
        ("https://news.example/2099/01/01/later", None),  # after today: not a date
        (None, None),
    ],
)
def test_a_news_url_carries_its_publication_date(url: str | None, published: str | None) -> None:
    assert published_from_url(url) == published


def test_an_article_without_a_stated_date_takes_its_urls(tmp_path: Path) -> None:
    """'지난 6일' needs the month and year of publication; a page, a feed item or a JSON line
    that states none takes them from the date in its URL (the text's own stays first)."""
    text = "공주시는 일본 야마구치시와 자매결연 30주년 기념식을 지난 6일 야마구치에서 열었다."
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text(
        json.dumps(
            {"text": text, "url": "https://news.example/2024/08/07/1.html"}, ensure_ascii=False
        )
        + "\n"
        + json.dumps(
            {"text": "기사입력 2024.09.02\n" + text, "url": "https://news.example/2024/08/07/2"},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    first, second = read_articles(jsonl)
    assert (first.published, second.published) == ("2024-08-07", "2024-09-02")
    assert {r.date for r in extract(first) if r.type.value == "exchange"} >= {"2024-08-06"}
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><link rel="canonical" href="https://news.example/view/AKR20240807001">'
        f"</head><body><article><p>{text}</p></article></body></html>",
        encoding="utf-8",
    )
    [article] = read_articles(page)
    assert (article.url, article.published) == (
        "https://news.example/view/AKR20240807001",
        "2024-08-07",
    )
