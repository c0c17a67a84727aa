"""Dates in Korean and English news, resolved against the publication date.

>>> find_dates("지난 23일 중국에서", published="2024-10-24")[0].value
'2024-10-23'
>>> find_dates("내년 총회", published="2024-10-24")[0].value
'2025'
>>> find_dates("on Nov 24 (Mon) in Seoul", published="2014-11-25")[0].value
'2014-11-24'
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["DateMention", "find_dates", "find_published", "published_from_url"]

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}

#: The end of a range of days (16∼20일, 16일부터 20일까지): the range is dated by its first.
_TO = r"(?:\s?(?:일\s?)?[~∼～-]\s?\d{1,2}|\s?일\s?부터\s?(?:\d{1,2}\s?월\s?)?\d{1,2})?"
_KO = re.compile(
    r"(?P<ymd>(?P<y>(?:19|20)\d{2})\s?년\s?(?P<m>\d{1,2})\s?월(?:\s?(?P<d>\d{1,2})"
    + _TO
    + r"\s?일)?)"
    r"|(?P<iso>(?P<iy>(?:19|20)\d{2})[-./]\s?(?P<im>\d{1,2})[-./]\s?(?P<id>\d{1,2}))"
    r"|(?P<year>(?P<yy>(?:19|20)\d{2})\s?년)"
    r"|(?P<md>(?:(?P<yword>내년|지난해|작년|올해|금년|이듬해)\s?)?(?P<prefix>지난|오는)?\s?"
    r"(?P<mm>\d{1,2})\s?월(?:\s?(?P<md_d>\d{1,2})" + _TO + r"\s?일)?)"
    # a day of the month before, this month or the next (지난달 23일, 이달 5일, 다음 달 28일)
    r"|(?P<month_of>(?P<which>지난\s?달|전월|이달|이번\s?달|금월|다음\s?달|내달|새달)\s?"
    r"(?P<mo_d>\d{1,2})" + _TO + r"\s?일)"
    # the month alone (지난달 행사를 취소했다, 이달 열리는 교류전, 다음 달 방문)
    r"|(?P<month_alone>(?P<which2>지난\s?달|전월|이달|이번\s?달|금월|다음\s?달|내달(?![리려렸]))"
    r"(?![\s\d]*일))"
    # not a span of days (4박 5일, 5일 동안, 5일간)
    r"|(?P<day>(?P<dprefix>지난|오는)?\s?(?<![\d~∼～-])(?<!박)(?<!박\s)(?P<dd>\d{1,2})"
    + _TO
    + r"\s?일(?![간째])(?(dprefix)|(?!\s?(?:동안|간의)))"
    r"(?:부터|까지|에|에는|에도|,|\s|$))"
    r"|(?P<rel>지난해|작년|올해|금년|내년|이듬해|이날|당일|같은\s?날|전날|하루\s?전)"
    # the week before, this one or the next (지난주, 이번 주, 다음 주): not 주민, 주년
    r"|(?P<week>(?P<wk>지난\s?주|이번\s?주|다음\s?주)(?=\s|$|[,.]|에|부터|까지|중|초|말|께|내))"
)
#: A month's name or its abbreviation, whole (not the start of Mayors or Marine).
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_EN = re.compile(
    r"(?P<mdy>\b(?P<mon>" + _MON + r")\b\.?\s(?P<d>\d{1,2})"
    r"(?:st|nd|rd|th)?(?:,?\s(?P<y>(?:19|20)\d{2}))?\b)"
    # the day before the month, as British, Commonwealth and European English write it
    r"|(?P<dmy>\b(?P<d4>\d{1,2})(?:st|nd|rd|th)?(?:\s?[-–]\s?\d{1,2}(?:st|nd|rd|th)?)?"
    r"\s(?:of\s)?(?P<mon4>" + _MON + r")\b\.?"
    r"(?:,?\s(?P<y4>(?:19|20)\d{2}))?\b)"
    r"|(?P<iso>\b(?P<iy>(?:19|20)\d{2})-(?P<im>\d{2})-(?P<id>\d{2})\b)"
    r"|(?P<my>\b(?P<mon2>January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s(?:of\s)?(?P<y2>(?:19|20)\d{2})\b)"
    r"|(?P<year>\b(?:in|since|back in|from|(?:dates?|dating|goes|going|went)\s+back\s+to)\s"
    r"(?P<yy>(?:19|20)\d{2})\b)"
    r"|(?P<rel>\blast year\b|\bnext year\b|\bthis year\b)"
    r"|(?P<relmo>\b(?:earlier\s|later\s)?(?P<rmw>last|next|this)\smonth\b)"
    r"|(?P<week>\b(?P<wk>last|next|this)\sweek\b)"
    # a weekday, against the publication date (signed Saturday, on Thursday, next Monday)
    r"|(?P<wd>\b(?:(?P<wdp>last|next|this coming|this)\s)?(?P<wday>Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)\b)"
    # the day of the month alone (met on the 31st), not an ordinal's noun (the 10th anniversary)
    r"|(?P<nth>\bon\sthe\s(?P<nd>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:anniversary|century|floor|day|"
    r"year|time|edition|session|meeting|round|annual|of\s+[A-Z]|of\s+(?:this|last|next))))"
    # a month with its year in words: last December, next March, in March last year
    r"|(?P<lm>\b(?P<lmw>last|next|this)\s(?P<mon5>January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b)"
    r"|(?P<mo>\b(?:in|since|from|until|by)\s(?:early\s|late\s|mid-)?(?P<mon3>January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b"
    r"(?![\s,]+(?:of\s+)?\d)(?:\s(?P<moy>last|next|this)\syear\b)?)"
    r"|(?P<same>\b(?:earlier|later)\sin\sthe\sday\b|\bthe\ssame\sday\b)"
)
#: Words of what is to come earlier in a date's sentence (plans to hold ... in October).
_FUTURE = re.compile(
    r"\b(?:will|plans?|planning|scheduled|expected|slated|to be held|upcoming|next)\b", re.I
)


def _ahead(text: str, at: int) -> bool:
    """Whether the sentence of ``text[at]`` speaks of what is to come before it: a month
    written without its year after the publication's is then this year's, not last year's."""
    head = text[max(0, at - 160) : at]
    cut = max(head.rfind(". "), head.rfind("\n"))
    return bool(_FUTURE.search(head[cut + 1 :]))


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class DateMention:
    """A date expression in text: its span and ISO value (None when it cannot be resolved)."""

    start: int
    end: int
    value: str | None
    #: "same day" words (이날) that take the date of the previous dated sentence.
    same_day: bool = False
    #: Written after "since" (since 1983, since May 2010): where a standing state began.
    since: bool = False
    #: "the day before" words (전날, 하루 전): the day before the one 이날 would name.
    day_before: bool = False
    #: A month written without its year or a word of time (12월 3일, in December, Dec. 3),
    #: its year taken from the publication's (see core._dated for an event told as done).
    yearless: bool = False


def _week(word: str, pub: _dt.date | None) -> str | None:
    """The week a word names (last week, 지난주, this week, 다음 주), from Monday to Sunday
    around the publication date: its month when the whole week lies in one, else its year
    when that is one."""
    if pub is None:
        return None
    word = word.replace(" ", "").lower()
    shift = -7 if word in ("last", "지난주") else 7 if word in ("next", "다음주") else 0
    monday = pub - _dt.timedelta(days=pub.weekday() - shift)
    sunday = monday + _dt.timedelta(days=6)
    if (monday.year, monday.month) == (sunday.year, sunday.month):
        return f"{monday.year:04d}-{monday.month:02d}"
    return f"{monday.year:04d}" if monday.year == sunday.year else None


def _pub(published: str | None) -> _dt.date | None:
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    return _dt.date(int(m[1]), int(m[2]), int(m[3]))


def _ok(y: int, m: int, d: int | None = None) -> str | None:
    try:
        _dt.date(y, m, d or 1)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def find_dates(
    text: str, *, published: str | None = None, start: int = 0, end: int | None = None
) -> list[DateMention]:
    """Date expressions in ``text[start:end]``, resolved against ``published`` (ISO date)."""
    end = len(text) if end is None else end
    pub = _pub(published)
    out: list[DateMention] = []
    chunk = text[start:end]
    for m in _KO.finditer(chunk):
        value: str | None = None
        same = before = yearless = False
        if m["ymd"]:
            value = _ok(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None)
        elif m["iso"]:
            value = _ok(int(m["iy"]), int(m["im"]), int(m["id"]))
        elif m["year"]:
            value = m["yy"]
        elif m["md"]:
            month = int(m["mm"])
            day = int(m["md_d"]) if m["md_d"] else None
            if pub and 1 <= month <= 12 and m["yword"]:
                # 내년 3월, 지난해 12월: the month of the year the word names
                shift = {"내년": 1, "이듬해": 1, "지난해": -1, "작년": -1}.get(m["yword"], 0)
                value = _ok(pub.year + shift, month, day)
            elif pub and 1 <= month <= 12:
                year = pub.year
                if m["prefix"] == "지난" and month > pub.month:
                    year -= 1
                elif m["prefix"] == "오는" and month < pub.month:
                    year += 1
                elif not m["prefix"] and month > pub.month + 1:
                    year -= 1
                value = _ok(year, month, day)
                yearless = not m["prefix"]
        elif m["month_of"] or m["month_alone"]:
            if pub:
                which = (m["which"] or m["which2"]).replace(" ", "")
                year, month = pub.year, pub.month
                if which in ("지난달", "전월"):
                    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
                elif which in ("다음달", "내달", "새달"):
                    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
                value = _ok(year, month, int(m["mo_d"]) if m["mo_d"] else None)
        elif m["day"]:
            if pub:
                day = int(m["dd"])
                year, month = pub.year, pub.month
                if m["dprefix"] == "오는":
                    if day < pub.day:
                        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
                elif day > pub.day:
                    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
                value = _ok(year, month, day)
        elif m["week"]:
            value = _week(m["wk"], pub)
        elif m["rel"]:
            word = m["rel"].replace(" ", "")
            if word in ("이날", "당일", "같은날"):
                same = True
            elif word in ("전날", "하루전"):
                before = True
            elif pub:
                value = str(
                    pub.year + {"지난해": -1, "작년": -1, "내년": 1, "이듬해": 1}.get(word, 0)
                )
        # A space before the day (the optional one after 지난/오는) is not the date's: at a
        # line's start it would put the date in the sentence before.
        lead = len(m.group()) - len(m.group().lstrip())
        out.append(
            DateMention(
                start + m.start() + lead,
                start + m.end(),
                value,
                same,
                day_before=before,
                yearless=yearless,
            )
        )
    for m in _EN.finditer(chunk):
        value = None
        yearless = bool(
            (m["mo"] and not m["moy"]) or ((m["mdy"] or m["dmy"]) and not (m["y"] or m["y4"]))
        )
        if m["mdy"] or m["dmy"]:
            month = _MONTHS[(m["mon"] or m["mon4"])[:3].lower()]
            given = m["y"] or m["y4"]
            year_or_none = int(given) if given else (pub.year if pub else None)
            if year_or_none is not None:
                year = year_or_none
                if not given and pub:
                    year += _year_shift(month, pub, _ahead(text, start + m.start()))
                value = _ok(year, month, int(m["d"] or m["d4"]))
        elif m["iso"]:
            value = _ok(int(m["iy"]), int(m["im"]), int(m["id"]))
        elif m["my"]:
            value = _ok(int(m["y2"]), _MONTHS[m["mon2"][:3].lower()])
        elif m["year"]:
            value = m["yy"]
        elif m["rel"] and pub:
            value = str(pub.year + {"last year": -1, "next year": 1}.get(m["rel"].lower(), 0))
        elif m["relmo"] and pub:
            year, month = pub.year, pub.month + {"last": -1, "next": 1}.get(m["rmw"].lower(), 0)
            year, month = (
                (year - 1, 12)
                if month == 0
                else (year + 1, 1)
                if month == 13
                else (
                    year,
                    month,
                )
            )
            value = _ok(year, month)
        elif m["week"]:
            value = _week(m["wk"], pub)
        elif m["wd"] and pub:
            wday = _WEEKDAYS.index(m["wday"].lower())
            prefix = (m["wdp"] or "").lower()
            if prefix.startswith("next") or prefix == "this coming":
                shift = (wday - pub.weekday()) % 7 or 7
            elif prefix == "this":
                shift = wday - pub.weekday()
            else:  # the last such day, the publication's own included (on Friday)
                shift = -((pub.weekday() - wday) % 7)
                if prefix == "last" and shift == 0:
                    shift = -7  # "last Friday" in a Friday's paper: a week before
            value = (pub + _dt.timedelta(days=shift)).isoformat()
        elif m["nth"] and pub:
            day = int(m["nd"])
            year, month = pub.year, pub.month
            if day > pub.day:
                year, month = (year - 1, 12) if month == 1 else (year, month - 1)
            value = _ok(year, month, day)
        elif m["lm"] and pub:
            # the nearest such month before the report (last), after it (next), or this year's
            month, word = _MONTHS[m["mon5"][:3].lower()], m["lmw"].lower()
            shift = (-1 if month >= pub.month else 0) if word == "last" else 0
            if word == "next":
                shift = 1 if month <= pub.month else 0
            value = _ok(pub.year + shift, month)
        elif m["mo"] and pub:
            month = _MONTHS[m["mon3"][:3].lower()]
            if m["moy"]:
                shift = {"last": -1, "next": 1}.get(m["moy"].lower(), 0)
                value = _ok(pub.year + shift, month)
            else:
                ahead = _ahead(text, start + m.start())
                value = _ok(pub.year + _year_shift(month, pub, ahead), month)
        since = (
            m.group().lower().startswith("since ")
            or " back to " in m.group().lower()
            or (text[max(0, start + m.start() - 6) : start + m.start()].lower() == "since ")
        )
        same_en = bool(m["same"])
        if m["wd"] and _DATE_AFTER.match(chunk, m.end()):
            continue  # "on Tuesday, Nov. 5": the date written after its weekday says it all
        out.append(
            DateMention(
                start + m.start(), start + m.end(), value, same_en, since=since, yearless=yearless
            )
        )
    out.sort(key=lambda d: d.start)
    return out


#: A date right after a weekday (Tuesday, Nov. 5; Monday 3 June).
_DATE_AFTER = re.compile(
    r",?\s(?:" + _MON + r"\b\.?\s\d|\d{1,2}(?:st|nd|rd|th)?\s(?:of\s)?" + _MON + ")"
)


def _year_shift(month: int, pub: _dt.date, ahead: bool) -> int:
    """The year of a month written without one, against the publication's: a month well
    after the publication's is last year's (met in December, told in February), unless
    the sentence speaks of what is to come; then a month before it is next year's (will
    visit in March, told in November)."""
    if ahead:
        return 1 if month < pub.month else 0
    return -1 if month > pub.month + 1 else 0


_PUBLISHED = re.compile(
    r"(?:기사\s?(?:입력|등록|승인)|입력|등록|승인|발행|게재|date|published|posted)\s?[:：]?\s?"
    r"(?P<y>(?:19|20)\d{2})\s?[-./년]\s?(?P<m>\d{1,2})\s?[-./월]\s?(?P<d>\d{1,2})",
    re.IGNORECASE,
)
_BARE = re.compile(
    r"^\s*(?:[^\n]{0,40}\s)?(?P<y>(?:19|20)\d{2})\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?(?P<d>\d{1,2})\.?",
    re.MULTILINE,
)
#: A dateline: a line that is a date and nothing more (a weekday or a time may follow).
_DATELINE = re.compile(
    r"^\s*(?P<y>(?:19|20)\d{2})\s?년\s?(?P<m>\d{1,2})\s?월\s?(?P<d>\d{1,2})\s?일"
    r"\s*(?:\(?[월화수목금토일]\)?(?:요일)?)?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$",
    re.MULTILINE,
)


#: An English page's date of posting with the month written out (Posted on: October 14,
#: 2024; Published Oct. 14, 2024 3:45 p.m.; Updated: 14 October 2024).
_PUBLISHED_EN = re.compile(
    r"\b(?:published|posted|updated)(?:\s+on)?\s?[:：]?\s?(?:[A-Z][a-z]+day,?\s)?"
    r"(?:(?P<mon>" + _MON + r")\.?\s(?P<d>\d{1,2}),?\s(?P<y>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s(?P<mon2>" + _MON + r")\.?,?\s(?P<y2>(?:19|20)\d{2}))\b",
    re.IGNORECASE,
)
#: A date stamped with its clock time (2022-12-04 15:48:02, 2019.10.10 01:44), anywhere in
#: the text: a page's time of posting or sending, as a wire's footer writes it
#: (기자 이메일/2022-12-04 15:48:02/); an event is told by its day, not to the minute.
_STAMP = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?(?P<d>\d{1,2})\.?"
    r"\s{1,3}(?:\(?[월화수목금토일]\)?\s)?[0-2]?\d:[0-5]\d(?!\d)"
)
#: A photo's credit with its date (ⓒ천지일보 2019.2.22, ⓒ 뉴스원 2024-10-24).
_CREDIT = re.compile(
    r"[ⓒ©]\s?[^\s\d]{1,20}\s(?P<y>(?:19|20)\d{2})\s?[-./]\s?(?P<m>\d{1,2})\s?[-./]\s?"
    r"(?P<d>\d{1,2})(?!\d)"
)


def find_published(text: str) -> str | None:
    """The publication date a page states near its top ("기사입력 2024/10/24"), or None.
    When the top states none, a date stamped with its time anywhere (a wire's footer,
    기자 이메일/2022-12-04 15:48:02/) or a photo credit's date (ⓒ천지일보 2019.2.22).

    >>> find_published("이상훈 | 기사입력 2024/10/24 [10:26]")
    '2024-10-24'
    >>> find_published("긍정의 뉴스 2012. 11. 7. 13:22")
    '2012-11-07'
    >>> find_published("2024년 11월 5일 (화)\\n시는 지난 3일 ...")
    '2024-11-05'
    >>> find_published("Sister city news\\nPosted on: October 14, 2024\\nThe mayor ...")
    '2024-10-14'
    >>> find_published("시는 지난 3일 협약을 맺었다. kim@example.kr/2024-11-05 09:12:33/")
    '2024-11-05'
    """
    head = text[:3000]
    for pattern, where in ((_PUBLISHED, head), (_BARE, head), (_DATELINE, head)) + (
        (_STAMP, text),
        (_CREDIT, text),
    ):
        for m in pattern.finditer(where):
            value = _ok(int(m["y"]), int(m["m"]), int(m["d"]))
            if value:
                return value
        if pattern is _PUBLISHED:
            for m in _PUBLISHED_EN.finditer(head):
                month = _MONTHS[(m["mon"] or m["mon2"])[:3].lower()]
                value = _ok(int(m["y"] or m["y2"]), month, int(m["d"] or m["d2"]))
                if value:
                    return value
    return None


#: A date in a news URL: /2024/08/07/ or 2008-07-16 as parts of the path, or eight digits
#: that begin an article number (AKR20220616097000096, 202405161451Y, 20191008691884).
_URL_SPLIT = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<s>[/-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?!\d)"
)
_URL_RUN = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?=\d{2,}|\D|$)")


def published_from_url(url: str | None, *, latest: _dt.date | None = None) -> str | None:
    """The publication date a news URL carries, or None: the path's /YYYY/MM/DD/ or
    YYYY-MM-DD, else the eight digits a dated article number begins with. A date after
    ``latest`` (default: today) is an article number, not a date.

    >>> published_from_url("https://example.com/site/data/html/2024/08/07/2024080700102.html")
    '2024-08-07'
    >>> published_from_url("https://news.example.co.kr/view/AKR20220616097000096")
    '2022-06-16'
    >>> published_from_url("https://example.com/amp/202405161451Y")
    '2024-05-16'
    >>> published_from_url("https://example.com/news/articleView.html?idxno=525491") is None
    True
    """
    if not url:
        return None
    parts = urlsplit(url)
    where = parts.path + "?" + parts.query
    latest = latest or _dt.date.today()
    for pattern in (_URL_SPLIT, _URL_RUN):
        for m in pattern.finditer(where):
            value = _ok(int(m["y"]), int(m["m"]), int(m["d"]))
            if value and _dt.date.fromisoformat(value) <= latest:
                return value
    return None
