"""A synthetic news corpus for the benchmarks: Korean and English articles about city ties.

Articles are written from templates (written for kg, not copied from any outlet) around
cities of the shipped gazetteer: Korean local governments on one side, foreign cities
with a Korean spelling (exonyms) or other Korean cities on the other. Each article says
one to three relations (type, status, date, place, officials) between noise sentences
and page chrome (outlet name, bylines, "other headlines" lists, footers), like the press
releases kg reads. The generator also gives the relations each article states (the
ground truth), as ``kg extract`` records, so the store side can be measured at sizes
that extraction would take hours to reach.

Everything is deterministic from the seed: the same ``(seed, n)`` writes the same bytes.

>>> gen = CorpusGenerator(seed=7)
>>> a, rels = gen.article(0)
>>> a.url.startswith("https://news.example/") and len(rels) >= 1
True
>>> a.text == CorpusGenerator(seed=7).article(0)[0].text
True
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.model import Article, City, Evidence, Official, Relation, RelationType, Status

__all__ = ["CorpusGenerator", "CityEntry", "write_corpus", "city_table"]

#: Korean names of the countries whose cities appear (the others are left out).
COUNTRY_KO = {
    "CN": "중국",
    "JP": "일본",
    "US": "미국",
    "DE": "독일",
    "RU": "러시아",
    "VN": "베트남",
    "FR": "프랑스",
    "TR": "튀르키예",
    "IT": "이탈리아",
    "GB": "영국",
    "CA": "캐나다",
    "AU": "호주",
    "ID": "인도네시아",
    "PH": "필리핀",
    "IN": "인도",
    "TW": "대만",
    "NZ": "뉴질랜드",
    "ES": "스페인",
    "MN": "몽골",
    "TH": "태국",
    "PL": "폴란드",
    "UZ": "우즈베키스탄",
    "NL": "네덜란드",
    "MY": "말레이시아",
    "CH": "스위스",
    "BR": "브라질",
    "UA": "우크라이나",
    "MX": "멕시코",
    "FI": "핀란드",
    "BE": "벨기에",
    "KZ": "카자흐스탄",
    "KH": "캄보디아",
    "LA": "라오스",
    "SE": "스웨덴",
    "HU": "헝가리",
    "CZ": "체코",
}
COUNTRY_EN = {
    "CN": "China",
    "JP": "Japan",
    "US": "the United States",
    "DE": "Germany",
    "RU": "Russia",
    "VN": "Vietnam",
    "FR": "France",
    "TR": "Türkiye",
    "IT": "Italy",
    "GB": "the United Kingdom",
    "CA": "Canada",
    "AU": "Australia",
    "ID": "Indonesia",
    "PH": "the Philippines",
    "IN": "India",
    "TW": "Taiwan",
    "NZ": "New Zealand",
    "ES": "Spain",
    "MN": "Mongolia",
    "TH": "Thailand",
    "PL": "Poland",
    "UZ": "Uzbekistan",
    "NL": "the Netherlands",
    "MY": "Malaysia",
    "CH": "Switzerland",
    "BR": "Brazil",
    "UA": "Ukraine",
    "MX": "Mexico",
    "FI": "Finland",
    "BE": "Belgium",
    "KZ": "Kazakhstan",
    "KH": "Cambodia",
    "LA": "Laos",
    "SE": "Sweden",
    "HU": "Hungary",
    "CZ": "Czechia",
    "KR": "Korea",
}

_SURNAMES = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나"
_GIVEN = "민서준현우지도하은수영재성진희경호태동규환석원훈정미연혜나"
_FOREIGN_GIVEN = {
    "CN": [
        "왕웨이",
        "리창",
        "장민",
        "류양",
        "천제",
        "자오레이",
        "가오진",
        "쑨리",
        "저우핑",
        "우하오",
    ],
    "JP": [
        "다나카 히로시",
        "스즈키 겐",
        "사토 마사루",
        "야마모토 유키",
        "나카무라 다케시",
        "고바야시 아키라",
    ],
}
_FOREIGN_KO = [
    "존 밀러",
    "마리아 슈미트",
    "피터 노박",
    "안나 로시",
    "데이비드 마틴",
    "엘레나 이바노바",
    "응우옌 반 민",
    "토마스 브라운",
    "소피아 실바",
    "마크 베버",
]
_EN_FIRST = ["John", "Maria", "Peter", "Anna", "David", "Laura", "Thomas", "Elena", "Mark", "Sofia"]
_EN_LAST = [
    "Miller",
    "Schmidt",
    "Rossi",
    "Novak",
    "Martin",
    "Ivanova",
    "Nguyen",
    "Tanaka",
    "Silva",
    "Brown",
]

_OUTLETS_KO = [
    "한빛일보",
    "세계로뉴스",
    "지방행정신문",
    "도시저널",
    "누리뉴스",
    "바른시정일보",
    "동행뉴스",
]
_OUTLETS_EN = ["City Diplomacy Wire", "Metro Herald", "Global Towns Daily", "Civic Review"]
_REPORTERS = ["이상민", "박지현", "최도윤", "정하은", "강서준", "윤미래", "한결"]

_FIELDS_KO = [
    "경제",
    "문화",
    "관광",
    "교육",
    "환경",
    "스마트시티",
    "농업",
    "청소년",
    "체육",
    "보건",
]
_FIELDS_EN = [
    "trade",
    "culture",
    "tourism",
    "education",
    "the environment",
    "smart cities",
    "health",
]

# One sentence per (type, status); {a} and {b} are the parties as written in the text.
_KO = {
    ("sister_city", "active"): [
        "{a}[는] {date}{place} {b}[와] 자매결연 협정을 체결하고 {field} 분야 교류를 약속했다.",
        "{a}[와] {b}[는] {date} 자매도시 협약서에 서명했다.",
    ],
    ("sister_city", "planned"): [
        "{a}[는] {b}[와] 내년 자매결연을 맺기로 하고 세부 일정을 협의할 계획이다."
    ],
    ("sister_city", "suspended"): ["{a}[는] {b}[와]의 자매결연 교류를 당분간 보류하기로 했다."],
    ("sister_city", "ended"): ["{a}[는] {b}[와] 맺었던 자매결연을 종료했다고 밝혔다."],
    ("friendship", "active"): [
        "{a}[와] {b}[는] {date} 우호도시 협약을 맺고 {field} 분야 우호교류를 넓히기로 했다.",
        "{a}[는] {date} {b}[와] 우호협력도시 협정을 체결했다.",
    ],
    ("friendship", "planned"): ["{a}[는] {b}[와] 우호교류 관계를 맺는 방안을 모색하고 있다."],
    ("cooperation", "active"): [
        "{a}[는] {date}{place} {b}[와] {field} 분야 교류협력을 위한 업무협약(MOU)을 체결했다.",
        "{a}[와] {b}[는] {date} {field} 협력 의향서에 서명했다.",
    ],
    ("cooperation", "planned"): ["{a}[와] {b}[는] {field} 분야 협력 방안을 추진하기로 했다."],
    ("meeting", "active"): [
        "{oa} {a_short}시장은 {date}{place} {b} {rb} {ob}[과] 간담회를 가졌다.",
        "{oa} {a_short}시장은 {date} {b} {rb} {ob}[을] 접견하고 {field} 교류를 논의했다.",
    ],
    ("visit", "active"): [
        "{b} 대표단 {n}명이 {date} {a}[를] 방문해 {field} 현장을 둘러봤다.",
        "{oa} {a_short}시장이 이끄는 방문단이 {date} {b}[를] 찾았다.",
    ],
    ("exchange", "active"): [
        "{a}[와] {b}[는] 자매결연 {n}주년을 맞아 {date} 청소년 교류 행사를 열었다.",
        "{b} 공연단이 {date} {a} 축제에서 전통 공연을 선보였다.",
    ],
    ("aid", "active"): [
        "{a}[는] {date} 지진 피해를 입은 {b}에 구호 성금 {n}만 달러를 전달했다.",
        "{a}[는] {b}에 방역 물품을 지원했다.",
    ],
}
_EN = {
    ("sister_city", "active"): ["{a} and {b} signed a sister city agreement on {date}{place}."],
    ("sister_city", "planned"): ["{a} plans to become a sister city of {b} next year."],
    ("friendship", "active"): [
        "{a} and {b} became friendship cities on {date}, pledging exchanges in {field}."
    ],
    ("cooperation", "active"): [
        "{a} signed a memorandum of understanding with {b} on {date}{place} "
        "to cooperate on {field}."
    ],
    ("cooperation", "planned"): ["{a} and {b} agreed to explore a partnership on {field}."],
    ("meeting", "active"): ["Mayor {oa} of {a} met with {rb} {ob} of {b} on {date}{place}."],
    ("visit", "active"): ["A delegation of {n} officials from {b} visited {a} on {date}."],
    ("exchange", "active"): ["{a} and {b} held a youth exchange festival on {date}."],
    ("aid", "active"): ["{a} sent relief funds to {b} on {date} after the floods."],
}
_NOISE_KO = [
    "이 자리에서 양측은 {field} 분야의 상호 발전 방안에 대해 의견을 나눴다.",
    '{a_short}시 관계자는 "앞으로도 다양한 분야에서 교류를 이어가겠다"고 말했다.',
    "한편 {a}[는] 올해 {field} 예산을 지난해보다 {n}% 늘렸다.",
    "행사에는 시의원과 지역 기업인 등 {n}여 명이 참석했다.",
    "{a_short}시는 이번 협력이 지역 경제 활성화에 도움이 될 것으로 기대하고 있다.",
    "이날 오후에는 시청 광장에서 시민 참여 행사도 열렸다.",
    "시는 누리집을 통해 자세한 내용을 안내할 예정이다.",
    "참석자들은 {field} 정책의 성과를 공유하고 향후 과제를 논의했다.",
    "시는 지난해부터 {field} 분야 국제 네트워크를 넓히는 사업을 벌여 왔다.",
    '"두 도시가 서로의 경험을 나누며 함께 성장하길 바란다"는 소감도 이어졌다.',
    "이번 행사는 코로나19 이후 3년 만에 대면으로 열려 의미를 더했다.",
    "시는 하반기에 시민 대상 설명회를 열고 의견을 수렴할 방침이다.",
    "지역 상공회의소는 기업 간 교류가 늘어날 것으로 내다봤다.",
    "관련 예산은 추가경정예산에 반영될 예정이다.",
]
_NOISE_EN = [
    "The city has expanded its international programmes every year since 2015.",
    "Local businesses expect more visitors and trade as a result.",
    '"We look forward to working together," the mayor told reporters.',
    "Details will be published on the city's website.",
    "Officials said the talks covered {field} and investment.",
    "The city council welcomed the agreement in a statement.",
    "About {n} residents attended a reception at city hall.",
    "Both sides said they hoped to deepen ties in {field}.",
]
_HEADLINES_KO = [
    "{a_short}시, 공공자전거 요금 동결",
    "{a_short}시, 겨울철 제설 대책 점검",
    "{a_short}시, 어린이 공원 새 단장",
    "{a_short}시, 노인 일자리 사업 참여자 모집",
    "{a_short}시립도서관, 작가와의 만남 개최",
    "{a_short}시, 시민 자전거길 개통",
    "{a_short}시, 청년 일자리 박람회 개최",
    "{a_short}시, 추석 연휴 비상진료 운영",
    "{a_short}시, 도서관 야간 개관 확대",
    "{a_short}시, 전통시장 활성화 사업 선정",
    "{a_short}시, 미세먼지 저감 대책 발표",
]
_ROLES_KO = {"mayor": "시장", "vice_mayor": "부시장", "governor": "도지사"}
_ROLES_EN = {"mayor": "Mayor", "vice_mayor": "Vice Mayor", "governor": "Governor"}

_TYPE_WEIGHTS = [
    ("meeting", 24),
    ("cooperation", 20),
    ("friendship", 14),
    ("visit", 14),
    ("sister_city", 10),
    ("exchange", 10),
    ("aid", 8),
]


#: One relation an article states: type, status, partner, place, date of the event.
Plan = tuple[str, str, "CityEntry", "CityEntry | None", dt.date]


@dataclass(frozen=True)
class CityEntry:
    """A city the generator can write about: the gazetteer's city and how text names it."""

    city: City
    ko: str  # as written in Korean text: 고양시, 이우시
    short: str  # 고양 (for 고양시장)
    en: str
    country: str


@functools.cache
def city_table() -> tuple[tuple[CityEntry, ...], tuple[CityEntry, ...]]:
    """Korean and foreign cities from the shipped gazetteer tables, resolved to cities.

    Only cities with a Korean spelling and a known country are used, so every article
    names its cities the way Korean news does.
    """
    from kg.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    folder = resources.files("kg.data") / "gazetteer"
    korean: list[CityEntry] = []
    rows = (folder / "kr_local_governments.tsv").read_text(encoding="utf-8").splitlines()
    for row in csv.DictReader((r for r in rows if not r.startswith("#")), delimiter="\t"):
        if row["kind"] not in (
            "city",
            "metropolitan_city",
            "special_city",
            "special_self_governing_city",
        ):
            continue
        city = gaz.get(f"gn:{row['geonames']}") if row.get("geonames") else gaz.get(row["key"])
        if city is None:
            continue
        ko = row["name_ko"]
        short = ko
        for suffix in ("특별자치시", "광역시", "특별시", "시"):
            if ko.endswith(suffix) and len(ko) > len(suffix) + 1:
                short = ko[: -len(suffix)]
                break
        korean.append(CityEntry(city, city.name_ko or ko, short, city.name, "KR"))
    foreign: list[CityEntry] = []
    seen: set[str] = set()
    rows = (folder / "foreign_exonyms.tsv").read_text(encoding="utf-8").splitlines()
    for row in csv.DictReader((r for r in rows if not r.startswith("#")), delimiter="\t"):
        if row["kind"] != "city" or not row.get("geonames") or row["country"] not in COUNTRY_KO:
            continue
        city = gaz.get(f"gn:{row['geonames']}")
        if city is None or city.key in seen or not city.name_ko:
            continue
        seen.add(city.key)
        ko = city.name_ko if city.name_ko.endswith("시") else city.name_ko + "시"
        foreign.append(CityEntry(city, ko, city.name_ko, city.name, row["country"]))
    korean.sort(key=lambda e: e.city.key)
    foreign.sort(key=lambda e: e.city.key)
    # Goyang first: it is the city of the example queries, so it is the busiest.
    korean.sort(key=lambda e: e.city.name != "Goyang")
    return tuple(korean), tuple(foreign)


_JOSA = re.compile(r"(.)\[(은|는|이|가|을|를|과|와)\]")
_PAIRS = {
    "은": ("은", "는"),
    "는": ("은", "는"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
}


def josa(text: str) -> str:
    """Choose each marked particle by the syllable before it: ``고양시[과]`` -> ``고양시와``.

    >>> josa("진주시[은] 서울[와] 강릉[를]")
    '진주시는 서울과 강릉을'
    """

    def pick(m: re.Match[str]) -> str:
        ch, (closed, open_) = m.group(1), _PAIRS[m.group(2)]
        code = ord(ch) - 0xAC00
        has_final = (0 <= code < 11172 and code % 28 != 0) or ch.isdigit() and ch in "013678"
        return ch + (closed if has_final else open_)

    return _JOSA.sub(pick, text)


def _zipf_weights(n: int, s: float = 0.9) -> list[float]:
    return [1.0 / (i + 1) ** s for i in range(n)]


class CorpusGenerator:
    """Writes article ``i`` of the corpus of a seed, with the relations it states.

    Article ``i`` depends only on ``(seed, i)``, so corpora of different sizes share
    their first articles and any slice can be generated on its own.
    """

    def __init__(self, seed: int = 1, *, english_share: float = 0.15, rereport_share: float = 0.3):
        self.seed = seed
        self.english_share = english_share
        self.rereport_share = rereport_share
        self.korean, self.foreign = city_table()
        self._kw = _zipf_weights(len(self.korean))
        self._fw = _zipf_weights(len(self.foreign), 0.7)
        self._types = [t for t, _ in _TYPE_WEIGHTS]
        self._tw = [w for _, w in _TYPE_WEIGHTS]

    # --- people -----------------------------------------------------------------
    def _official(self, entry: CityEntry, role: str) -> str:
        h = int(hashlib.blake2b(f"{entry.city.key}|{role}".encode(), digest_size=4).hexdigest(), 16)
        if entry.country == "KR":
            return (
                _SURNAMES[h % len(_SURNAMES)]
                + _GIVEN[(h >> 5) % len(_GIVEN)]
                + _GIVEN[(h >> 10) % len(_GIVEN)]
            )
        names = _FOREIGN_GIVEN.get(entry.country, _FOREIGN_KO)
        return names[h % len(names)]

    def _official_en(self, entry: CityEntry, role: str) -> str:
        h = int(hashlib.blake2b(f"{entry.city.key}|{role}".encode(), digest_size=4).hexdigest(), 16)
        return f"{_EN_FIRST[h % len(_EN_FIRST)]} {_EN_LAST[(h >> 8) % len(_EN_LAST)]}"

    # --- one article --------------------------------------------------------------
    def _story(self, j: int) -> tuple[dt.date, CityEntry, list[Plan]]:
        """The event(s) story ``j`` is about: publication date, home city and relations."""
        rnd = random.Random(f"{self.seed}:story:{j}")
        published = dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(0, 3900))
        home = rnd.choices(self.korean, self._kw)[0]
        n_rel = rnd.choices((1, 2, 3), (55, 33, 12))[0]
        plans: list[Plan] = []
        for _ in range(n_rel):
            type_ = rnd.choices(self._types, self._tw)[0]
            statuses = [s for (t, s) in _KO if t == type_]
            status = "active" if rnd.random() < 0.8 or len(statuses) == 1 else rnd.choice(statuses)
            if rnd.random() < 0.8:
                partner = rnd.choices(self.foreign, self._fw)[0]
            else:
                partner = rnd.choices(self.korean, self._kw)[0]
            if partner.city.key == home.city.key:
                partner = self.korean[(self.korean.index(home) + 1) % len(self.korean)]
            place = (
                rnd.choice(self.foreign)
                if type_ in ("meeting", "cooperation", "sister_city") and rnd.random() < 0.3
                else None
            )
            day = published - dt.timedelta(days=rnd.randrange(1, 6))
            plans.append(
                (type_, status, partner, place, day if day.month == published.month else published)
            )
        return published, home, plans

    def article(self, i: int) -> tuple[Article, list[Relation]]:
        """Article ``i`` and the relations it states (evidence spans point into its text).

        About a third of the articles report again, from another outlet and in other
        words, an event an earlier article reported: the same relation with several
        sources, as in real news.
        """
        rnd = random.Random(f"{self.seed}:{i}")
        english = rnd.random() < self.english_share
        story = i
        if i > 0 and rnd.random() < self.rereport_share:
            story = rnd.randrange(max(0, i - 500), i)
        published, home, plans = self._story(story)
        if story != i:
            published += dt.timedelta(days=rnd.randrange(0, 3))
        writer = _English if english else _Korean
        return writer(self, rnd, i, published, home, plans).build()

    def articles(self, n: int, start: int = 0) -> Iterator[tuple[Article, list[Relation]]]:
        for i in range(start, start + n):
            yield self.article(i)


class _Writer:
    """Builds one article's text piece by piece, recording where each relation's sentence lands."""

    lang = "ko"

    def __init__(
        self,
        gen: CorpusGenerator,
        rnd: random.Random,
        i: int,
        published: dt.date,
        home: CityEntry,
        plans: list[Plan],
    ):
        self.gen, self.rnd, self.i, self.published, self.home, self.plans = (
            gen,
            rnd,
            i,
            published,
            home,
            plans,
        )
        self.parts: list[str] = []
        self.length = 0

    def put(self, text: str, sep: str = "\n\n") -> tuple[int, int]:
        if self.parts:
            self.parts.append(sep)
            self.length += len(sep)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def build(self) -> tuple[Article, list[Relation]]:
        raise NotImplementedError

    def relation(
        self,
        type_: str,
        status: str,
        partner: CityEntry,
        date: dt.date | None,
        place: CityEntry | None,
        officials: list[Official],
        span: tuple[int, int],
        text: str,
        url: str,
    ) -> Relation:
        return Relation(
            RelationType(type_),
            Status(status),
            (self.home.city, partner.city),
            date=date.isoformat() if date and status == "active" else None,
            place=place.city if place else None,
            officials=tuple(officials),
            evidence=Evidence(text, span[0], span[1]),
            source=url,
            confidence=1.0,
        )


class _Korean(_Writer):
    def name(self, e: CityEntry) -> str:
        return e.ko if e.country == "KR" else f"{COUNTRY_KO[e.country]} {e.ko}"

    def build(self) -> tuple[Article, list[Relation]]:
        rnd, home = self.rnd, self.home
        outlet = rnd.choice(_OUTLETS_KO)
        url = f"https://news.example/{self.gen.seed}/{self.i:07d}"
        first = self.plans[0]
        mayor = self.gen._official(home, "mayor")
        title = josa(
            f"{mayor} {home.short}시장, {self.name(first[2])}[와] "
            f"{rnd.choice(_FIELDS_KO)} 교류 강화"
        )
        stamp = f"{self.published:%Y/%m/%d} [{rnd.randrange(7, 20):02d}:{rnd.randrange(60):02d}]"
        self.put(outlet)
        self.put(title)
        self.put(f"{rnd.choice(_REPORTERS)} 기자 | 기사입력 {stamp}")
        relations = []
        for type_, status, partner, place, date in self.plans:
            if rnd.random() < 0.5:
                self.noise()
            datetext = (
                f"지난 {date.day}일"
                if rnd.random() < 0.6
                else f"{date.year}년 {date.month}월 {date.day}일"
            )
            role_b = "vice_mayor" if partner.country != "KR" and rnd.random() < 0.5 else "mayor"
            oa, ob = mayor, self.gen._official(partner, role_b)
            template = rnd.choice(_KO[(type_, status)])
            sentence = template.format(
                a=self.name(home),
                b=self.name(partner),
                a_short=home.short,
                date=datetext,
                place=f" {self.name(place)}에서" if place else "",
                field=rnd.choice(_FIELDS_KO),
                n=rnd.randrange(3, 40),
                oa=oa,
                ob=ob,
                rb=_ROLES_KO[role_b],
            )
            sentence = josa(sentence)
            officials = []
            if "{oa}" in template:
                officials.append(Official(oa, "mayor", home.city))
            if "{ob}" in template:
                officials.append(Official(ob, role_b, partner.city))
            span = self.put(sentence)
            relations.append(
                self.relation(
                    type_,
                    status,
                    partner,
                    date if "{date}" in template else None,
                    place if "{place}" in template else None,
                    officials,
                    span,
                    sentence,
                    url,
                )
            )
        self.noise()
        self.put(f"출처 : {home.short}시청 보도자료")
        self.put("이 기사 좋아요\n  • 도배방지 이미지")
        heads = rnd.sample(_HEADLINES_KO, rnd.randrange(4, 10))
        self.put("\n".join(f"  • {h.format(a_short=home.short)}" for h in heads))
        article = Article(
            source=url,
            text="".join(self.parts),
            title=title,
            url=url,
            published=self.published.isoformat(),
            publisher=outlet,
            lang="ko",
        )
        return article, relations

    def noise(self) -> None:
        for _ in range(self.rnd.randrange(1, 5)):
            self.put(
                josa(
                    self.rnd.choice(_NOISE_KO).format(
                        a=self.name(self.home),
                        a_short=self.home.short,
                        field=self.rnd.choice(_FIELDS_KO),
                        n=self.rnd.randrange(5, 300),
                    )
                )
            )


class _English(_Writer):
    lang = "en"

    def name(self, e: CityEntry) -> str:
        return f"{e.en}, {COUNTRY_EN.get(e.country, e.country)}" if e.country != "KR" else e.en

    def build(self) -> tuple[Article, list[Relation]]:
        rnd, home = self.rnd, self.home
        outlet = rnd.choice(_OUTLETS_EN)
        url = f"https://news.example/{self.gen.seed}/{self.i:07d}"
        first = self.plans[0]
        title = f"{home.en} and {first[2].en} deepen ties"
        self.put(outlet)
        self.put(title)
        self.put(f"By {rnd.choice(_EN_FIRST)} {rnd.choice(_EN_LAST)} | {self.published:%B %d, %Y}")
        relations = []
        mayor = self.gen._official_en(home, "mayor")
        for type_, status, partner, place, date in self.plans:
            if (type_, status) not in _EN:
                status = "active"
            if rnd.random() < 0.5:
                self.noise()
            role_b = "vice_mayor" if rnd.random() < 0.4 else "mayor"
            ob = self.gen._official_en(partner, role_b)
            template = rnd.choice(_EN[(type_, status)])
            sentence = template.format(
                a=self.name(home),
                b=self.name(partner),
                date=f"{date:%B} {date.day}",
                place=f" in {self.name(place)}" if place else "",
                field=rnd.choice(_FIELDS_EN),
                n=rnd.randrange(3, 40),
                oa=mayor,
                ob=ob,
                rb=_ROLES_EN[role_b],
            )
            sentence = sentence[0].upper() + sentence[1:]
            officials = []
            if "{oa}" in template:
                officials.append(Official(mayor, "mayor", home.city))
            if "{ob}" in template:
                officials.append(Official(ob, role_b, partner.city))
            span = self.put(sentence)
            relations.append(
                self.relation(
                    type_,
                    status,
                    partner,
                    date if "{date}" in template else None,
                    place if "{place}" in template else None,
                    officials,
                    span,
                    sentence,
                    url,
                )
            )
        self.noise()
        self.put(
            "Share this story: Facebook | X | Email\n"
            "Most read: city budget; new subway line; weather"
        )
        article = Article(
            source=url,
            text="".join(self.parts),
            title=title,
            url=url,
            published=self.published.isoformat(),
            publisher=outlet,
            lang="en",
        )
        return article, relations

    def noise(self) -> None:
        for _ in range(self.rnd.randrange(1, 5)):
            self.put(
                self.rnd.choice(_NOISE_EN).format(
                    field=self.rnd.choice(_FIELDS_EN), n=self.rnd.randrange(5, 300)
                )
            )


def write_corpus(
    folder: str | Path, n: int, *, seed: int = 1, shard: int = 250
) -> dict[str, object]:
    """Write ``n`` articles as JSON-lines shards (``articles/``, one article a line:
    text, title, url, published, lang) and the relations they state as ``kg extract``
    records (``relations/``). Reuses a complete earlier run of the same seed and size.
    """
    from kg.io import relation_to_record

    folder = Path(folder)
    done = folder / "corpus.json"
    if done.exists():
        meta = json.loads(done.read_text())
        if meta.get("n") == n and meta.get("seed") == seed:
            return dict(meta)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "relations").mkdir(parents=True, exist_ok=True)
    gen = CorpusGenerator(seed)
    chars = relations = 0
    for s, start in enumerate(range(0, n, shard)):
        count = min(shard, n - start)
        with (
            open(folder / "articles" / f"{s:05d}.jsonl", "w", encoding="utf-8") as fa,
            open(folder / "relations" / f"{s:05d}.jsonl", "w", encoding="utf-8") as fr,
        ):
            for article, rels in gen.articles(count, start):
                chars += len(article.text)
                relations += len(rels)
                fa.write(
                    json.dumps(
                        {
                            "text": article.text,
                            "title": article.title,
                            "url": article.url,
                            "published": article.published,
                            "lang": article.lang,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                for rel in rels:
                    fr.write(json.dumps(relation_to_record(rel), ensure_ascii=False) + "\n")
    meta = {"n": n, "seed": seed, "chars": chars, "relations": relations, "shard": shard}
    done.write_text(json.dumps(meta))
    return meta


def read_corpus_articles(folder: str | Path, limit: int | None = None) -> list[Article]:
    """The first ``limit`` articles of a written corpus, as :class:`Article` values."""
    out: list[Article] = []
    for path in sorted((Path(folder) / "articles").glob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                obj = json.loads(line)
                out.append(
                    Article(
                        source=obj["url"],
                        text=obj["text"],
                        title=obj["title"],
                        url=obj["url"],
                        published=obj["published"],
                        lang=obj.get("lang"),
                    )
                )
                if limit is not None and len(out) >= limit:
                    return out
    return out
