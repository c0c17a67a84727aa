"""The readers' libraries on the cases that broke: a page's main text (readability-lxml)
inside real-style templates, feeds of each kind in UTF-8 and EUC-KR (feedparser), JSON
Lines holding U+2028, YAML front matter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.readers import html_to_text, read_articles

PAGES = Path(__file__).parent / "data" / "pages"
ARTICLES = json.loads((PAGES / "articles.json").read_text(encoding="utf-8"))
#: What each template shows around the article (menus, lists, comments, footers).
CHROME = {
    "portal": [
        "많이 본 뉴스",
        "아파트 전셋값",
        "관련기사",
        "좋은 소식이네요",
        "개인정보처리방침",
        "페이스북",
        "국회 예산안",
        "저작권자",
    ],
    "gov": [
        "로그인",
        "민원안내",
        "공지사항",
        "이전글",
        "만족하십니까",
        "대표전화",
        "본문 바로가기",
    ],
    "blog": [
        "cookies",
        "Subscribe",
        "newsletter",
        "Share this",
        "Trending",
        "Joe's Pizza",
        "thoughts on this story",
        "Privacy",
    ],
}
# Paragraphs as each kind of site marks them up: <br><br>, <div> lines, <p>.
BODY = {
    "portal": lambda ps: "<br><br>\n".join(ps),
    "gov": lambda ps: "\n".join(f"<div>{p}</div>" for p in ps),
    "blog": lambda ps: "\n".join(f"<p>{p}</p>" for p in ps),
}


def _page(template: str, article: dict[str, object]) -> str:
    paragraphs = article["paragraphs"]
    assert isinstance(paragraphs, list)
    html = (PAGES / f"{template}.html").read_text(encoding="utf-8")
    return html.replace("@TITLE@", str(article["title"])).replace(
        "@BODY@", BODY[template](paragraphs)
    )


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("template", sorted(CHROME))
def test_main_text_of_every_article_in_every_template(template: str) -> None:
    for article in ARTICLES:
        text = _norm(html_to_text(_page(template, article))[0])
        for paragraph in article["paragraphs"]:
            assert _norm(paragraph) in text, (template, article["title"])
        kept = [w for w in CHROME[template] if w in text]
        assert kept == [], (template, article["title"])


def test_chrome_words_in_the_layout_do_not_drop_the_article() -> None:
    # body class="header-fixed", main class="layout-with-sidebar": both in the portal
    page = _page("portal", ARTICLES[0])
    assert 'class="header-fixed' in page and 'class="layout-with-sidebar"' in page
    text, title, meta = html_to_text(page)
    assert "우호도시 협약을 체결했다" in text
    assert title == ARTICLES[0]["title"] and meta["og:site_name"] == "한빛일보"


def test_an_html_file_goes_through_kg_ingest(tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / "news.html"
    path.write_text(_page("portal", ARTICLES[0]), encoding="utf-8")
    [article] = read_articles(path)
    assert article.published == "2024-10-24" and article.publisher == "한빛일보"
    result = runner.invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(path)])
    assert result.exit_code == 0 and "1 article(s) added" in result.output, result.output


RSS2 = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0"><channel><title>가상일보</title><link>https://news.example/</link>
<item><title>고양시, 이우시와 우호도시 협약</title><link>https://news.example/a/1</link>
<description><![CDATA[<p>고양시는 23일 중국 이우시와 우호도시 협약을 맺었다.</p>]]></description>
<pubDate>Thu, 24 Oct 2024 09:00:00 +0900</pubDate></item>
<item><title>진주시 대표단 쿤밍 방문</title><link>https://news.example/a/2</link>
<description>진주시 대표단이 쿤밍시를 방문했다.</description>
<pubDate>Fri, 25 Oct 2024 10:00:00 +0900</pubDate></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="{enc}"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>가상일보</title><id>urn:feed</id>
<updated>2024-10-25T10:00:00+09:00</updated>
<entry><title>고양시, 이우시와 우호도시 협약</title><link href="https://news.example/a/1"/>
<id>urn:a1</id><updated>2024-10-24T09:00:00+09:00</updated>
<content type="html">&lt;p&gt;고양시는 23일 중국 이우시와 우호도시 협약을 맺었다.&lt;/p&gt;
</content></entry>
<entry><title>진주시 대표단 쿤밍 방문</title><link href="https://news.example/a/2"/>
<id>urn:a2</id><updated>2024-10-25T10:00:00+09:00</updated>
<summary>진주시 대표단이 쿤밍시를 방문했다.</summary></entry>
</feed>
"""
RSS1 = """<?xml version="1.0" encoding="{enc}"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example/"><title>가상일보</title><link>https://news.example/</link>
<description>지역 소식</description>
<items><rdf:Seq><rdf:li rdf:resource="https://news.example/a/1"/>
<rdf:li rdf:resource="https://news.example/a/2"/></rdf:Seq></items></channel>
<item rdf:about="https://news.example/a/1"><title>고양시, 이우시와 우호도시 협약</title>
<link>https://news.example/a/1</link>
<description>고양시는 23일 중국 이우시와 우호도시 협약을 맺었다.</description>
<dc:date>2024-10-24T09:00:00+09:00</dc:date></item>
<item rdf:about="https://news.example/a/2"><title>진주시 대표단 쿤밍 방문</title>
<link>https://news.example/a/2</link>
<description>진주시 대표단이 쿤밍시를 방문했다.</description>
<dc:date>2024-10-25T10:00:00+09:00</dc:date></item>
</rdf:RDF>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "euc-kr"])
@pytest.mark.parametrize(
    ("kind", "template", "suffix"),
    [
        ("rss2", RSS2, ".rss"),
        ("atom", ATOM, ".atom"),
        ("rss1", RSS1, ".rdf"),
        ("rss2-xml", RSS2, ".xml"),
    ],
)
def test_feeds_of_each_kind_in_both_encodings(
    tmp_path: Path, runner: CliRunner, kind: str, template: str, suffix: str, encoding: str
) -> None:
    path = tmp_path / f"feed{suffix}"
    path.write_bytes(template.format(enc=encoding).encode(encoding))
    articles = read_articles(path)
    assert [a.url for a in articles] == ["https://news.example/a/1", "https://news.example/a/2"]
    assert [a.published for a in articles] == ["2024-10-24", "2024-10-25"]
    assert "이우시와 우호도시 협약을 맺었다" in articles[0].text and "<p>" not in articles[0].text
    assert articles[1].title == "진주시 대표단 쿤밍 방문" and articles[0].publisher == "가상일보"
    result = runner.invoke(cli, ["--store", str(tmp_path / "s"), "ingest", str(path)])
    assert result.exit_code == 0 and "2 article(s) added" in result.output, result.output


def test_a_broken_feed_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.rdf"
    path.write_text(
        RSS1.format(enc="utf-8").replace("</title>\n<link>https://news.example/a/1", "\n<link>x"),
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=r"broken.rdf, line \d+, column \d+: not a well-formed feed"
    ):
        read_articles(path)


def test_json_lines_holding_u2028_are_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    first = {
        "text": "고양시는 이우시와 협약을 맺었다.\u2028두 도시는 교류를 넓힌다.",
        "url": "https://x.example/1",
    }
    second = {
        "text": "Jinju met Kunming.\u2029\u0085Second paragraph.",
        "url": "https://x.example/2",
    }
    path.write_text(
        json.dumps(first, ensure_ascii=False)
        + "\n"
        + json.dumps(second, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    articles = read_articles(path)
    assert [a.text for a in articles] == [first["text"], second["text"]]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(first, ensure_ascii=False) + '\n{"text": "cut\u2028', encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"bad.jsonl, line 2, column \d+: not JSON"):
        read_articles(bad)


def test_markdown_front_matter_is_yaml(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "---\n"
        'title: "고양시: 이우시와 협약"\n'
        "date: 2024-10-24\n"
        "tags: [exchange, friendship]\n"
        "url: https://news.example/a/1\n"
        "publisher: 가상일보\n"
        "summary: >\n  두 줄에 걸친\n  요약\n"
        "---\n"
        "# 고양시, 이우시와 우호도시 협약\n\n고양시는 23일 중국 이우시와 우호도시 협약을 맺었다.\n",
        encoding="utf-8",
    )
    [article] = read_articles(path)
    assert article.title == "고양시: 이우시와 협약"  # the colon inside quotes stays
    assert article.published == "2024-10-24" and article.url == "https://news.example/a/1"
    assert article.publisher == "가상일보"
    assert "tags" not in article.text and article.text.lstrip().startswith("고양시, 이우시와")


def test_front_matter_that_is_not_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: fine\ndate: [2024-10-24\n---\nText.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.md, line \d+.*front matter is not valid YAML"):
        read_articles(path)


DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset" / "texts"


@pytest.mark.slow
def test_devset_texts_in_the_templates_keep_their_paragraphs() -> None:
    """The dev set's texts (read here, written nowhere) as pages of each template: the
    main text keeps every paragraph, and the chrome stays out. ``pytest -s`` prints the
    figures."""
    import html as html_lib

    if not DEVSET.is_dir():
        pytest.skip(f"{DEVSET} is absent (the dev set lives in ../shared)")
    found = total = kept = offered = pages = 0
    for template in sorted(CHROME):
        for path in sorted(DEVSET.glob("*.txt")):
            lines = path.read_text(encoding="utf-8").split("\n")
            paragraphs = [html_lib.escape(ln.strip()) for ln in lines if len(ln.strip()) > 20]
            if not paragraphs:
                continue
            article = {"title": paragraphs[0][:60], "paragraphs": paragraphs}
            text = _norm(html_to_text(_page(template, article))[0])
            found += sum(_norm(html_lib.unescape(p)) in text for p in paragraphs)
            total += len(paragraphs)
            kept += sum(w in text for w in CHROME[template])
            offered += len(CHROME[template])
            pages += 1
    print(f"\n{pages} pages: paragraphs kept {found}/{total}, chrome phrases kept {kept}/{offered}")
    assert found / total >= 0.99
    assert kept / offered <= 0.02
