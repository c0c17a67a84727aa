"""Korean: Kiwi (loaded once, lazily), city mentions with their particles, officials.

A mention is a gazetteer name at the start of an eojeol whose rest parses as an
administrative suffix (시, 군, 구...), a title or body of the government (시장, 구청장,
시의회, 시청...) and particles. Anything else after the name makes it part of another
noun: an organisation (부산은행, 대구FC, 광주지검, 양주시축구협회) or an event, and not a
city. A bare name followed by a plain noun (광저우 교역회) modifies that noun.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kg.extract.text import Sentence
from kg.gazetteer import KO_SUFFIXES, Gazetteer, norm_ko
from kg.model import City

log = logging.getLogger(__name__)

__all__ = ["kiwi", "tokenize", "KoMention", "find_mentions", "COUNTRIES_KO", "TITLES"]

_LOCK = threading.Lock()
_KIWI: Any = None


def kiwi(threads: int = 1) -> Any:
    """The process's one Kiwi analyser, built on first use with gazetteer names registered.

    ``threads`` is how many threads of its own Kiwi analyses a list of texts on; the first
    call in a process decides it. One is right wherever texts are analysed one call at a
    time or a chunk per call (``kg ingest``, its worker processes): here a two-thread
    analyser spent 11.3 ms of CPU per article on single texts against 9.6 ms for a
    one-thread one. :func:`kg.extract.extract_many` asks for two, to analyse ahead of the
    rules.
    """
    global _KIWI
    if _KIWI is None:
        with _LOCK:
            if _KIWI is None:
                from kiwipiepy import Kiwi

                analyser = Kiwi(num_workers=threads)
                gaz = Gazetteer.default()
                for form in _user_words(gaz):
                    analyser.add_user_word(form, "NNP", 0.0)
                _KIWI = analyser
    return _KIWI


def _user_words(gaz: Gazetteer) -> list[str]:
    """Short names of Korean local governments, so that 진주시장 splits as 진주 + 시장."""
    words = set()
    for city in gaz._cities.values():
        if city.country == "KR" and city.name_ko and gaz.info(city.key).source.startswith("kg"):
            words.add(norm_ko(city.name_ko))
    return sorted(w for w in words if len(w) >= 2)


def tokenize(texts: Iterable[str]) -> list[list[Any]]:
    """Kiwi tokens of each text (one analysis per text, reused for every later step)."""
    return [list(tokens) for tokens in kiwi().tokenize(list(texts))]


def tokenize_stream(texts: Iterable[str]) -> Iterator[list[Any]]:
    """Kiwi tokens of each text as they come: Kiwi's threads analyse ahead of the caller
    (when this call builds the analyser, or it was built with threads)."""
    for tokens in kiwi(threads=2).tokenize(texts):
        yield list(tokens)


# Countries in Korean: qualifiers, never parties.
COUNTRIES_KO: dict[str, str] = {
    "한국": "KR",
    "대한민국": "KR",
    "남한": "KR",
    "북한": "KP",
    "중국": "CN",
    "일본": "JP",
    "미국": "US",
    "베트남": "VN",
    "독일": "DE",
    "러시아": "RU",
    "몽골": "MN",
    "튀르키예": "TR",
    "터키": "TR",
    "스웨덴": "SE",
    "파라과이": "PY",
    "뉴질랜드": "NZ",
    "호주": "AU",
    "오스트레일리아": "AU",
    "캐나다": "CA",
    "프랑스": "FR",
    "영국": "GB",
    "이탈리아": "IT",
    "스페인": "ES",
    "포르투갈": "PT",
    "네덜란드": "NL",
    "벨기에": "BE",
    "스위스": "CH",
    "오스트리아": "AT",
    "폴란드": "PL",
    "체코": "CZ",
    "헝가리": "HU",
    "루마니아": "RO",
    "불가리아": "BG",
    "그리스": "GR",
    "노르웨이": "NO",
    "덴마크": "DK",
    "핀란드": "FI",
    "아일랜드": "IE",
    "우크라이나": "UA",
    "벨라루스": "BY",
    "카자흐스탄": "KZ",
    "우즈베키스탄": "UZ",
    "키르기스스탄": "KG",
    "타지키스탄": "TJ",
    "아제르바이잔": "AZ",
    "조지아": "GE",
    "인도": "IN",
    "인도네시아": "ID",
    "필리핀": "PH",
    "태국": "TH",
    "말레이시아": "MY",
    "싱가포르": "SG",
    "캄보디아": "KH",
    "라오스": "LA",
    "미얀마": "MM",
    "네팔": "NP",
    "스리랑카": "LK",
    "방글라데시": "BD",
    "파키스탄": "PK",
    "대만": "TW",
    "타이완": "TW",
    "홍콩": "HK",
    "브라질": "BR",
    "멕시코": "MX",
    "아르헨티나": "AR",
    "칠레": "CL",
    "페루": "PE",
    "콜롬비아": "CO",
    "이스라엘": "IL",
    "이집트": "EG",
    "이란": "IR",
    "사우디아라비아": "SA",
    "아랍에미리트": "AE",
    "남아프리카공화국": "ZA",
    "남아공": "ZA",
    "케냐": "KE",
    "에티오피아": "ET",
    "나이지리아": "NG",
    "가나": "GH",
    "모로코": "MA",
    "피지": "FJ",
}
# One-character country names of headlines: "日 오사카시와", "中 이우시".
_COUNTRY_HANJA = {
    "韓": "KR",
    "中": "CN",
    "日": "JP",
    "美": "US",
    "獨": "DE",
    "英": "GB",
    "佛": "FR",
    "露": "RU",
    "越": "VN",
    "印": "IN",
    "泰": "TH",
    "濠": "AU",
    "蒙": "MN",
    "比": "PH",
}
_HANJA_COUNTRY = re.compile(
    "(?<![\\w])([" + "".join(_COUNTRY_HANJA) + "])(?=\\s?[\\uac00-\\ud7a3])"
)

# Titles and bodies of a local government, after the name or after its suffix.
TITLES: dict[str, str] = {
    "행정부시장": "vice mayor",
    "경제부시장": "vice mayor",
    "정무부시장": "vice mayor",
    "부시장": "vice mayor",
    "부구청장": "deputy district mayor",
    "부군수": "deputy county governor",
    "부지사": "vice governor",
    "시장": "mayor",
    "구청장": "district mayor",
    "군수": "county governor",
    "도지사": "governor",
    "주지사": "governor",
    "지사": "governor",
    "청장": "district mayor",
    "성장": "governor",
    "부성장": "vice governor",
    "당서기": "party secretary",
    "서기": "party secretary",
    "현지사": "governor",
    "정장": "town mayor",
    "촌장": "village head",
    "의장": "council chair",
    "장": "mayor",
    "수": "county governor",
}
_BODIES = ("의회", "청사", "청", "정부", "당국", "민", "측", "관계자", "공무원")
# The gazetteer's suffixes, and 주 (a state: 캘리포니아주), which names keep.
_SUFFIXES = (*KO_SUFFIXES, "주")
_PARTICLES = (
    "에서는|에서도|에서|에게|에는|에도|와의|과의|와도|과도|와는|과는|으로서|로서|으로|이라는|라는|이며|이자|이고|"
    "이다|처럼|보다|까지|부터|하고|이랑|에|은|는|이|가|을|를|의|와|과|도|만|로|랑|인|간|께"
)
#: The copula glued to a name with no 이 written (나고야다, 항저우시였다, 오사카입니다):
#: a list's last item before the sentence's end. Kiwi must read it as the copula.
_COPULA = "입니다|이었다|였다|이었으며|였으며|이었고|였고|다"
_COPULA_TAGS = ("VCP", "EP", "EF", "EC")
_TAIL = re.compile(
    rf"^(?P<suffix>{'|'.join(_SUFFIXES)})?(?P<title>{'|'.join(sorted(TITLES, key=len, reverse=True))})?"  # noqa: E501
    rf"(?P<body>{'|'.join(_BODIES)})?(?P<particles>(?:{_PARTICLES})*(?P<copula>{_COPULA})?)$"
)
_SUFFIX_CHARS = tuple(s for s in _SUFFIXES if len(s) == 1)
_RUN = re.compile(r"[\uac00-\ud7a3]+(?:-[\uac00-\ud7a3]+)*")
_VENUE_VERB = re.compile(
    r"^(?:열린|열리|열렸|개최|가진|가졌|갖|진행|마련|치러|펼쳐|개막|있는|위치)"
)
_EVENTISH = re.compile(r"(?:열|개최|가진|가졌|갖|진행|마련|치러|펼쳐|개막|있|위치)")
_ORG_AFTER = re.compile(r"^[A-Za-z0-9]")
_IMPLICIT_HOME = re.compile(
    r"^(?:(?:이날|한편|또|또한|이어|특히|앞서|아울러|이에)\s)?(?:시|구|군|도|시의회)(?:는|에서는|에서도|도|가|이)\s"
)
_ANAPHOR = re.compile(
    r"(?P<n>양|두|세|네|[2-9]개)\s?(?:도시|시장|군수|구청장|지사|단체장|시|자치단체|지자체|지방정부|지역|구|군|시·군|국제도시|자매도시)"
    r"(?P<p>\s?간의|\s?간|은|는|이|가|의|와|과|도|에|를|을|끼리|\s모두)?"
)


class _Part:
    """A part of a Hangul run, with the methods of the match it stands for."""

    def __init__(self, text: str, start: int) -> None:
        self._text, self._start = text, start

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._start + len(self._text)

    def group(self) -> str:
        return self._text


_PAIR_SUFFIX = re.compile(r"[\uac00-\ud7a3]{2,}(?:시|군|구|도|현|성|주)$")


def _pair_parts(m: re.Match[str]) -> list[Any]:
    """A pair written with a hyphen (봉화군-뜨선시, 고양시-이우시 우호): two names, where the
    part before the hyphen ends with an administrative suffix; else the run as it is
    (클루지-나포카 is one name)."""
    pieces = m.group().split("-")
    if len(pieces) < 2 or not all(_PAIR_SUFFIX.match(p) for p in pieces[:-1]):
        return [m]
    out: list[Any] = []
    pos = m.start()
    for piece in pieces:
        out.append(_Part(piece, pos))
        pos += len(piece) + 1
    return out


@dataclass
class KoMention:
    """A city (or country) named in a sentence, with how the sentence uses it."""

    start: int
    end: int
    form: str
    cities: list[City] = field(default_factory=list)
    country: str | None = None  # set for a country mention
    kind: str = "city"  # city | province | country | unknown
    suffix: str = ""
    title: str = ""
    body: str = ""
    particles: str = ""
    role: str = "party"  # party | venue | qualifier | modifier
    #: X에서 of a partner named as such (자매도시인 X에서 C시와 협약): a party of its tie,
    #: the venue of what is done there.
    named_venue: bool = False
    trusted: bool = True
    reason: str = ""

    @property
    def city(self) -> City | None:
        return self.cities[0] if self.cities else None


def _tail(rest: str) -> re.Match[str] | None:
    return _TAIL.match(rest)


def _name_at(
    run: str, pos: int, gaz: Gazetteer, learned: dict[str, City]
) -> tuple[int, list[City], str | None, bool] | None:
    """Longest gazetteer name (or country) at ``run[pos:]``: (length, cities, country, trusted)."""
    for length in range(min(len(run) - pos, 14), 1, -1):
        form = run[pos : pos + length]
        if form in learned:
            return length, [learned[form]], None, True
        if form in COUNTRIES_KO:
            return length, [], COUNTRIES_KO[form], True
        found = gaz.by_korean(form)
        if found:
            found = gaz.lookup(form)[: max(len(found), 1)] if len(found) > 1 else found
            trusted = any(gaz.info(c.key).trusted_ko for c in found)
            return length, found, None, trusted
    return None


def find_mentions(
    text: str,
    start: int,
    end: int,
    gaz: Gazetteer,
    *,
    tokens: dict[int, Any],
    learned: dict[str, City],
    masked: list[tuple[int, int]],
    foreign_hint: str | None = None,
    sequence: Sequence[Any] = (),
) -> list[KoMention]:
    """Mentions of cities and countries in ``text[start:end]``.

    ``tokens`` maps a character offset to the Kiwi token that starts there (for telling a
    name from an ordinary word: 고양이 is a cat). ``learned`` holds cities this document
    has already named (unknown ones included). ``foreign_hint`` is the country code of the
    last foreign country the document named, for an unknown name with a city suffix.
    ``sequence`` is the text's Kiwi tokens in order (all of them: ``tokens`` keeps one per
    offset), for following a verb.
    """
    out: list[KoMention] = []
    runs = [
        part
        for m in _RUN.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in masked)
        for part in _pair_parts(m)
    ]
    for h in _HANJA_COUNTRY.finditer(text, start, end):
        code = _COUNTRY_HANJA[h.group(1)]
        out.append(KoMention(h.start(), h.end(), h.group(1), [], code, "country"))
    i = 0
    while i < len(runs):
        m = runs[i]
        run = m.group()
        found = _name_at(run, 0, gaz, learned)
        offset = 0
        if found is None:
            glued = _glued_title(run, m.start(), gaz, learned, tokens)
            if glued is None:
                i += 1
                continue
            offset, found = glued
        length, cities, country, trusted = found
        compound = False
        # Several names in one eojeol (충남보령시는, 대구경북): all but the last qualify it.
        while _tail(run[offset + length :]) is None:
            sfx = None if country else re.match("|".join(_SUFFIXES), run[offset + length :])
            skip = sfx.end() if sfx else 0
            nxt = _name_at(run, offset + length + skip, gaz, learned)
            if nxt is None:
                break
            if _peers(gaz, cities, country, nxt[1], nxt[2]):
                compound = True
                break
            out.append(
                KoMention(
                    m.start() + offset,
                    m.start() + offset + length + skip,
                    run[offset : offset + length],
                    list(cities),
                    country,
                    "country" if country else _kind(gaz, cities),
                    role="qualifier",
                    trusted=trusted,
                )
            )
            offset += length + skip
            length, cities, country, trusted = nxt
        if compound:
            # 수원화성(문화제): two Korean cities glued, neither inside the other, are no
            # chain of places but one name of something else (a fortress, a festival).
            i += 1
            continue
        pos = length
        m_start = m.start() + offset
        run = run[offset:]
        tail = _tail(run[pos:])
        after = text[m.end() : m.end() + 1]
        if tail is None or _ORG_AFTER.match(after or " "):
            i += 1
            continue
        copula = tail["copula"]
        if copula:
            tok = tokens.get(m.end() - len(copula))
            if tok is None or tok.tag not in _COPULA_TAGS:
                i += 1
                continue
        name_end = m_start + pos
        mention = KoMention(
            start=m_start,
            end=m.end(),
            form=run[:pos],
            cities=list(cities),
            country=country,
            kind="country" if country else _kind(gaz, cities),
            suffix=tail["suffix"] or "",
            title=tail["title"] or "",
            body=tail["body"] or "",
            particles=tail["particles"] or "",
            trusted=trusted,
        )
        if country and (mention.suffix or mention.title):
            i += 1
            continue
        if mention.suffix and _in_common_word(tokens.get(m_start), pos + len(mention.suffix)):
            # 지난주 (last week), 이주, 반도: a name with a suffix glued on that Kiwi's own
            # dictionary knows as one common noun is that word, not the place.
            i += 1
            continue
        if (
            not country
            and not (mention.suffix or mention.title)
            and not mention.form.endswith(_PROVINCE_SUFFIXES)
            and cities
            and all(c.country not in (None, "KR") for c in cities)
            and all(gaz.info(c.key).kind == "province" for c in cities)
            and not any((c.name_ko or "").startswith(mention.form) for c in cities)
            and not _after_foreign(text, out, m_start)
            and not any(
                alt != mention.form and alt.startswith(mention.form) and alt in text
                for c in cities
                for alt in c.alt_names
            )
        ):
            # 호남 (the Korean region), 해남: a foreign province's other spelling (호남성, the
            # hanja reading of 후난성) stands only with its suffix, after its country, or
            # where the text has given it with its suffix (길림성 … 길림과).
            i += 1
            continue
        if mention.body == "민" and not (mention.suffix or mention.title):
            # Residents are named on the suffix (안성시민, 산청군민); a bare name with 민
            # glued on (안성민 부산시의회 의장) is a person's name.
            i += 1
            continue
        short = (
            not (mention.suffix or mention.title or mention.body)
            and not mention.form.endswith(("시", "군", "구", "현"))
            and not (mention.kind == "province" and mention.form.endswith(_SUFFIX_CHARS))
        )
        bare = not (mention.particles or mention.title or mention.body)
        # 히가시카와 정은: a name the text gave as a city, again with its suffix apart, is
        # that city whatever Kiwi makes of the foreign word.
        again_apart = (
            mention.form in learned
            and i + 1 < len(runs)
            and _suffix_run(text, m.end(), runs[i + 1]) is not None
        )
        if not country and short and not again_apart:
            # A bare short name must be a proper noun to Kiwi (고양이 is a cat, 나라 a country).
            tok = tokens.get(m_start)
            framed = bool(
                out
                and out[-1].kind == "country"
                and not out[-1].particles
                and m_start - out[-1].end <= 1
                and any(c.country == out[-1].country for c in cities)
            )
            if (
                tok is not None
                and (tok.tag != "NNP" or tok.start + tok.len < name_end)
                # 루마니아 클루지나포카: right after its country a name is a place, whatever
                # Kiwi makes of a foreign word it does not know (클루지 + 나 + 포카).
                and not framed
            ):
                i += 1
                continue
            # 연수 (training), 강진 (a strong quake): a bare short Korean name counts when the
            # text also gives it in full (충주시 ... 충주를), or after its province (경기 양주).
            kr = [c for c in cities if c.country == "KR"]
            if (
                kr
                and len(kr) == len(cities)
                and not any(
                    gaz.info(c.key).parent is None or (c.name_ko and c.name_ko in text) for c in kr
                )
                and not (
                    out and out[-1].kind in ("province", "country") and m_start - out[-1].end <= 1
                )
                and not _in_list(text, out, m_start)
                and not _bare_in_slot(text, mention, m_start, runs, i, gaz, learned, tokens, out)
            ):
                i += 1
                continue
        if (
            not trusted
            and not mention.suffix
            and not (
                out
                and out[-1].end >= m_start - 1
                and _foreign_frame(out[-1])
                and not _before_title(text, mention.end)
            )
        ):
            i += 1
            continue
        out.append(mention)
        if not trusted and mention.city is not None:
            learned[mention.form] = mention.city  # named once with its country, known from then on
        # What follows: a standalone suffix (베를린 주), a title (이우시 부시장), a noun.
        j = i + 1
        sfx_run = _suffix_run(text, m.end(), runs[j]) if j < len(runs) else None
        if sfx_run is not None:
            # 베를린 주, 야마구치(山口) 현, 사야마(狹山) 시에: the suffix written apart.
            suffix, particles = sfx_run
            if suffix in _PROVINCE_SUFFIXES:
                mention.kind = "province"
            # The suffix picks the entity of its kind, as it would written on (야마구치현 is
            # the prefecture, not its capital city).
            whole = [
                c
                for c in gaz.lookup(mention.form + suffix)
                if (gaz.info(c.key).kind == "province") == (suffix in _PROVINCE_SUFFIXES)
                and c.key in {x.key for x in mention.cities}
            ]
            if whole:
                mention.cities = whole
            mention.suffix = mention.suffix or suffix
            mention.particles = particles
            mention.end = runs[j].end()
            j += 1
            # 후지사와(藤澤)시의 자매 도시: the particle came with the suffix written apart.
            bare = not (mention.particles or mention.title or mention.body)
        hall = (
            _HALL_APART.match(runs[j].group())
            if bare and j < len(runs) and runs[j].start() == mention.end + 1
            else None
        )
        if hall is not None:
            # 야마구치 시청에서, 양구 군청을: the city's hall written apart is the city (as
            # 야마구치시청에서 is), not an organisation its name modifies.
            mention.suffix = mention.suffix or hall.group(1)
            mention.body = "청"
            mention.particles = hall.group(2) or ""
            mention.end = runs[j].end()
            j += 1
            bare = False
        if (
            j < len(runs)
            and runs[j].start() == mention.end + 1
            and not (mention.particles or mention.title or mention.body)
            and _ORG_NOUN.match(runs[j].group())
            # 경기도 도지사와: a title (도지사 ends as 지사, a branch office does) is the
            # city's official, no organisation
            and not _TITLE_WORD.match(runs[j].group())
        ):
            # 관악구 상공회, 부산 체육회, 대구 라이온스클럽: the name modifies an organisation.
            mention.role = "modifier"
        elif bare and j < len(runs) and runs[j].start() == mention.end + 1:
            nxt_run = runs[j].group()
            nxt_name = _name_at(nxt_run, 0, gaz, learned)
            latin_next = re.match(r"\s?\(", text[runs[j].end() : runs[j].end() + 2])
            if (
                nxt_name is None
                and mention.kind in ("city", "province")
                and not any(nxt_run.startswith(t) for t in TITLES if len(t) > 1)
                and not nxt_run.startswith(_BODIES)
                and not _UNKNOWN.match(nxt_run)
                # 도쿄 스미다구와, 고양시 일산동구: a place inside it, not a noun it modifies
                and not (_suffixed_run(nxt_run) and _one_proper_noun(tokens, runs[j].start(), 2))
                and not latin_next
                and not (j + 1 < len(runs) and _suffix_run(text, runs[j].end(), runs[j + 1]))
                and not _cue_at(nxt_run)
                and nxt_run not in ("그리고", "및", "또는", "등", "또", "과", "와")
                # 훈춘시, 의오시 등이다: the bound noun 등 (and so on) closes a list of them
                and not _bound_noun_at(tokens, runs[j].start())
                and not _ANAPHOR.match(text, runs[j].start())  # 당진시 세 도시는: apposition
                # 산청군 주민을 돕기 위해: a city's residents stand for the city
                and not nxt_run.startswith(("주민", "시민", "군민", "구민", "도민", "이재민"))
                # 영양군과 화성시 간의 교류: the relational noun (between) takes the pair
                and nxt_run not in ("간", "간의", "간에", "간에는", "사이", "사이의", "사이에")
            ):
                mention.role = "modifier"
        i = j
    _latin_names(text, start, end, out, gaz, learned, foreign_hint, masked)
    _chains(text, out, gaz)
    _roles(text, out, sequence, end)
    _unknowns(text, start, end, out, runs, gaz, tokens, learned, foreign_hint, masked, sequence)
    out.sort(key=lambda x: x.start)
    _provinces_before(text, out)
    _numbered_districts(text, out)
    _before_unknown_district(text, out, tokens)
    return out


#: A name in Latin letters (North Shore, Saint-Malo): capitalised words, no acronym, then
#: the Hangul that follows it, glued or after one space.
_LATIN_NAME = re.compile(
    r"(?<![A-Za-z0-9])([A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|of|on|upon|de|la|le|am))*)"
    r"( ?)([\uac00-\ud7a3]+)"
)


def _latin_names(
    text: str,
    start: int,
    end: int,
    out: list[KoMention],
    gaz: Gazetteer,
    learned: dict[str, City],
    foreign_hint: str | None,
    masked: list[tuple[int, int]],
) -> None:
    """뉴질랜드 North Shore 시장, North Shore시는: a name in Latin letters with a city's
    suffix or title after it (as a Korean name takes them) is a city of the country named
    right before it, else of the last foreign country the text named."""
    for m in _LATIN_NAME.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in masked):
            continue
        tail = _tail(m.group(3))
        if tail is None or not (tail["suffix"] or tail["title"]) or tail["body"] == "민":
            continue
        name = m.group(1)
        before = [x for x in out if x.end <= m.start() and 0 <= m.start() - x.end <= 1]
        country = next((x.country for x in before if x.kind == "country"), None)
        country = country or foreign_hint
        if country in (None, "KR"):
            continue
        found = gaz.lookup(name, country)
        city = (
            learned[name] if not found and name in learned else _known_or_new(found, name, country)
        )
        learned.setdefault(name, city)
        out.append(
            KoMention(
                m.start(),
                m.end(),
                name,
                [city],
                kind="city",
                suffix=tail["suffix"] or "",
                title=tail["title"] or "",
                particles=tail["particles"] or "",
                reason="a name in Latin letters with a city's suffix or title",
            )
        )
    out.sort(key=lambda x: x.start)


_NEXT_DISTRICT = re.compile(
    rf" ([\uac00-\ud7a3]{{1,4}}(?:구|군|시))(?:{_PARTICLES})*(?![\uac00-\ud7a3])"
)


def _before_unknown_district(text: str, out: list[KoMention], tokens: dict[int, Any]) -> None:
    """서울 둥작구: a Korean city or province written right before a proper noun with a
    district's or county's suffix that the gazetteer lacks (a misspelling, a new name)
    qualifies that place; it is not a party of its own."""
    starts = {m.start for m in out}
    for m in out:
        city = m.city
        if (
            city is None
            or city.country != "KR"
            or m.role != "party"
            or m.particles
            or m.title
            or m.body
        ):
            continue
        hit = _NEXT_DISTRICT.match(text, m.end)
        if hit is None or hit.start(1) in starts:
            continue
        tok = tokens.get(hit.start(1))
        if tok is not None and tok.tag == "NNP" and tok.len == len(hit.group(1)):
            m.role = "qualifier"


_NUMBERED = re.compile(
    rf"\s?(\d{{1,2}})\s?구(?P<title>장)?(?P<particles>(?:{_PARTICLES})*)(?![\uac00-\ud7a3])"
)


def _numbered_districts(text: str, out: list[KoMention]) -> None:
    """파리 17구, 빈 3구: a foreign city with a number and 구 after it is that district of it
    (a place of its own), not the whole city."""
    for m in out:
        city = m.city
        if (
            city is None
            or m.kind != "city"
            or city.country in (None, "KR")
            or m.particles
            or m.title
            or m.body
        ):
            continue
        hit = _NUMBERED.match(text, m.end)
        if hit is None:
            continue
        n = int(hit.group(1))
        ordinal = (
            f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
        )
        english = (
            f"{city.name} {ordinal} arrondissement"
            if city.country == "FR"
            else f"{city.name} District {n}"
        )
        m.cities = [City.unknown(english, city.country, name_ko=f"{m.form} {n}구")]
        m.end = hit.end()
        m.suffix = "구"
        m.title = hit.group("title") or ""  # 파리 17구장: the district's head
        m.particles = hit.group("particles") or ""
        m.reason = "a numbered district of a foreign city"


def _provinces_before(text: str, out: list[KoMention]) -> None:
    """카나가와(神奈川)현 후지사와(藤澤)시: a province written right before a city of its
    country, with no particle between (a gloss or a space only), qualifies it, when either
    is a place the gazetteer lacks (so :func:`_chains` could not see them)."""
    for a, b in zip(out, out[1:], strict=False):
        if (
            a.kind != "province"
            or a.role != "party"
            or a.particles
            or a.title
            or a.body
            or b.kind != "city"
            or a.city is None
            or b.city is None
            or a.city.country != b.city.country
            or not _adjacent_loose(text, a, b.start)
        ):
            continue
        a.role = "qualifier"


_GLOSS = re.compile(r"\s?\((?:[\u4e00-\u9fff]{1,10}|[A-Z][A-Za-z .'-]{1,40})\)\s?|\s")
_PROVINCE_SUFFIXES = ("주", "성", "현", "도")
_APART_SUFFIX = re.compile(rf"^(카운티|주|성|현|도|시|군|구|정|촌)((?:{_PARTICLES})*)$")


def _suffix_run(text: str, name_end: int, nxt: re.Match[str]) -> tuple[str, str] | None:
    """(suffix, particles) when the next eojeol is an administrative suffix written apart
    from the name, after a space or a gloss in hanja or Latin letters."""
    if not _GLOSS.fullmatch(text[name_end : nxt.start()]):
        return None
    m = _APART_SUFFIX.match(nxt.group())
    return (m.group(1), m.group(2)) if m else None


_HALL_APART = re.compile(rf"^(시|군|구|도|현|주)청((?:{_PARTICLES})*)$")
_ORG_NOUN = re.compile(
    r"^[\uac00-\ud7a3]{0,6}?(?:상공회의소|상공회|체육회|새마을회|부녀회|상인회|연합회|협회|위원회|"
    r"재단|공사|공단|은행|대학교|대학|고등학교|중학교|초등학교|학교|병원|경찰서|경찰청|소방서|"
    r"교육청|문화원|복지관|클럽|구단|협동조합|조합|농협|수협|기업|주식회사|지사|지점|본부|"
    rf"사무소|연구원|센터)(?:{_PARTICLES})*$"
)


def _in_list(text: str, out: list[KoMention], start: int) -> bool:
    """The next item of a list of Korean places (경북 고령·울진, 강릉, 속초): the item before
    it, joined by a list mark, is a Korean place already read."""
    if not out:
        return False
    prev = out[-1]
    gap = text[prev.end : start]
    return (
        gap.strip() in ("·", "ㆍ", "、", ",")
        and len(gap) <= 2
        and prev.city is not None
        and prev.city.country == "KR"
        and not prev.particles
    )


_SLOT_PARTICLES = (
    "와", "과", "와의", "과의", "은", "는", "이", "가", "와는", "과는", "와도", "과도",
)  # fmt: skip


def _bare_in_slot(
    text: str,
    mention: KoMention,
    start: int,
    runs: list[Any],
    i: int,
    gaz: Gazetteer,
    learned: dict[str, City],
    tokens: dict[int, Any],
    out: list[KoMention],
) -> bool:
    """A Korean local government's name without its suffix (수원, 전주) where a party
    stands: with a particle, a proper noun to Kiwi, and either joined by 와/과 to another
    such name or a city (수원과 전주가), or followed by a relation's cue (포항과 자매결연),
    or in a partner's slot (자매도시인 전주와). 양산 체제 (mass production) has none."""
    if mention.particles not in _SLOT_PARTICLES:
        return False
    if _after_partner_slot(text, start) is not None:
        return True
    prev = out[-1] if out else None
    if (
        prev is not None
        and prev.particles in ("와", "과")
        and 0 < start - prev.end <= 1
        and prev.city is not None
        and prev.city.country == "KR"
    ):
        return True  # the second of "수원과 전주가"
    nxt = runs[i + 1] if i + 1 < len(runs) else None
    if nxt is None or nxt.start() - mention.end > 2:
        return False
    if mention.particles in ("와", "과"):
        other = _name_at(nxt.group(), 0, gaz, learned)
        tok = tokens.get(nxt.start())
        if other is not None and other[1] and tok is not None and tok.tag == "NNP":
            return True
    following = [r.group() for r in runs[i + 1 : i + 3] if r.start() - mention.end <= 12]
    return any(_cue_at(w) for w in following)


#: Bound nouns that close a list of names (A, B 등과; A 등지에서): the name before one is an
#: item of the list, not a modifier of a noun.
_LIST_CLOSERS = ("등", "등지")


def _in_common_word(tok: Any, length: int) -> bool:
    """Kiwi reads, from a name's start, a common noun of its dictionary (not a word it
    guessed) at least ``length`` long: the name is only the first part of that word."""
    return (
        tok is not None and tok.tag == "NNG" and not getattr(tok, "oov", True) and tok.len >= length
    )


def _bound_noun_at(tokens: dict[int, Any], start: int) -> bool:
    """Kiwi reads a list-closing bound noun (등, 등지) at ``start``."""
    tok = tokens.get(start)
    return tok is not None and tok.tag == "NNB" and tok.form in _LIST_CLOSERS


def _cue_at(word: str) -> bool:
    from kg.extract.lexicon import lexicon

    return lexicon().ko_pattern.match(word) is not None


def _glued_title(
    run: str, start: int, gaz: Gazetteer, learned: dict[str, City], tokens: dict[int, Any]
) -> tuple[int, tuple[int, list[City], str | None, bool]] | None:
    """조순서울시장은: a person's name glued to a city and its title. Kiwi reads the name as a
    proper noun of its own (조순) and starts a token where the city does; that city with a
    title after it is the official's. (offset of the city in the run, its name) or None."""
    first = tokens.get(start)
    if first is None or first.tag != "NNP" or not 2 <= first.len <= 3:
        return None
    pos = first.len
    if start + pos not in tokens:
        return None
    found = _name_at(run, pos, gaz, learned)
    if found is None or found[2]:  # not a country
        return None
    tail = _tail(run[pos + found[0] :])
    if tail is None or not tail["title"]:
        return None
    return pos, found


def _after_foreign(text: str, out: list[KoMention], start: int) -> bool:
    """Right after a foreign country or place, nothing but a space between (중국 산동)."""
    if not out:
        return False
    prev = out[-1]
    country = prev.country or (prev.city.country if prev.city else None)
    return country not in (None, "KR") and not prev.particles and 0 <= start - prev.end <= 1


def _peers(
    gaz: Gazetteer, a: list[City], a_country: str | None, b: list[City], b_country: str | None
) -> bool:
    """Two Korean cities (neither a province nor a district), neither inside the other."""
    if a_country or b_country:
        return False
    a = [c for c in a if c.country == "KR"]
    b = [c for c in b if c.country == "KR"]
    if not a or not b:
        return False
    if any(gaz.info(c.key).kind != "city" for c in [*a, *b]):
        return False  # a district (동구) or a province makes a chain (부산해운대구, 충남보령시)
    a_keys, b_keys = {c.key for c in a}, {c.key for c in b}
    return not any(gaz.info(c.key).parent in a_keys for c in b) and not any(
        gaz.info(c.key).parent in b_keys for c in a
    )


def _kind(gaz: Gazetteer, cities: list[City]) -> str:
    if cities and all(gaz.info(c.key).kind == "province" for c in cities):
        return "province"
    return "city"


def _adjacent(text: str, a: KoMention, b: KoMention | _Probe) -> bool:
    gap = text[a.end : b.start]
    return len(gap) <= 2 and gap.strip(" ") == ""


def _before_title(text: str, end: int) -> bool:
    """A person's name: at most two more words and then a title (이토 가즈키 시장, 마르틴
    호른 시장)."""
    words = text[end : end + 30].split()[:3]
    return any(w.startswith(t) for w in words for t in TITLES if len(t) > 1)


def _after_title(text: str, start: int) -> bool:
    """A person's name: right after a title that is a word of its own (마쓰에시 시장
    고바야시 아키라): Korean puts the title before the name as well as after it. Not
    after a city's title (교토시장 가도카와, but also 안산시장 쯔보시 방문, a headline)."""
    words = text[max(0, start - 12) : start].split()
    return (
        bool(words)
        and text[start - 1 : start].isspace()
        and words[-1] in TITLES
        and len(words[-1]) > 1
    )


def _foreign_frame(m: KoMention) -> bool:
    """A country, a province, or a foreign city: what may stand right before an uncurated
    foreign name (일본 무사시노시, 홋카이도 비에이, 동경도 무사시노시)."""
    if m.kind in ("country", "province"):
        return True
    return m.kind == "city" and m.city is not None and m.city.country not in (None, "KR")


def _chains(text: str, out: list[KoMention], gaz: Gazetteer) -> None:
    """중국 산둥성 웨이하이시: the country and province qualify the last name."""
    misread: list[KoMention] = []
    for a, b in zip(out, out[1:], strict=False):
        if a.role != "party" or a.particles or a.title or a.body:
            continue
        if not _adjacent(text, a, b):
            continue
        if a.kind == "country":
            a.role = "qualifier"
            if b.cities:
                same = [c for c in b.cities if c.country == a.country]
                if same:
                    b.cities = same
            continue
        a_city = a.city
        if a_city is None:
            continue
        larger = (
            gaz.info(a_city.key).kind == "province"
            or a.kind == "province"
            or (
                a_city.country == "KR"
                and any(gaz.info(c.key).parent == a_city.key for c in b.cities)
            )
        )
        # Abroad the gazetteer knows no parents: a place written right before another of
        # its country, with no particle or list mark between, is the larger one (일본
        # 동경도 무사시노시, 프랑스 파리 17구): Korean names the larger unit first.
        abroad = (
            a_city.country not in (None, "KR")
            and bool(b.cities)
            and all(c.country == a_city.country for c in b.cities)
            and b.kind != "country"
        )
        if (
            larger
            or abroad
            or any(gaz.info(c.key).parent in {x.key for x in a.cities} for c in b.cities)
        ):
            a.role = "qualifier"
            if a.kind != "province":
                a.kind = "province"
            keys = {x.key for x in a.cities}
            inside = [c for c in b.cities if gaz.info(c.key).parent in keys]
            if inside:
                b.cities = inside
                b.reason = f"in {a.form}"
            elif (
                a_city.country == "KR"
                and b.cities
                and all(c.country not in (None, "KR") for c in b.cities)
            ):
                # 전북 이리시: inside a Korean province a name is no foreign city (Erie);
                # the gazetteer lacks it (see _unknowns).
                misread.append(b)
    for b in misread:
        out.remove(b)


_FROM = re.compile(r"^(?:대표단|방문단|사절단|교류단|관계자|공무원|온|보낸|파견|찾아온|방한)")


#: Verbs of handing something over (보내다, 전하다, 전달하다, 기탁하다): with the auxiliary 오다
#: of direction (보내왔다, 전달해 왔다) the thing comes toward the subject from X에서.
_GIVING = re.compile(r"^(?:보내|전하|건네|주|전달|기탁|기부|기증|지원|제공|송금|전송|후원)$")


#: Counters of people (대표단 10명을 보냈다: a delegation, not goods) and of time or times
#: (지난해 10월 쌀을, 2차 물품을: a date or an instalment, not a quantity of the goods).
_NOT_QUANTITY = frozenset(
    {"명", "인", "분", "사람", "팀", "가구", "세대", "세", "년", "월", "일", "시", "초", "주"}
    | {"주년", "차", "회", "번", "번째", "째", "개월", "년간", "일간"}
)
#: What a noun phrase of goods is made of: nouns, numbers, counters, units, a list's 와/과.
_GOODS_TAGS = frozenset({"NNG", "NNB", "NNP", "NR", "SN", "SL", "XSN", "JC", "SP", "SO", "SW"})


def _giving_predicate(sequence: Sequence[Any], k: int) -> tuple[int, int] | None:
    """The span of the verb of giving that is the predicate right at ``sequence[k]`` (보내/VV,
    보내오/VV, 전달/NNG + 하/XSV), or None."""
    if k >= len(sequence):
        return None
    tok = sequence[k]
    if tok.tag == "VV":
        stem = tok.form[:-1] if len(tok.form) > 1 and tok.form.endswith("오") else tok.form
        if _GIVING.match(stem) or _GIVING.match(tok.form):
            return tok.start, tok.start + tok.len
        return None
    nxt = sequence[k + 1] if k + 1 < len(sequence) else None
    if tok.tag == "NNG" and nxt is not None and nxt.tag == "XSV" and _GIVING.match(tok.form):
        return tok.start, tok.start + tok.len
    return None


def _object_markers(sequence: Sequence[Any], start: int, end: int) -> Iterator[int]:
    """The indexes of the object particles (을/를, JKO) between ``start`` and ``end``."""
    i = bisect.bisect_left(sequence, start, key=lambda t: t.start)
    for k in range(i, len(sequence)):
        tok = sequence[k]
        if tok.start >= end:
            break
        if tok.tag == "JKO":
            yield k


def gifts(sequence: Sequence[Any], start: int, end: int) -> list[tuple[int, int]]:
    """Goods or money counted and given (쌀 10톤을 보내왔다, 마스크 1만 장을 전달했다, 성금
    500만 원을 기탁했다, 10만 달러를 보냈다): the object of a verb of giving is a noun phrase
    with a number and its counter, not one of people (대표단 10명을 보냈다). The spans of the
    verbs: aid, whatever the goods are called."""
    out: list[tuple[int, int]] = []
    for k in _object_markers(sequence, start, end):
        verb = _giving_predicate(sequence, k + 1)
        if verb is None or verb[1] > end:
            continue
        j = k - 1
        counted = False
        while j >= 0 and sequence[j].start >= start and sequence[j].tag in _GOODS_TAGS:
            here, after = sequence[j], sequence[j + 1]
            if here.tag in ("SN", "NR") and after.tag in ("NNB", "NNG", "SL"):
                counted = counted or after.form not in _NOT_QUANTITY
            j -= 1
        if counted:
            out.append(verb)
    return out


#: Verbs of sending people: 파견하다, 급파하다, 보내다 (not 보내오다: sent to the subject).
_SENDING = re.compile(r"^(?:파견|급파|파송|보내|내보내)$")
#: A noun of people by its last morpheme: a group (대표단, 봉사단, 연수 단), a team (의료진,
#: 취재진), a member (공무원, 직원, 단원, 대원).
_GROUP_NOUN = re.compile(r"(?:단|진|팀|공무원|직원|단원|대원|요원|연구원|위원|일행)$")
#: What the people sent do there: care or rescue is aid; study, art, sport and youth an
#: exchange; anyone else (officials, a delegation) visits.
_SENT_FOR_AID = re.compile(r"의료|의사|간호|구조|구급|봉사|방역|소방|복구|구호")
_SENT_FOR_EXCHANGE = re.compile(
    r"학생|소년|청년|어린이|유학|연수|교사|예술|공연|무용|합창|악단|문화|선수|체육|교류"
)
#: People who act for a city, whatever programme they go with (공무원 연수단, 대표단).
_OFFICIAL_GROUP = re.compile(r"공무원|직원|관계자|대표단|사절단|의원|시장|군수|구청장|지사")
_VISITING = re.compile(r"방문|찾|다녀오|방한|내한")


_PEOPLE_TAGS = _GOODS_TAGS | {"MM"}


def _sending_predicate(sequence: Sequence[Any], k: int) -> tuple[int, int] | None:
    """The span of a verb of sending people at ``sequence[k]`` (보내/VV, 파견/NNG + 하/XSV)."""
    if k >= len(sequence):
        return None
    tok = sequence[k]
    if tok.tag == "VV" and _SENDING.match(tok.form):
        return tok.start, tok.start + tok.len
    nxt = sequence[k + 1] if k + 1 < len(sequence) else None
    if tok.tag == "NNG" and nxt is not None and nxt.tag == "XSV" and _SENDING.match(tok.form):
        return tok.start, tok.start + tok.len
    return None


def envoys(sequence: Sequence[Any], start: int, end: int) -> list[tuple[int, int, str]]:
    """People sent (공무원 2명을 파견했다, 의료진을 급파했다, 청소년 20명을 X시에 보낼 예정):
    the object of a verb of sending is a noun phrase of people, by its head (a group, a
    team, a member: 봉사단, 의료진, 공무원) or by its counter (20명). Each is the span of the
    verb and the type of what the people go for: aid (care, rescue), an exchange (study,
    art, sport, youth) or, for anyone else, a visit. The verb may stand after the place
    the people go to (청소년 20명을 하노이시에 보낸다)."""
    out: list[tuple[int, int, str]] = []
    for k in _object_markers(sequence, start, end):
        verb = _sending_predicate(sequence, k + 1)
        if verb is None:
            # the place between the object and its verb: X시에, X시로
            m = k + 1
            while m < len(sequence) and sequence[m].tag in ("NNP", "NNG", "XSN"):
                m += 1
            if m < len(sequence) and m > k + 1 and sequence[m].tag == "JKB":
                verb = _sending_predicate(sequence, m + 1)
        if verb is None or verb[1] > end:
            continue
        head, counted, people = _people_phrase(sequence, k, start)
        if not head or not (counted or people or _GROUP_NOUN.search(head)):
            continue
        if _SENT_FOR_AID.search(head):
            kind = "aid"
        elif _SENT_FOR_EXCHANGE.search(head):
            kind = "exchange"
        else:
            kind = "visit"
        out.append((verb[0], verb[1], kind))
    return out


def visitors(sequence: Sequence[Any], start: int, end: int) -> list[tuple[int, int]]:
    """Visits whose visitors are students, youth, artists or athletes (학생 20명이 X시를
    방문했다, 청소년 방문단이 X시를 찾았다, 유소년 축구선수단은 X시를 방문해): the subject
    of a verb of visiting is a noun phrase of such people, not of officials. Each is the
    span of the verb; such a visit is also an exchange (GUIDE.md: youth exchange)."""
    out: list[tuple[int, int]] = []
    i = bisect.bisect_left(sequence, start, key=lambda t: t.start)
    subject: int | None = None
    for k in range(i, len(sequence)):
        tok = sequence[k]
        if tok.start >= end:
            break
        nxt = sequence[k + 1] if k + 1 < len(sequence) else None
        if tok.tag == "JKS" or (tok.tag == "JX" and tok.form in ("은", "는")):
            subject = k
            continue
        verb = (tok.tag == "VV" and _VISITING.match(tok.form)) or (
            tok.tag == "NNG"
            and _VISITING.fullmatch(tok.form)
            and nxt is not None
            and nxt.tag == "XSV"
        )
        if verb and subject is not None and _exchange_people(sequence, subject, start):
            out.append((tok.start, tok.start + tok.len))
        elif tok.tag in ("VV", "VA", "XSV") and nxt is not None and nxt.tag == "EF":
            subject = None  # the clause of that subject ends with its sentence's verb
    return out


def _exchange_people(sequence: Sequence[Any], marker: int, start: int) -> bool:
    """The noun phrase before ``sequence[marker]`` names people of an exchange (students,
    youth, artists, athletes) and not officials."""
    head = _people_phrase(sequence, marker, start)[0]
    return bool(_SENT_FOR_EXCHANGE.search(head)) and not _OFFICIAL_GROUP.search(head)


def _people_phrase(sequence: Sequence[Any], marker: int, start: int) -> tuple[str, bool, bool]:
    """The noun phrase before the particle at ``sequence[marker]``, from ``start`` on: its
    nouns joined (the head: 청소년연수단), whether a number counts it in people (20명) and
    whether it is a plural (학생들)."""
    j = marker - 1
    counted = plural = False
    words: list[str] = []
    # MM: Kiwi reads the group suffix of 연수단 10명 as the determiner 단 at times.
    while j >= 0 and sequence[j].start >= start and sequence[j].tag in _PEOPLE_TAGS:
        here = sequence[j]
        if here.tag == "NNB" and here.form in ("명", "인") and j > 0:
            counted = counted or sequence[j - 1].tag in ("SN", "NR")
        elif here.tag == "XSN" and here.form == "들" and j == marker - 1:
            plural = True
        elif here.tag in ("NNG", "NNP", "MM"):
            words.append(here.form)
        j -= 1
    return "".join(reversed(words)), counted, plural


def _toward_subject(sequence: Sequence[Any], start: int, end: int) -> bool:
    """The first predicate in ``[start, end)`` is a verb of giving with the auxiliary 오다
    (VV + EC 어/아 + VX 오, or Kiwi's one VV 보내오): 'X에서 성금을 보내왔다' names X the
    sender, a party, not the venue. A predicate of a relative clause (X에서 열린) is not."""
    i = bisect.bisect_left(sequence, start, key=lambda t: t.start)
    for k in range(i, len(sequence)):
        tok = sequence[k]
        if tok.start >= end or tok.tag in ("SF", "EF"):
            return False
        if tok.tag not in ("VV", "XSV"):
            continue
        stem = sequence[k - 1].form if tok.tag == "XSV" and k > 0 else tok.form
        if tok.tag == "VV" and len(tok.form) > 1 and tok.form.endswith("오"):
            return bool(_GIVING.match(tok.form[:-1]))  # 보내오다: Kiwi's one verb
        nxt = sequence[k + 1 : k + 3]
        return (
            bool(_GIVING.match(stem))
            and len(nxt) == 2
            and nxt[0].tag == "EC"
            and nxt[0].form in ("어", "아", "여")
            and nxt[1].tag == "VX"
            and nxt[1].form == "오"
        )
    return False


#: A relative clause of a tie ending right before a city: 자매결연을 맺은 X, 우호협력 협약을
#:체결한 X, 자매결연한 X (the tie's partner, as in the slot 자매도시인 X).
_TIE_CLAUSE = re.compile(
    r"(?:자매|우호|친선)[\uac00-\ud7a3]{0,6}(?:\s[\uac00-\ud7a3]{1,6})?"
    r"(?:을|를)\s?(?:맺은|체결한|맺고\s있는)\s|(?:자매|우호)결연한\s"
)


def _named_partner(text: str, out: list[KoMention], m: KoMention) -> bool:
    """``m`` is named as a partner: a partner's slot (자매도시인 X, 우호협력도시인 X) or
    a tie's relative clause (자매결연을 맺은 X) ends right before it or before the country or
    province that qualifies it (자매도시인 일본 X)."""
    start = m.start
    while True:
        before = next(
            (
                q
                for q in out
                if q.role == "qualifier" and q.end <= start and not text[q.end : start].strip()
            ),
            None,
        )
        if before is None or before.start >= start:
            break
        start = before.start
    if _after_partner_slot(text, start) is not None:
        return True
    clause = _TIE_CLAUSE.search(text, max(0, start - 20), start)
    return clause is not None and clause.end() == start


def verb_at(sequence: Sequence[Any], offset: int) -> bool:
    """Kiwi reads the word at ``offset`` as a verb (만나/VV), not a noun."""
    i = bisect.bisect_left(sequence, offset, key=lambda t: t.start)
    return i < len(sequence) and sequence[i].start == offset and sequence[i].tag == "VV"


#: The head nouns of a contest (경기, 대회, 시합, 교류전's 전 after 교류, 게임).
_CONTEST = frozenset({"경기", "대회", "시합", "게임", "교류전"})


def friendlies(sequence: Sequence[Any], start: int, end: int) -> list[tuple[int, int]]:
    """Friendly matches in ``[start, end)``: 친선 heading a run of nouns whose last is a
    contest (친선 축구 경기, 친선 골프대회, 친선 탁구 교류전), the sport named between them
    or not. The cities whose teams play one have an exchange."""
    out = []
    i = bisect.bisect_left(sequence, start, key=lambda t: t.start)
    while i < len(sequence) and sequence[i].start < end:
        tok = sequence[i]
        if tok.form == "친선" and tok.tag == "NNG":
            for j in range(i + 1, min(i + 5, len(sequence))):
                nxt = sequence[j]
                if nxt.tag not in ("NNG", "SL") or nxt.start >= end:
                    break
                previous = sequence[j - 1].form
                if nxt.form in _CONTEST or (nxt.form == "전" and previous == "교류"):
                    out.append((tok.start, nxt.start + nxt.len))
                    break
        i += 1
    return out


#: A tie's predicate negated right after its cue and its particle: 자매결연을 맺지 않았다,
#: 협약을 체결하지 못했다, 맺지는 않기로 했다, 자매도시가 아니다, 맺은 적이 없다; not a
#: double negative (의심하지 않을 수 없다), nor a verb of another noun glued to the cue.
_NEGATED = re.compile(
    r"(?:을|를|이|가|은|는|도)?\s(?:(?:[가-힣]{1,4}\s){0,2}[가-힣]{0,4}지\s?(?:는|도)?\s?(?:않|못)"
    r"(?!을\s?수\s?없|으면\s?안)|아니|(?:[가-힣]{1,4}\s)?[가-힣]{0,3}[은ㄴ]\s?적[이은]?\s?없)"
)
_NO_LONGER = re.compile(r"더\s?이상\s?$")
_PLANNED_LATER = re.compile(r"추진|예정|계획|모색|하기로|키로")


def negated_tie(text: str, start: int, end: int, stop: int) -> str | None:
    """What a negation makes of the tie whose cue is ``text[start:end]`` (its clause ends
    by ``stop``): None when there is none; "ended" for one that is no more (더 이상 자매도시가
    아니다); "planned" when the sentence goes on to plan it (아직 맺지 않았지만 추진 중);
    else "none": the text says the tie is not there.

    >>> t = "고양시와 이우시는 아직 자매결연을 맺지 않았다."
    >>> negated_tie(t, t.index("자매"), t.index("을 맺"), len(t))
    'none'
    """
    m = _NEGATED.match(text, end, stop)
    if m is None:
        return None
    if _NO_LONGER.search(text[max(0, start - 8) : start]):
        return "ended"
    if _PLANNED_LATER.search(text, m.end(), stop):
        return "planned"
    return "none"


def conditional(sequence: Sequence[Any], start: int, stop: int) -> bool:
    """The first verb after ``start`` (before ``stop``) ends in the conditional -(으)면:
    자매결연이 성사되면, 협약을 체결하면, 맺게 되면, 맺었으면 한다 (a wish). What a
    condition or a wish names has not happened."""
    i = bisect.bisect_left(sequence, start, key=lambda t: t.start)
    nouns = 0
    while i < len(sequence) and sequence[i].start < stop:
        tok = sequence[i]
        if tok.tag.startswith("E"):
            if tok.tag == "EC" and tok.form in ("면", "으면"):
                return True
            if tok.tag == "EC" and tok.form == "게" and i + 1 < len(sequence):
                if sequence[i + 1].form == "되":  # 맺게 되면
                    i += 2
                    continue
            if tok.tag != "EP":
                return False
        elif tok.tag.startswith("NN"):
            nouns += 1
            if nouns > 2:
                return False
        elif not tok.tag.startswith(("J", "XS", "VV", "VX", "XP")):
            return False
        i += 1
    return False


def held_in(text: str, m: KoMention) -> bool:
    """'X에서 열린' (개최된, 진행된): an event held in X."""
    return m.particles == "에서" and bool(_VENUE_VERB.match(text[m.end : m.end + 12].lstrip()))


def _roles(text: str, out: list[KoMention], sequence: Sequence[Any] = (), end: int = 0) -> None:
    """'X에서 열린' and 'X에서 만났다' name the venue; 'X에서 대표단을 파견' and 'X에서 성금을
    보내왔다' the sender."""
    for m in out:
        if m.role != "party":
            continue
        at = m.particles.startswith("에서") and not m.particles.startswith(("에서는", "에서도"))
        if at:
            after = text[m.end : m.end + 20].lstrip()
            at = not _FROM.match(after) and not _toward_subject(sequence, m.end, end)
        if _named_partner(text, out, m):
            # 우호도시인 (일본) X에서 열린 행사: the partner, named as such, stays a party; of
            # what is done there with others (X에서 C시와 협약) it is the venue.
            m.named_venue = at and not held_in(text, m)
            continue
        if at:
            m.role = "venue"
        elif m.particles == "에":
            after = text[m.end : m.end + 12].lstrip()
            if _VENUE_VERB.match(after):
                m.role = "venue"
            elif _AFTER_OTHERS.match(after):
                m.role = "aside"
        elif m.particles in ("을", "를") and _TRANSIT.match(text[m.end : m.end + 6].lstrip()):
            m.role = "aside"  # 오사카를 거쳐: a stop on the way, neither party nor venue
        elif m.particles in ("처럼", "보다") or (
            m.particles in ("와", "과") and _LIKE.match(text[m.end : m.end + 8].lstrip())
        ):
            m.role = "aside"  # 부산처럼, 서울보다, 대구와 마찬가지로: a comparison
    # The items of a list share its last item's role (워싱턴과 뉴욕을 거쳐, 서울, 부산에 이어).
    for a, b in zip(reversed(out[:-1]), reversed(out[1:]), strict=True):
        if b.role in ("venue", "aside") and a.role == "party" and b.kind != "country":
            gap = text[a.end : b.start].strip()
            joined = (a.particles in ("와", "과") and not gap) or (
                not a.particles and gap in (",", "·", "ㆍ", "、")
            )
            if joined and (b.role == "aside" or b.particles in ("을", "를")):
                a.role = b.role


#: 서울, 부산에 이어 (after others, as a benchmark), not a party.
_AFTER_OTHERS = re.compile(r"^(?:이어|뒤이어|비해|견줘|비하면)")
_TRANSIT = re.compile(r"^(?:거쳐|경유)")
_LIKE = re.compile(r"^(?:마찬가지로|같이|비교해|비교하면)")


_UNKNOWN = re.compile(
    r"^(?P<stem>[\uac00-\ud7a3][\uac00-\ud7a3-]+?)(?P<suffix>시|현)"
    rf"(?P<particles>(?:{_PARTICLES})*)$"
)


def _suffixed_run(run: str) -> re.Match[str] | None:
    """A Hangul word of a name and an administrative suffix (and particles): its match of
    ``_UNKNOWN_WIDE`` (``stem``, ``suffix``, ``particles``), else None."""
    m = _UNKNOWN_WIDE.match(run)
    return m if m is not None and len(m["stem"]) >= 2 else None


#: Particles after 시 (時) of an action noun (방문시에, 출장시엔, 귀국시는): a time, not a city.
_TIME_PARTICLES = re.compile(r"^(?:에(?!서)|엔|는|은|나|마다|까지|부터|도)")


def _split_suffix(tokens: dict[int, Any], start: int, stem: str, suffix: str) -> bool:
    """Kiwi read the name glued to its suffix as common nouns and the suffix as a noun of
    its own (조장/NNG 시/NNG: 조장 is also a word), as it does for a foreign name that is a
    Korean word too; a name it knows it reads as one proper noun (조장시/NNP)."""
    at, end = start, start + len(stem)
    while at < end:
        tok = tokens.get(at)
        if tok is None or tok.tag != "NNG" or at + tok.len > end:
            return False
        at += tok.len
    last = tokens.get(end)
    return last is not None and last.tag in ("NNG", "NNB") and last.form == suffix


def _one_proper_noun(tokens: dict[int, Any], start: int, length: int) -> bool:
    """Kiwi reads ``length`` characters at ``start`` as one proper noun (or more of them)."""
    tok = tokens.get(start)
    return tok is not None and tok.tag == "NNP" and tok.len >= length


#: The slot of a partner city: 자매도시인 X, 우호도시 X, 자매결연 도시인 X.
_PARTNER_SLOT = re.compile(r"(?:자매|우호|친선|우호협력|교류)\s?(?:결연\s?)?도시(?:인|이자)?\s")
PARTNER_SLOT = _PARTNER_SLOT


_APPOSITION = re.compile(r"[\uac00-\ud7a3]{1,6}도시(?:인|이자)\s")


def _after_apposition(text: str, start: int) -> re.Match[str] | None:
    """An apposition naming a city (중심도시인, 항구도시인) that ends right at ``start``."""
    slot = _APPOSITION.search(text, max(0, start - 12), start)
    return slot if slot is not None and slot.end() == start else None


def _after_partner_slot(text: str, start: int) -> re.Match[str] | None:
    """The partner's slot (자매도시인, 우호도시) that ends right at ``start``, if one does."""
    slot = _PARTNER_SLOT.search(text, max(0, start - 14), start)
    return slot if slot is not None and slot.end() == start else None


_UNKNOWN_WIDE = re.compile(
    r"^(?P<stem>[\uac00-\ud7a3]{2,8}?)(?P<suffix>카운티|시|현|성|주|구|군|정|촌)"
    rf"(?P<particles>(?:{_PARTICLES})*)$"
)


def _unknowns(
    text: str,
    start: int,
    end: int,
    out: list[KoMention],
    runs: list[re.Match[str]],
    gaz: Gazetteer,
    tokens: dict[int, Any],
    learned: dict[str, City],
    foreign_hint: str | None,
    masked: list[tuple[int, int]],
    sequence: Sequence[Any] = (),
) -> None:
    """A name the gazetteer lacks, with a city suffix, after a country (중국 ○○시)."""
    taken = {(m.start, m.end) for m in out}
    covered = [(m.start, m.end) for m in out]
    for r in runs:
        if any(a <= r.start() < b for a, b in covered) or _after_title(text, r.start()):
            continue
        run = r.group()
        latin_peek = text[r.end() : r.end() + 2].lstrip()[:1] == "("
        k = runs.index(r)
        apart = _suffix_run(text, r.end(), runs[k + 1]) if k + 1 < len(runs) else None
        glossed = bool(re.match(r"\s?\([\u4e00-\u9fff]", text[r.end() : r.end() + 3]))
        before = [m for m in out if m.end <= r.start() and _adjacent(text, m, _Probe(r.start()))]
        qualifier = before[-1] if before else None
        # After a foreign country or province with no particle (베트남 박닌성 뜨선시, 일본 홋카이도
        # 히가시카와 정), a proper noun with any administrative suffix names a place.
        # So does one after a foreign city (일본 동경도 무사시노시, 도쿄 시부야구): its district
        # or a town of its metropolis.
        foreign_q = (
            qualifier is not None
            and not qualifier.particles
            and not qualifier.title
            and qualifier.kind in ("country", "province", "city")
            and (qualifier.country or (qualifier.city.country if qualifier.city else None))
            not in (None, "KR")
        )
        plain = re.fullmatch(r"[\uac00-\ud7a3]{2,8}", run)
        if apart is not None and plain and not (glossed or foreign_q):
            # 우호교류 도시인 히가시카와 정에: a name in a partner's slot with its suffix
            # written apart, the country the one named before the slot.
            slot_apart = _after_partner_slot(text, r.start())
            if slot_apart is not None:
                named = [
                    x.country for x in out if x.kind == "country" and x.end <= slot_apart.start()
                ]
                country = named[-1] if named else foreign_hint
                if country not in (None, "KR"):
                    _add_unknown(
                        text, r.start(), runs[k + 1].end(), run, apart[0], apart[1],
                        out, gaz, learned, country, covered, taken,
                    )  # fmt: skip
                    continue
        if apart is not None and (glossed or foreign_q) and plain:
            # 사야마(狹山) 시: a name glossed in hanja, its suffix written apart.
            _add_unknown(
                text, r.start(), runs[k + 1].end(), run, apart[0], apart[1],
                out, gaz, learned, foreign_hint, covered, taken,
            )  # fmt: skip
            continue
        # A name and its administrative suffix (박닌성, 조요시와의); _UNKNOWN_WIDE's stem has
        # two syllables or more, so this is its match too.
        wide = _suffixed_run(run)
        # A list or a pair joined by a mark (베트남 박닌성, 뜨선시와; 봉화군-뜨선시 우호): the
        # item after a place, with an administrative suffix, is a place too; abroad when
        # the place before it is foreign or the text named a foreign country.
        prev = _joined_before(text, out, r.start())
        if prev is not None and wide is not None and apart is None:
            hyphen = text[prev.end : r.start()].strip() in ("-", "–")
            country = (
                prev.city.country
                if prev.city is not None and prev.city.country not in (None, "KR")
                else (foreign_hint if hyphen else None)
            )
            if country not in (None, "KR"):
                _add_unknown(
                    text, r.start(), r.end(), wide["stem"], wide["suffix"],
                    wide["particles"] or "", out, gaz, learned, country, covered, taken,
                )  # fmt: skip
                continue
        slot = _after_partner_slot(text, r.start()) if apart is None else None
        if slot is None and apart is None and wide is not None:
            # "베트남 중북부 중심도시인 응에안성과": a name with an administrative suffix in
            # apposition to a city (…도시인) is a city as in a partner's slot.
            slot = _after_apposition(text, r.start())
        if slot is not None:
            # In a partner's slot the country is the one named before the slot, else the
            # foreign country the text named.
            countries = [x.country for x in out if x.kind == "country" and x.end <= slot.start()]
            country = countries[-1] if countries else foreign_hint
            if wide is not None and country not in (None, "KR"):
                # 자매도시인 조요시와의, 우호교류 도시인 후지노미야시에서: a name with an
                # administrative suffix in a partner's slot is a city.
                _add_unknown(
                    text, r.start(), r.end(), wide["stem"], wide["suffix"],
                    wide["particles"] or "", out, gaz, learned, country, covered, taken,
                )  # fmt: skip
                continue
            if not _UNKNOWN.match(run):
                # 프랑스 자매도시 오베르쉬르우아즈와: the name in a partner's slot, a proper
                # noun to Kiwi, is a city even with no suffix.
                bare = re.match(
                    rf"^(?P<stem>[\uac00-\ud7a3]{{2,10}}?)(?P<p>(?:{_PARTICLES})*)$", run
                )
                tok = tokens.get(r.start())
                if (
                    bare is not None
                    and tok is not None
                    and tok.len == len(bare["stem"])
                    # Kiwi guesses the tag of a foreign name it does not know: a proper noun,
                    # or one "common noun" of four syllables or more (not a Korean word's
                    # length).
                    and (tok.tag == "NNP" or (tok.tag == "NNG" and tok.len >= 4))
                    and country not in (None, "KR")
                ):
                    _add_unknown(
                        text, r.start(), r.end(), bare["stem"], "", bare["p"] or "",
                        out, gaz, learned, country, covered, taken,
                    )  # fmt: skip
                    continue
        if (
            wide is not None
            and foreign_q
            and qualifier is not None
            # Only a proper noun to Kiwi names a place: not 한국문화주간 after a city, nor
            # 프로축구 or 인민해방군 after a country (common nouns Kiwi knows).
            and _one_proper_noun(
                tokens, r.start(), len(wide["stem"]) if qualifier.kind == "city" else 2
            )
            and not _UNKNOWN.match(run)
        ):
            _add_unknown(
                text, r.start(), r.end(), wide["stem"], wide["suffix"], wide["particles"] or "",
                out, gaz, learned, foreign_hint, covered, taken,
            )  # fmt: skip
            continue
        if (
            wide is not None
            and foreign_q
            and qualifier is not None
            and qualifier.kind in ("country", "province")
            and _split_suffix(tokens, r.start(), wide["stem"], wide["suffix"])
            and (
                # 자매도시인 중국 조장시와: in a partner's slot, any administrative suffix;
                _after_partner_slot(text, qualifier.start) is not None
                # after the country alone only a city's, with a particle no time noun
                # takes (중국 방문시에, 일본 출장시 are "when visiting"; 동시, 당시 are words).
                or (
                    wide["suffix"] in ("시", "현")
                    and bool(wide["particles"])
                    and not _TIME_PARTICLES.match(wide["particles"])
                )
            )
        ):
            _add_unknown(
                text, r.start(), r.end(), wide["stem"], wide["suffix"], wide["particles"] or "",
                out, gaz, learned, foreign_hint, covered, taken,
            )  # fmt: skip
            continue
        if not latin_peek and not run.endswith(("시", "현")) and not _UNKNOWN.match(run):
            continue
        chained = (
            qualifier is not None
            and qualifier.role in ("qualifier", "party")
            and not qualifier.particles
            and (qualifier.kind in ("country", "province") or qualifier.role == "qualifier")
        )
        latin = re.match(r"\s?\(([A-Z][A-Za-z .'-]+)\)", text[r.end() : r.end() + 60])
        m = _UNKNOWN.match(run)
        stem = suffix = particles = None
        if m:
            stem, suffix, particles = m["stem"], m["suffix"], m["particles"]
        elif latin and chained:
            stem, suffix, particles = run, "", ""
        if not stem or len(stem.replace("-", "")) < 2 or (stem + (suffix or "")).endswith("도시"):
            continue
        country = None
        if chained and qualifier is not None:
            country = qualifier.country or (qualifier.city.country if qualifier.city else None)
        strong = (
            chained
            and qualifier is not None
            and (qualifier.kind == "province" or latin is not None)
        )
        if not strong:
            toks = [
                tokens[off]
                for off in range(r.start(), r.start() + len(stem) + len(suffix or ""))
                if off in tokens
            ]
            single = (
                len(toks) == 1
                and toks[0].tag in ("NNP", "NNG")
                and len(stem) >= (2 if chained else 3)
            )
            if not (single or any(t.tag == "NNP" for t in toks) and chained):
                continue
            if not chained:
                if (
                    not foreign_hint
                    or len(stem) < 3
                    or (toks and toks[0].tag == "NNG" and len(toks[0].form) < 4)
                ):
                    continue
                country = foreign_hint
        if not country or (
            country == "KR"
            # 경남 진해시와: a name with a city's or county's suffix right after a Korean
            # province is a Korean local government the gazetteer lacks (one merged since).
            and not (
                chained
                and qualifier is not None
                and qualifier.kind == "province"
                and suffix in ("시", "군")
                and strong
            )
        ):
            continue
        name_en = latin.group(1).strip() if latin else None
        city = (
            gaz.resolve(name=name_en, name_ko=stem + (suffix or ""), country=country)
            if name_en
            else None
        )
        if city is None or city.key.startswith("new:"):
            found = [c for c in gaz.lookup(stem, country)] if stem else []
            why = "" if found or latin else _person_name(text, r.end(), stem, suffix or "", out)
            if why:
                log.info("%s%s is %s, not a new city", stem, suffix or "", why)
                continue
            city = _known_or_new(
                found, name_en or stem, country, name_ko=stem + (suffix or ""), gaz=gaz
            )
        learned[stem] = city
        if suffix:
            learned[stem + suffix] = city
        mention = KoMention(
            r.start(),
            r.end(),
            stem,
            [city],
            kind="city",
            suffix=suffix or "",
            particles=particles or "",
            reason="unknown name after a country" if chained else "unknown name with a city suffix",
        )
        if (mention.start, mention.end) not in taken:
            out.append(mention)
            if qualifier is not None and chained:
                qualifier.role = "qualifier"
    _roles(text, out, sequence, end)


#: What follows a person's name and never a city's: an honorific, or a governor's title
#: (the head of a province, never of a city: 가즈요시 지사 is no governor of a 가즈요 city).
_PERSON_AFTER = re.compile(r"^(?:씨|氏|님|도지사|부지사|지사)")


def _is_cue_word(word: str) -> bool:
    """A cue word of relations.ttl (우호도시, 자매도시): the name of a kind of tie, never a
    city's, whatever Kiwi makes of it in a list."""
    from kg.extract.lexicon import lexicon

    try:
        lexicon().type_of(word, korean=True)
    except KeyError:
        return False
    return True


def _person_name(text: str, end: int, stem: str, suffix: str, out: list[KoMention]) -> str:
    """Why a word ending in 시 is a person's name and no new city ('' when it may be one).

    Japanese given and family names often end in 시 (가즈요시, 다테이시). Such a name
    followed by an honorific or a governor's title (다테이시 씨, 가즈요시 지사: a governor
    heads a province, never a city), or by a province and its title (가즈요시 돗토리현
    지사: Korean writes the province before its cities, so the name before the province
    is its official's), is a person's name.
    """
    if _is_cue_word(stem + suffix):
        return "a relation's cue word"
    if suffix != "시":
        return ""
    words = text[end : end + 40].split()[:2]
    if words and _PERSON_AFTER.match(words[0]):
        return "a person's name before an honorific or a governor's title"
    place = min(
        (m for m in out if m.start > end and m.kind != "country"),
        default=None,
        key=lambda m: m.start,
    )
    if (
        len(words) == 2
        and place is not None
        and place.kind == "province"
        and text[end : place.start].strip() == ""
        and _TITLE_WORD.match(words[1])
    ):
        return "a person's name before a province's title"
    return ""


def _joined_before(text: str, out: list[KoMention], start: int) -> KoMention | None:
    """The place that a list mark or a hyphen joins to the name at ``start`` (박닌성,
    뜨선시; 봉화군-뜨선시): of such places in ``out``, the last one."""
    for m in reversed(out):
        if (
            m.end <= start
            and start - m.end <= 2
            and text[m.end : start].strip() in (",", "·", "ㆍ", "-", "–")
            and m.kind != "country"
            and m.city is not None
        ):
            return m
    return None


@dataclass
class _Probe:
    start: int


def _add_unknown(
    text: str,
    start: int,
    end: int,
    stem: str,
    suffix: str,
    particles: str,
    out: list[KoMention],
    gaz: Gazetteer,
    learned: dict[str, City],
    foreign_hint: str | None,
    covered: list[tuple[int, int]],
    taken: set[tuple[int, int]],
) -> None:
    """A glossed name with its suffix apart, as a city (or a province for 현/성/주/도)."""
    before = [m for m in out if m.end <= start and _adjacent_loose(text, m, start)]
    qualifier = before[-1] if before else None
    country = None
    if qualifier is not None and qualifier.role in ("qualifier", "party"):
        country = qualifier.country or (qualifier.city.country if qualifier.city else None)
    country = country or foreign_hint
    if not country or country == "KR":
        return
    # A county (오렌지카운티) is not the city of its name's stem.
    found = gaz.lookup(stem + suffix, country) if suffix == "카운티" else gaz.lookup(stem, country)
    if not found:
        why = _person_name(text, end, stem, suffix, out)
        if why:
            log.info("%s%s is %s, not a new city", stem, suffix, why)
            return
    name = stem + suffix if suffix == "카운티" else stem
    city = _known_or_new(found, name, country, name_ko=stem + suffix, gaz=gaz)
    learned[stem] = city
    mention = KoMention(
        start,
        end,
        stem,
        [city],
        kind="province" if suffix in _PROVINCE_SUFFIXES else "city",
        suffix=suffix,
        particles=particles,
        reason="an unknown name with an administrative suffix after a foreign place",
    )
    if (mention.start, mention.end) in taken:
        return
    if (
        qualifier is not None
        and qualifier.kind in ("country", "province", "city")
        and not qualifier.particles
    ):
        qualifier.role = "qualifier"
    out.append(mention)
    out.sort(key=lambda x: x.start)
    covered.append((mention.start, mention.end))


def _known_or_new(
    found: list[City],
    name: str,
    country: str,
    *,
    name_ko: str | None = None,
    gaz: Gazetteer | None = None,
) -> City:
    """The gazetteer's first match; else, for a Hangul name, the place of that country
    whose Latin name sounds like it (:meth:`Gazetteer.by_sound`: 히가시카와정 is
    Higashikawa); else a new city of that name. Both guesses are said in a warning."""
    if found:
        return found[0]
    heard = gaz.by_sound(name_ko, country) if gaz is not None and name_ko else None
    if heard is not None:
        city, d = heard
        log.warning(
            "unknown city %s (%s) read as %s (GeoNames %s) by its sound (distance %.2f)",
            name_ko,
            country,
            city.name,
            city.geonames,
            d,
        )
        return city
    log.warning("unknown city %s (%s) kept as a new city", name_ko or name, country)
    return City.unknown(name, country, name_ko=name_ko)


def _adjacent_loose(text: str, a: KoMention, start: int) -> bool:
    """Next to each other but for a space or a gloss: 시마네(島根) 현 이즈모(出雲) 시."""
    return bool(_GLOSS.fullmatch(text[a.end : start]) or a.end == start)


def anaphors(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """'양 도시', '두 도시는', '세 도시 간': (start, end, how many cities)."""
    out = []
    for m in _ANAPHOR.finditer(text, start, end):
        if m.start() > 0 and re.match(r"[\uac00-\ud7a3]", text[m.start() - 1]):
            continue
        after = text[m.end() : m.end() + 1]
        if not m["p"] and re.match(r"[\uac00-\ud7a3]", after or " "):
            continue  # 양도시행정 - not an anaphor
        if not m["p"]:
            nxt = text[m.end() : m.end() + 8].lstrip()
            if not nxt.startswith(("간", "모두", "공동", "상호", "시장")):
                continue  # 두 도시 법조기관이: the organisations of the cities, not the cities
        n = {"양": 2, "두": 2, "세": 3, "네": 4}.get(m["n"], None) or int(m["n"][0])
        if n >= 3 and (m["p"] or "").strip() in ("와", "과"):
            # "X는 A, B, C 3개 도시와 자매결연": the count sums up the list of X's partners
            # (comitative), it is not the joint party of "세 도시는 공동으로".
            continue
        out.append((m.start(), m.end(), n))
    return out


def joint_speakers(
    text: str, mentions: Sequence[KoMention], spans: Sequence[tuple[int, int]]
) -> list[City]:
    """The cities a reporting clause joins to its subject by 와/과: a coordinated subject
    (A시와 B시는 "…"고 밝혔다) or the one the speaker acts with (A시장은 B시장과 회견을 갖고
    "…"고 밝혔다). ``spans`` are the sentence's narration, outside its quotations."""
    party = [
        m
        for m in mentions
        if any(a <= m.start < b for a, b in spans)
        and m.role == "party"
        and m.kind != "country"
        and m.city is not None
    ]
    qualifiers = [m for m in mentions if m.role == "qualifier" or m.kind == "country"]

    def bare_gap(a: int, b: int) -> bool:  # nothing but qualifiers (중국, 경남) between
        gap = list(text[a:b])
        for q in qualifiers:
            for i in range(max(q.start, a), min(q.end, b)):
                gap[i - a] = " "
        return not "".join(gap).strip()

    out: list[KoMention] = []
    for i, m in enumerate(party):
        if m.particles not in ("와", "과"):
            continue
        out.append(m)
        nxt = party[i + 1] if i + 1 < len(party) else None
        if (
            nxt is not None
            and nxt.particles in ("은", "는", "이", "가")
            and bare_gap(m.end, nxt.start)
        ):
            out.append(nxt)
    return [m.city for m in out if m.city is not None]


#: What no Korean sentence ends on: a case particle, a conjunctive particle, a connective
#: ending, the topic particle, a comma.
_OPEN_TAGS = ("JKS", "JKO", "JKB", "JKG", "JC", "EC")


def join_broken_lines(
    text: str, sents: Sequence[Sentence], tokens: Sequence[Any]
) -> list[Sentence]:
    """Sentences whose lines were broken inside them (a broadcast's script: 대구시와
    경상북도가 / 공무원 교류근무를 하기로 했습니다): a line whose last word ends on a
    particle or a connective ending (a grammar that asks for more) goes on on the next
    line, one line break after it, as one sentence. ``tokens`` are the text's, in order."""
    out: list[Sentence] = []
    for s in sents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not prev.chrome
            and not s.chrome
            and text[prev.end : s.start].strip(" \t") == "\n"
            and _open_end(tokens, prev.end)
        ):
            out[-1] = Sentence(prev.start, s.end, False)
            continue
        out.append(s)
    return out


def _open_end(tokens: Sequence[Any], end: int) -> bool:
    """The token that ends at ``end`` leaves its sentence open (see :data:`_OPEN_TAGS`)."""
    i = bisect.bisect_left(tokens, end, key=lambda t: t.start) - 1
    if i < 0:
        return False
    t = tokens[i]
    if t.start + t.len != end:
        return False
    return t.tag in _OPEN_TAGS or (t.tag == "JX" and t.form in ("은", "는")) or t.form == ","


#: A government's own word before an official's noun: 시 관계자, 양 도시 대표, 정부 측.
_GOVERNMENT_BEFORE = re.compile(r"(?:도시|시|군|구|도|청|정부|당국|측|시청|군청|구청|도청)$")
#: The words of a government's people: its officials and bodies (관계자, 대표단).
_OFFICIAL_HEADS = ("관계자", "공무원", "대표", "대표단", "방문단", "사절단", "일행", "직원", "간부")


_PEOPLE_AFTER = re.compile(
    rf"\s?(?:{'|'.join(_OFFICIAL_HEADS)})(?:들)?(?:을|를|에게|과|와|과의|와의|에|의)\s"
)


def people_of(text: str, m: KoMention) -> bool:
    """A city written before its people with the particle (X시 대표단을, X시 관계자들과):
    they stand for it, in the role their particle gives."""
    return not m.particles and _PEOPLE_AFTER.match(text, m.end) is not None


def met_others(
    text: str, start: int, cue: int, mentions: Sequence[Any], tokens: Sequence[Any]
) -> bool:
    """The meeting cue at ``cue`` has for its other side people of no city: the comitative
    right before it (…들과 간담회, …과 오찬 간담회, …과의 면담) is a common noun that is no
    official's title, with no city written before it (한국 기업인들과, 현지 교민들과,
    유학생들과): business people, residents, students are no city's representatives. A
    city's officials (하노이시 관계자들과, 응우옌 부시장과, 양 도시 대표들과), a city
    (하노이시와), a person named (존슨과), people of a city named (하노이 교민들과) are;
    a list (A 시장 및 기업인들과) is not judged."""
    j = bisect.bisect_left(tokens, cue, key=lambda t: t.start) - 1
    skipped = 0
    while j >= 0 and tokens[j].start >= start and tokens[j].tag in ("NNG", "MAG"):
        skipped += 1  # 오찬 간담회, 정책간담회, 함께 간담회: words between it and the cue
        j -= 1
    if skipped > 2 or j < 2 or tokens[j].start < start:
        return False
    if tokens[j].tag == "JKG" and tokens[j].form == "의":
        j -= 1  # 기업인들과의 면담
    comitative = tokens[j]
    if comitative.tag not in ("JKB", "JC") or comitative.form not in ("과", "와"):
        return False
    j -= 1
    while j >= 0 and tokens[j].tag == "XSN":
        j -= 1  # 기업인들, 대학생들
    if j < 0 or tokens[j].start < start or tokens[j].tag != "NNG":
        return False
    head = tokens[j]
    word_start = text.rfind(" ", start, head.start) + 1
    word_end = comitative.start + comitative.len
    if any(m.start < word_end and m.end > word_start for m in mentions):
        return False  # 하노이시와, 하노이시장과: a city (or its official) is the other side
    word = text[word_start : head.start + head.len]
    if word.endswith(tuple(TITLES)):
        return False  # 응우옌 부시장과, 시장과
    if len(word) >= 3 and word.endswith(("시", "군", "구", "현", "성", "주", "도", "정", "청")):
        return False  # 조장시와: a place named with its suffix, known or not
    before = text[start:word_start].rstrip()
    words = before.split()
    if not words or words[-1] == "및" or before.endswith((",", "·", "ㆍ")):
        return False
    if any(m.city is not None and m.end == start + len(before) for m in mentions):
        return False  # 하노이 교민들과, 하노이시 관계자들과: people of a city named
    if any(w.endswith(tuple(TITLES)) for w in words[-2:]):
        return False  # 시장 왕젠 일행과, 왕젠 시장 일행과: an official's party
    if word.startswith(_OFFICIAL_HEADS) and (
        _GOVERNMENT_BEFORE.search(words[-1]) or words[-1].endswith("의")
    ):
        return False  # 시 관계자들과, 양 도시 대표들과, A시청 등의 관계자와
    return True


def implicit_home(text: str, start: int, end: int) -> bool:
    """A sentence whose subject is the reporting government itself: '시는 ...', '구는 ...'."""
    return bool(_IMPLICIT_HOME.match(text[start:end]))


def decisions(tokens: Iterable[Any]) -> list[int]:
    """Where a clause says what was decided or agreed, by its grammar: the nominaliser 기
    with 로 (맺기로 확정했다, 재개하기로 뜻을 모았다, 열기로 합의했다), whatever the verb
    after it; the offset of the 기. Not a noun that ends so (2년 주기로, 기로에 서다)."""
    toks = list(tokens)
    return [
        a.start
        for a, b in zip(toks, toks[1:], strict=False)
        if a.form == "기" and a.tag == "ETN" and b.form == "로" and b.tag.startswith("JK")
    ]


#: A non-past declarative ending (연다, 이뤄진다, 맺는다, 엽니다).
_NONPAST_EF = ("ᆫ다", "는다", "ᆸ니다", "습니다")


def nonpast_end(tokens: Sequence[Any], start: int, end: int) -> bool:
    """The first verb ending at or after ``start`` (before ``end``) closes its sentence in
    the non-past of an action verb (축제를 연다, 자매결연은 내년에 이뤄진다, 교류회를
    엽니다): news tells what is scheduled so. A tense, an adnominal or a nominal ending met
    first (맺었고, 맺은, 맺기), or a state (하고 있다, 도시이다), is none."""
    i = bisect.bisect_left(tokens, start, key=lambda t: t.start)
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.start >= end:
            return False
        if t.tag in ("EP", "ETM", "ETN"):
            return False
        if t.tag == "EF":
            return t.form in _NONPAST_EF and j > 0 and tokens[j - 1].tag in ("VV", "XSV")
    return False


def habitual(tokens: Sequence[Any], start: int, end: int) -> bool:
    """A verb between ``start`` and ``end`` in the aspect of what goes on (교류를 이어왔다,
    지원해 오고 있다, 이어가고 있다: a connective 어/아 and the auxiliary 오다/가다), or
    an adverb of repetition (매년, 꾸준히, 정기적으로): a standing practice, not one event."""
    i = bisect.bisect_left(tokens, start, key=lambda t: t.start)
    for j in range(i, len(tokens)):
        t = tokens[j]
        if t.start >= end:
            return False
        if t.tag == "VX" and t.form in ("오", "가") and tokens[j - 1].form in ("어", "아"):
            return True
        if t.form in _REPEATED:
            return True
    return False


#: Words of repetition: what they qualify is done again and again.
_REPEATED = frozenset(
    {"매년", "해마다", "매해", "꾸준히", "정기", "지속", "그동안", "그간", "마다"}
)


def clause_breaks(tokens: Sequence[Any]) -> list[int]:
    """Where a clause ends inside a sentence: after a connective ending (맺고, 방문해,
    맺었으며, 하면서) that is not the first half of an auxiliary construction (하고 있다,
    해 오다: the connective before an auxiliary verb), or after an adnominal with a noun of
    time after it (맺은 뒤, 체결한 이후, 맺은 이래); the end offsets, in order."""
    out = []
    for k, (t, nxt) in enumerate(zip(tokens, tokens[1:], strict=False)):
        if t.tag == "EC" and not nxt.tag.startswith("VX"):
            out.append(t.end)
        elif t.tag == "ETM" and nxt.tag in ("NNG", "NNB") and nxt.form in _AFTER_NOUNS:
            out.append(nxt.end)
        elif (
            t.tag == "JKO"
            and nxt.form == ","
            and k + 2 < len(tokens)
            and tokens[k + 2].tag.startswith("NN")
        ):
            # "A시와 자매결연을, B시와 우호협약을 체결했다": the verb shared by gapped
            # clauses; each object's clause ends at its comma.
            out.append(nxt.end)
    return out


#: Nouns of time after an adnominal that close its clause: 맺은 뒤, 체결한 이후.
_AFTER_NOUNS = ("뒤", "후", "이후", "이래", "다음")


_GOVERNMENT_NOUN = re.compile(
    r"(?:^|[\s“\"'(])(시|구|군|도)(?:는|에서는|가|도|에 따르면|청은|청에 따르면)\s"
)


def government_nouns(text: str) -> Counter[str]:
    """How often the text names its reporting government by the bare noun of its kind:
    '구는', '시에 따르면', '군청은' (a 구, a 시, a 군 wrote the release)."""
    return Counter(m.group(1) for m in _GOVERNMENT_NOUN.finditer(text))


_PERSON = re.compile(r"^[\uac00-\ud7a3]{2,4}$")


_TITLE_WORD = re.compile(
    r"^("
    + "|".join(sorted((t for t in TITLES if len(t) >= 2), key=len, reverse=True))
    + r")(은|는|이|가|과|와|도|의|에게|과도|와도|과의|을|를)?[,.]?$"
)
_PARTICLE_END = re.compile(r"(은|는|이|가|과|와|도|의|에게|과도|와도|과의|을|를)$")


def officials(
    text: str, mentions: list[KoMention], tokens: dict[int, Any], start: int, end: int
) -> list[tuple[str, str, KoMention | None, int]]:
    """(name, role, mention of the city or None, offset) for titles bound to a city or a name.

    '이동환 고양시장', '이우시 부시장 가오진', '조규일 진주시장', '이동환 시장' (no city).
    """
    found: list[tuple[str, str, KoMention | None, int]] = []
    words = [(m.start() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]
    by_start = {m.start: m for m in mentions if m.kind != "country"}
    all_starts = {m.start for m in mentions}
    for k, (ws, w) in enumerate(words):
        mention = by_start.get(ws)
        glued = next(
            (x for x in mentions if ws < x.start < ws + len(w) and x.title and x.city), None
        )
        if mention is None and glued is not None:
            # 조순서울시장: the name glued before the city and its title.
            found.append((w[: glued.start - ws], TITLES[glued.title], glued, ws))
            continue
        prev = words[k - 1] if k > 0 else None
        person_before = (
            prev
            if prev and prev[0] not in all_starts and _is_person(prev[1], tokens, prev[0])
            else None
        )
        if mention is not None and mention.city is not None:
            # 미켈레 구에라 파르마 시장, 부르크하르트 융 라이프치히 시장: the name before the
            # city and its title may be of two or three words.
            named = (
                _name_before(words, k, tokens, all_starts)
                or person_before
                or _name_before_qualified(words, k, tokens, all_starts, mentions)
            )
            if mention.title:
                if named:
                    found.append((named[1], TITLES[mention.title], mention, named[0]))
                continue
            nxt = _TITLE_WORD.match(words[k + 1][1]) if k + 1 < len(words) else None
            if nxt is None:
                continue
            role = TITLES[nxt.group(1)]
            if named:
                found.append((named[1], role, mention, named[0]))
            elif not nxt.group(2) and k + 2 < len(words):
                name = _PARTICLE_END.sub("", words[k + 2][1])
                if name not in TITLES and _is_person(name, tokens, words[k + 2][0]):
                    found.append((name, role, mention, words[k + 2][0]))
        elif mention is None:
            bare = _TITLE_WORD.match(w)
            if bare and person_before:
                # A foreign name is written in two or three words (마르틴 호른 시장); the
                # city right before it, bare or with 의, is the one the official heads
                # (프라이부르크시의 마르틴 호른 시장, 고양시 이동환 시장).
                j = k - 1
                while (
                    j > 0
                    and k - j < 3
                    and words[j - 1][0] not in all_starts
                    and _is_person(words[j - 1][1], tokens, words[j - 1][0])
                    and tokens.get(words[j - 1][0]) is not None
                    and tokens[words[j - 1][0]].tag == "NNP"
                ):
                    j -= 1
                name = " ".join(x for _, x in words[j:k])
                city = by_start.get(words[j - 1][0]) if j > 0 else None
                if city is not None and (
                    city.city is None or city.particles not in ("", "의") or city.title
                ):
                    city = None
                if city is not None and city.role == "modifier":
                    # 고양시 이동환 시장은: the city heads its official, so it is a party, not
                    # a modifier of the noun after it.
                    city.role = "party"
                found.append((name, TITLES[bare.group(1)], city, words[j][0]))
    return found


def _whole_proper_noun(word: str, tokens: dict[int, Any], offset: int) -> bool:
    tok = tokens.get(offset)
    return tok is not None and tok.tag == "NNP" and tok.len == len(word)


def _name_before(
    words: Sequence[tuple[int, str]], k: int, tokens: dict[int, Any], all_starts: set[int]
) -> tuple[int, str] | None:
    """A foreign name of two or three words right before ``words[k]`` (미켈레 구에라,
    호세 루이스 산즈, 부르크하르트 융): each word one proper noun to Kiwi, but the last,
    which may be any word a name may be, a single syllable too (융). (offset of its
    first word, the name), or None when no name of two words or more stands there."""
    j = k - 1
    if j < 1 or words[j][0] in all_starts:
        return None
    last = words[j][1]
    if not (
        _whole_proper_noun(last, tokens, words[j][0])
        or _is_person(last, tokens, words[j][0])
        or (re.fullmatch(r"[\uac00-\ud7a3]", last) is not None)
    ):
        return None
    i = j
    while (
        i > 0
        and j - i < 2
        and words[i - 1][0] not in all_starts
        and words[i - 1][1] not in _NOT_NAMES
        and _whole_proper_noun(words[i - 1][1], tokens, words[i - 1][0])
    ):
        i -= 1
    if i == j:
        return None
    return words[i][0], " ".join(w for _, w in words[i : j + 1])


#: A name's gloss in other letters, written after it: 윌리엄스(Andrew Williams).
_NAME_GLOSS = re.compile(r"^([\uac00-\ud7a3]{1,6})\((?:[A-Za-z.\'-]+|[\u4e00-\u9fff]{1,6})$")


def _name_before_qualified(
    words: Sequence[tuple[int, str]],
    k: int,
    tokens: dict[int, Any],
    all_starts: set[int],
    mentions: list[KoMention],
) -> tuple[int, str] | None:
    """The name of a city's official written before the country or province that
    qualifies the city (이상일 경기 용인시장, 앤드류 윌리엄스(Andrew Williams) 뉴질랜드
    오클랜드 시장): the qualifiers, and a gloss of the name in other letters, skipped."""
    qualifiers = {m.start for m in mentions if m.role == "qualifier"}
    j = k
    while j > 0 and k - j < 2 and words[j - 1][0] in qualifiers:
        j -= 1
    view = list(words[:j])
    if view and view[-1][1].endswith(")"):
        # The gloss may be of several words: back to the one that opens it.
        i = len(view) - 1
        while i > 0 and "(" not in view[i][1] and len(view) - i < 4:
            i -= 1
        gloss = _NAME_GLOSS.match(view[i][1])
        if gloss is None:
            return None
        view = [*view[:i], (view[i][0], gloss.group(1))]
    elif j == k:
        return None
    if not view or view[-1][0] in all_starts:
        return None
    named = _name_before(view, len(view), tokens, all_starts)
    if named is not None:
        return named
    # A Korean name in the slot before a qualified city's title, even one Kiwi splits as
    # words (이상일: 이상 + 이 + ㄹ): it starts with a noun of two syllables or more.
    last = view[-1]
    tok = tokens.get(last[0])
    if (
        _PERSON.match(last[1])
        and not _NOT_PERSON.search(last[1])
        and last[1] not in _NOT_NAMES
        and (tok is None or (tok.tag.startswith("NN") and tok.len >= 2))
    ):
        return last
    return None


_NOT_PERSON = re.compile(r"(?:을|를|에|와|과|로서|에서|하고|하며|했다|된|할|측|등|및)$|\d")


_NOT_NAMES = {
    "이날",
    "당시",
    "한편",
    "이어",
    "또한",
    "현재",
    "최근",
    "당일",
    "전임",
    "신임",
    "현직",
    "역대",
    "초대",
    "민선",
    "지난",
    "오는",
    "올해",
    "내년",
    "작년",
    "양측",
    "양국",
    "이번",
    "그간",
    "향후",
    "특히",
    "또",
}


def _is_person(word: str, tokens: dict[int, Any], offset: int) -> bool:
    if not _PERSON.match(word) or _NOT_PERSON.search(word) or word in _NOT_NAMES:
        return False
    tok = tokens.get(offset)
    # Kiwi may split a name it does not know (김 + 창규): a proper noun at the start will do,
    # and so will a word out of its vocabulary (만프레 + 디: a foreign name it never saw) or
    # a verb's stem with no ending (부치): no Korean verb stands without one.
    if tok is None or tok.tag == "NNP":
        return True
    if tok.tag == "NNG" and tok.len == len(word):
        # a word Kiwi guessed, not a common noun of its dictionary (일행, 관계자, 대표)
        return bool(getattr(tok, "oov", True))
    if getattr(tok, "oov", False):
        return True
    inside = [tokens[i] for i in range(offset, offset + len(word)) if i in tokens]
    return (
        tok.tag in ("VV", "VA")
        and tok.len == len(word)
        and not any(t.tag.startswith(("E", "J", "X")) for t in inside[1:])
    )
