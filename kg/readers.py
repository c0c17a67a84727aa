"""Reading articles: .txt, .md, .html, .jsonl of articles, RSS/Atom/RSS 1.0; encodings detected.

Encodings are detected from what the bytes show, not guessed: a byte-order mark (UTF-8,
UTF-16), NUL bytes in every other position (UTF-16 without a mark), strict UTF-8, then
CP949 (a superset of EUC-KR). Anything else is an :class:`~kg.errors.InputError` that
names the file and the byte position.

Kept libraries do what they do best: readability-lxml finds a page's main text (measured
on articles written for the tests inside three real-style page templates, in
``tests/test_readers_libraries.py``), feedparser reads every feed dialect in the encoding
its XML declares (EUC-KR included), PyYAML reads Markdown front matter; JSON Lines go
through :func:`kg.io.iter_json_lines`, the one reader that breaks lines at ``\n``
only (U+2028 is legal inside a JSON string).
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html
import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from xml.sax import SAXParseException

from kg.errors import InputError
from kg.extract.dates import find_published, published_from_url
from kg.extract.text import is_korean
from kg.io import iter_json_lines
from kg.model import Article

__all__ = ["read_articles", "decode", "html_to_text", "read_text_article"]


def decode(data: bytes, path: str = "<bytes>") -> str:
    """Text of ``data``: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), CP949/EUC-KR.

    >>> decode("고양시".encode("cp949"))
    '고양시'
    >>> decode(codecs.BOM_UTF16_LE + "이우".encode("utf-16-le"))
    '이우'
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path)
    sample = data[:4000]
    # UTF-8 and CP949 text never holds a NUL byte; UTF-16 does for every ASCII character
    # (spaces, digits, punctuation), on odd positions little-endian, even ones big-endian.
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        return _strict(data, "utf-16-le" if odd >= even else "utf-16-be", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_err:
        try:
            return data.decode("cp949")
        except UnicodeDecodeError:
            line = data[: utf8_err.start].count(b"\n") + 1
            raise InputError(
                f"is neither UTF-8 nor CP949/EUC-KR text (bad byte at position {utf8_err.start})",
                path=path,
                line=line,
                hint="save the file as UTF-8, or convert it with iconv",
            ) from utf8_err


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"is not valid {encoding.upper()} (bad byte at position {err.start})",
            path=path,
            hint="save the file as UTF-8",
        ) from err


_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "title",
    "dd",
    "dt",
    "figcaption",
    "table",
    "ul",
    "ol",
}
_SKIP = {
    "script",
    "style",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "noscript",
    "iframe",
    "svg",
    "select",
    "menu",
    "template",
    "head",
}
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|menu|gnb|lnb|footer|sidebar|aside|related|share|sns|social|"
    r"comment|copyright|banner|ad|ads|advert|breadcrumb|popular|ranking|tag|recommend|"
    r"subscribe|login|util|header)(?:$|[\s_-])",
    re.I,
)


class _Text(HTMLParser):
    """Text with line breaks at block elements, the title and the meta tags; with
    ``chrome=True`` it also leaves out elements whose class or id names page chrome (the
    fallback when no main text is found)."""

    def __init__(self, chrome: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.drop_chrome = chrome
        self.parts: list[str] = []
        self.skip = 0
        self.stack: list[tuple[str, bool]] = []
        # how many of each tag the stack holds: an end tag that closes nothing (a page
        # of 40,000 unclosed <div>s and stray </span>s) is not looked for through it all
        self.open: Counter[str] = Counter()
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag in ("br", "img", "hr", "input", "link"):
            if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
                self.meta.setdefault("canonical", a["href"])
            if tag == "br":
                self.parts.append("\n")
            return
        chrome = tag in _SKIP or (
            self.drop_chrome
            and bool(_CHROME_CLASS.search(a.get("class", "") + " " + a.get("id", "")))
        )
        if tag == "title":
            self._in_title = True
        self.stack.append((tag, chrome))
        self.open[tag] += 1
        if chrome:
            self.skip += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self.open[tag]:
            # the scan stops at the innermost open one; what it passes is closed with it,
            # so each element is scanned over once: linear in the page
            for i in range(len(self.stack) - 1, -1, -1):
                if self.stack[i][0] == tag:
                    for name, chrome in self.stack[i:]:
                        self.open[name] -= 1
                        if chrome:
                            self.skip -= 1
                    del self.stack[i:]
                    break
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if not self.skip:
            self.parts.append(data)


def _parse(markup: str, chrome: bool = False) -> _Text:
    parser = _Text(chrome)
    parser.feed(markup)
    parser.close()
    return parser


def _tidy(parts: list[str]) -> str:
    text = re.sub(r"[ \t\u00a0]+", " ", "".join(parts))
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def main_text(markup: str) -> str:
    """The main text of a page, found by readability-lxml (``""`` when it finds none)."""
    from lxml.etree import ParserError
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(markup).summary(html_partial=True)
    except (Unparseable, ParserError, ValueError):
        return ""
    return _tidy(_parse(_drop_small_chrome(summary)).parts)


def _drop_small_chrome(fragment: str) -> str:
    """The fragment without the blocks readability keeps beside a short article (share
    buttons, a copyright line): elements whose class or id names chrome, unless they hold
    most of the text (then the chrome word is a layout's, as in ``layout-with-sidebar``)."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return fragment
    total = len(root.text_content().strip()) or 1
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')}"
        if _CHROME_CLASS.search(names) and len(el.text_content().strip()) < 0.5 * total:
            el.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def html_to_text(markup: str) -> tuple[str, str | None, dict[str, str]]:
    """Main text of a page without its chrome (menus, related links, share buttons, comments),
    its title and its meta tags.

    >>> page = ("<html><body class='header-fixed'><nav>Home News</nav><main class='layout-with-"
    ...         "sidebar'><p>Goyang signed a friendship agreement with Yiwu on Wednesday, the "
    ...         "city said, after two years of talks between the two city halls.</p></main>"
    ...         "<footer>Copyright</footer></body></html>")
    >>> html_to_text(page)[0]
    'Goyang signed a friendship agreement with Yiwu on Wednesday, the city said, after two years of talks between the two city halls.'
    """  # noqa: E501
    whole = _parse(markup)
    title = whole.meta.get("og:title") or whole.title.strip() or None
    text = main_text(markup) if markup.strip() else ""
    # readability found little or nothing (a page too broken to parse, a bare fragment):
    # the page without what looks like chrome, else all of its text.
    filtered = _tidy(_parse(markup, chrome=True).parts)
    if len(text) < 50 or len(text) < 0.2 * len(filtered):
        rest = filtered or _tidy(whole.parts)
        text = rest if len(rest) > len(text) else text
    return text, title, whole.meta


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    m = re.search(r"((?:19|20)\d{2})[-./년]\s?(\d{1,2})[-./월]\s?(\d{1,2})", value)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _lang(text: str) -> str:
    # The test extraction uses to choose its rules (a regex count: a tenth of the time of
    # counting letters in Python, 0.5 ms an article before).
    return "ko" if is_korean(text) else "en"


def read_text_article(text: str, source: str) -> Article:
    """An article from plain text: outlet and headline from the top lines, the date it states."""
    lines = [ln.strip() for ln in text.split("\n")[:40] if ln.strip()][:3]
    publisher = None
    title = lines[0] if lines else None
    # A short first line above a longer one: the outlet (와이즈월드뉴스), then the headline.
    if (
        len(lines) >= 2
        and len(lines[0]) <= 15
        and len(lines[0].split()) <= 2
        and len(lines[1]) > 15
    ):
        publisher, title = lines[0], lines[1]
    return Article(
        source=source,
        text=text,
        title=title,
        published=find_published(text),
        publisher=publisher,
        lang=_lang(text),
    )


def read_articles(path: str | Path) -> list[Article]:
    """The articles of one file, by its extension; raises InputError naming file and place."""
    p = Path(path)
    source = str(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file", path=source, hint="check the path") from err
    except IsADirectoryError as err:
        raise InputError(
            "is a folder, not a file", path=source, hint="give the files inside it"
        ) from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=source) from err
    suffix = p.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return _feed(data, source)  # as bytes: the feed's XML declaration names its encoding
    text = decode(data, source)
    head = text.lstrip()[:800].lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl(text, source)
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf:rdf" in head):
        return _feed(data, source)
    if suffix in (".html", ".htm") or head.startswith(("<!doctype html", "<html")):
        body, title, meta = html_to_text(text)
        published = _iso(
            meta.get("article:published_time") or meta.get("date") or meta.get("pubdate")
        ) or find_published(body)
        url = meta.get("og:url") or meta.get("canonical")
        published = published or published_from_url(url)
        return [
            Article(
                source=source,
                text=body,
                title=title,
                url=url,
                published=published,
                publisher=meta.get("og:site_name"),
                lang=_lang(body),
            )
        ]
    if suffix in (".md", ".markdown"):
        return [_markdown(text, source)]
    return [read_text_article(text, source)]


_FRONT = re.compile(r"\A---[ \t]*\r?\n(?P<meta>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def _front_matter(block: str, source: str) -> dict[str, str]:
    """The YAML front matter of a Markdown file, keys lower-cased, values as text (a YAML
    date as YYYY-MM-DD); InputError with the line for YAML that does not parse."""
    import yaml

    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(
            f"front matter is not valid YAML: {getattr(err, 'problem', None) or err}",
            path=source,
            line=mark.line + 2 if mark is not None else None,  # +1 for the opening ---
            column=mark.column + 1 if mark is not None else None,
            hint="write the front matter as `key: value` lines between two --- lines",
        ) from err
    if not isinstance(data, dict):
        return {}
    out = {}
    for key, value in data.items():
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        if value is not None and not isinstance(value, (dict, list)):
            out[str(key).strip().lower()] = str(value).strip()
    return out


# A link's text holds no bracket and its target at most one level of parentheses
# (wiki/Foo_(bar)), matched possessively: each match attempt stops at the next bracket, so
# a line of 200 KB of "![" or "[a](" is read in linear time, not in minutes.
_TARGET = r"\((?:[^()\n]++|\([^()\n]*+\))*+\)"
_IMAGE = re.compile(r"!\[[^\[\]]*+\]" + _TARGET)
_LINK = re.compile(r"\[([^\[\]]++)\]" + _TARGET)


def _markdown(text: str, source: str) -> Article:
    """Markdown as plain text: front matter read, links and images and markup dropped."""
    meta: dict[str, str] = {}
    front = _FRONT.match(text)
    if front:
        meta = _front_matter(front["meta"], source)
        text = text[front.end() :]
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"^\s{0,3}(?:#{1,6}|>)\s?", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    article = read_text_article(text, source)
    url = meta.get("url") or meta.get("link")
    published = (
        _iso(meta.get("date") or meta.get("published"))
        or article.published
        or published_from_url(url)
    )
    return Article(
        source=source,
        text=text,
        title=meta.get("title") or article.title,
        url=url,
        published=published,
        publisher=meta.get("publisher") or meta.get("source") or article.publisher,
        lang=meta.get("lang") or article.lang,
    )


def _jsonl(text: str, source: str) -> list[Article]:
    out = []
    lines = iter_json_lines(text, source, invalid="not JSON", hint="write one JSON object per line")
    for lineno, obj in lines:
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError(
                'an article line needs a "text" string',
                path=source,
                line=lineno,
                hint='e.g. {"text": "...", "title": "...", "url": "...", "published": "2024-10-24"}',  # noqa: E501
            )
        from .sanity import check_article, check_article_size

        try:
            check_article(obj)
            check_article_size(obj["text"])
        except ValueError as err:
            raise InputError(str(err), path=source, line=lineno) from err
        body = obj["text"]
        if re.search(r"<(?:p|div|br|html)\b", body[:2000], re.I):
            body = html_to_text(body)[0]
        published = obj.get("published") or obj.get("date")
        iso = _iso(str(published)) if published else find_published(body)
        if published and iso is None:
            raise InputError(
                f"published {published!r} is not a date",
                path=source,
                line=lineno,
                hint="use YYYY-MM-DD",
            )
        url = obj.get("url")
        iso = iso or published_from_url(url)
        src = url or f"{source}#line={lineno}"
        out.append(
            Article(
                source=src,
                text=body,
                title=obj.get("title"),
                url=url,
                published=iso,
                publisher=obj.get("publisher"),
                lang=obj.get("lang") or _lang(body),
            )
        )
    return out


#: Extensions read as feeds (RSS 0.9x/1.0/2.0, Atom): RSS 1.0 is RDF, often saved as .rdf.
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rdf")


def _fragment_text(markup: str) -> str:
    """Text of an HTML fragment that is all content (a feed item's body)."""
    return _tidy(_parse(markup).parts)


def _feed(data: bytes, source: str) -> list[Article]:
    """The items of a feed, by feedparser (every RSS and Atom dialect, in the encoding its
    XML declaration names); InputError naming the line when nothing can be read."""
    import feedparser

    # A stream, never a string: feedparser would take a string that looks like a URL
    # for one and fetch it.
    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=True)
    err = parsed.get("bozo_exception")
    # Malformed XML is an error, though feedparser's loose parser would read on and return
    # what it could; its other complaints (an encoding declared wrong) are not.
    broken = isinstance(err, SAXParseException)
    if broken or not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        line = err.getLineNumber() if hasattr(err, "getLineNumber") else None
        col = err.getColumnNumber() + 1 if hasattr(err, "getColumnNumber") else None
        reason = f"not a well-formed feed: {err}" if err else "not a feed (no RSS or Atom items)"
        raise InputError(
            reason, path=source, line=line, column=col, hint="give an RSS or Atom file"
        ) from (err if isinstance(err, Exception) else None)
    from .sanity import check_article_size

    publisher = parsed.feed.get("title") or None
    out = []
    for number, entry in enumerate(parsed.entries, 1):
        contents = entry.get("content") or []
        raw = (contents[0].get("value") if contents else None) or entry.get("summary") or ""
        body = _fragment_text(raw) if "<" in raw else html.unescape(raw).strip()
        title = entry.get("title") or None
        full = (title + "\n" + body) if title and title not in body else body
        url = entry.get("link") or None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (
            dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
            if stamp
            else _iso(entry.get("published") or entry.get("updated"))
        ) or published_from_url(url)
        try:
            check_article_size(full)
        except ValueError as err:
            raise InputError(f"item {number}: {err}", path=source) from None
        key = url or entry.get("id") or hashlib.sha1(full.encode()).hexdigest()[:12]
        src = url or f"{source}#{key}"
        out.append(
            Article(
                source=src,
                text=full,
                title=title,
                url=url,
                published=published,
                publisher=publisher,
                lang=_lang(full),
            )
        )
    return out
