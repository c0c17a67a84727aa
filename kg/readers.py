"""Reading articles: .txt, .md, .html, .jsonl of articles, RSS/Atom; encodings detected.

Encodings are detected from what the bytes show, not guessed: a byte-order mark (UTF-8,
UTF-16), NUL bytes in every other position (UTF-16 without a mark), strict UTF-8, then
CP949 (a superset of EUC-KR). Anything else is an :class:`~kg.errors.InputError` that
names the file and the byte position.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

from kg.errors import InputError
from kg.extract.dates import find_published
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
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.stack: list[tuple[str, bool]] = []
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
            if tag == "br":
                self.parts.append("\n")
            return
        chrome = tag in _SKIP or bool(
            _CHROME_CLASS.search(a.get("class", "") + " " + a.get("id", ""))
        )
        if tag == "title":
            self._in_title = True
        self.stack.append((tag, chrome))
        if chrome:
            self.skip += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, chrome in self.stack[i:]:
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


def html_to_text(markup: str) -> tuple[str, str | None, dict[str, str]]:
    """Text of a page without its chrome (menus, related links, share buttons), title, meta tags."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    title = parser.meta.get("og:title") or parser.title.strip() or None
    return text, title, parser.meta


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
    hangul = len(re.findall(r"[\uac00-\ud7a3]", text[:3000]))
    letters = sum(ch.isalpha() for ch in text[:3000]) or 1
    return "ko" if hangul / letters > 0.3 else "en"


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
    text = decode(data, source)
    suffix = p.suffix.lower()
    head = text.lstrip()[:500].lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _jsonl(text, source)
    if (
        suffix in (".rss", ".atom", ".xml")
        or head.startswith("<?xml")
        and ("<rss" in head or "<feed" in head)
    ):
        return _feed(text, source)
    if suffix in (".html", ".htm") or head.startswith(("<!doctype html", "<html")):
        body, title, meta = html_to_text(text)
        published = _iso(
            meta.get("article:published_time") or meta.get("date") or meta.get("pubdate")
        ) or find_published(body)
        url = meta.get("og:url")
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


_FRONT = re.compile(r"\A---\n(?P<meta>.*?)\n---\n", re.S)


def _markdown(text: str, source: str) -> Article:
    """Markdown as plain text: front matter read, links and images and markup dropped."""
    meta: dict[str, str] = {}
    front = _FRONT.match(text)
    if front:
        for line in front["meta"].splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end() :]
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(?:#{1,6}|>)\s?", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    article = read_text_article(text, source)
    published = _iso(meta.get("date") or meta.get("published")) or article.published
    return Article(
        source=source,
        text=text,
        title=meta.get("title") or article.title,
        url=meta.get("url"),
        published=published,
        lang=article.lang,
    )


def _jsonl(text: str, source: str) -> list[Article]:
    out = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                f"not JSON: {err.msg}",
                path=source,
                line=lineno,
                column=err.colno,
                hint="write one JSON object per line",
            ) from err
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            raise InputError(
                'an article line needs a "text" string',
                path=source,
                line=lineno,
                hint='e.g. {"text": "...", "title": "...", "url": "...", "published": "2024-10-24"}',  # noqa: E501
            )
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


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _feed(text: str, source: str) -> list[Article]:
    try:
        root = ET.fromstring(text.encode("utf-8") if text.lstrip().startswith("<?xml") else text)
    except ET.ParseError as err:
        line, col = err.position
        raise InputError(
            f"not a well-formed feed: {err}",
            path=source,
            line=line,
            column=col + 1,
            hint="give an RSS 2.0 or Atom file",
        ) from err
    out = []
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    for item in items:
        fields: dict[str, str] = {}
        for child in item:
            name = _local(child.tag)
            if name == "link" and child.get("href"):
                fields.setdefault("link", child.get("href") or "")
            elif child.text and child.text.strip():
                fields.setdefault(name, child.text.strip())
        body = (
            fields.get("encoded")
            or fields.get("content")
            or fields.get("description")
            or fields.get("summary")
            or ""
        )
        body = html_to_text(html.unescape(body))[0] if "<" in body else html.unescape(body)
        title = fields.get("title")
        full = (title + "\n" + body) if title and title not in body else body
        url = fields.get("link") or fields.get("guid") or fields.get("id")
        published = _iso(
            fields.get("pubDate")
            or fields.get("published")
            or fields.get("updated")
            or fields.get("date")
        )
        src = url or f"{source}#{hashlib.sha1(full.encode()).hexdigest()[:12]}"
        out.append(
            Article(
                source=src, text=full, title=title, url=url, published=published, lang=_lang(full)
            )
        )
    return out
