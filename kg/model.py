"""The model of kg: frozen dataclasses for cities, officials, articles and relations.

These are the values that extraction returns and the store writes; they know nothing
of RDF. A relation's identity is its type, status, sorted parties and date, so the same
meeting reported by several outlets is one :class:`Relation` with several sources.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "RelationType",
    "Status",
    "City",
    "Official",
    "Evidence",
    "Article",
    "Relation",
    "ROLES",
    "role_code",
    "parse_partial_date",
]


class RelationType(StrEnum):
    """The seven relation types; the codes are a public contract (docs/design.md)."""

    SISTER_CITY = "sister_city"
    FRIENDSHIP = "friendship"
    COOPERATION = "cooperation"
    MEETING = "meeting"
    VISIT = "visit"
    EXCHANGE = "exchange"
    AID = "aid"


class Status(StrEnum):
    """Status of a relation: in force or happened, planned, suspended, ended."""

    ACTIVE = "active"
    PLANNED = "planned"
    SUSPENDED = "suspended"
    ENDED = "ended"


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)


def parse_partial_date(value: str) -> str:
    """Check an ISO 8601 date of day, month or year precision and return it.

    >>> parse_partial_date("2024-10")
    '2024-10'
    >>> parse_partial_date("2024-13-01")
    Traceback (most recent call last):
    ...
    ValueError: '2024-13-01' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)
    """
    error = ValueError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    # full-width digits (２０２４) are digits to a reader, and to \d, but not to xsd:date
    value = unicodedata.normalize("NFKC", value)
    m = _DATE_RE.match(value.strip())
    if not m:
        raise error
    year, month, day = m.groups()
    try:
        _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as err:
        raise error from err
    return value.strip()


def _slug(text: str) -> str:
    return re.sub(r"[^0-9a-z\uac00-\ud7a3\u4e00-\u9fff]+", "-", text.lower()).strip("-") or "x"


@dataclass(frozen=True, order=True)
class City:
    """A city-level local government.

    ``key`` is its gazetteer id and the basis of its IRI: ``gn:1842485`` for a GeoNames
    city, ``kr:<code>`` for a Korean local government GeoNames lacks, ``new:<cc>:<name>``
    for a city the gazetteer does not know (see :meth:`unknown`).

    >>> City.unknown("Neverland City", "XX").key
    'new:xx:neverland-city'
    """

    key: str
    name: str
    name_ko: str | None = None
    country: str | None = None
    geonames: int | None = None
    lat: float | None = field(default=None, compare=False)
    lon: float | None = field(default=None, compare=False)
    alt_names: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def unknown(cls, name: str, country: str | None = None, name_ko: str | None = None) -> City:
        """A city the gazetteer does not know, keyed by its country and name."""
        return cls(
            key=f"new:{(country or 'xx').lower()}:{_slug(name)}",
            name=name,
            name_ko=name_ko,
            country=country,
        )

    @property
    def label(self) -> str:
        """The Korean name where known, else the English one."""
        return self.name_ko or self.name


#: Role codes of officials, with their English and Korean labels. A role outside this
#: table is kept as its own code (lower case, words joined by ``_``).
ROLES: dict[str, tuple[str, str]] = {
    "mayor": ("mayor", "시장"),
    "vice_mayor": ("vice mayor", "부시장"),
    "district_mayor": ("district mayor", "구청장"),
    "deputy_district_mayor": ("deputy district mayor", "부구청장"),
    "county_governor": ("county governor", "군수"),
    "deputy_county_governor": ("deputy county governor", "부군수"),
    "governor": ("governor", "도지사"),
    "vice_governor": ("vice governor", "부지사"),
    "council_chair": ("council chair", "의장"),
    "party_secretary": ("party secretary", "당서기"),
    "town_mayor": ("town mayor", "정장"),
    "village_head": ("village head", "촌장"),
}
_ROLE_ALIASES = {
    "chairperson": "council_chair",
    "deputy_mayor": "vice_mayor",
    "lord_mayor": "mayor",
    "acting_mayor": "mayor",
    "deputy_governor": "vice_governor",
    "lieutenant_governor": "vice_governor",
    "acting_governor": "governor",
    "communist_party_secretary": "party_secretary",
    "councilor": "councillor",
    "magistrate": "county_governor",
}


def role_code(role: str) -> str:
    """The code of a role as written in a record or by a reader.

    >>> role_code("Vice Mayor"), role_code("vice_mayor"), role_code("부시장")
    ('vice_mayor', 'vice_mayor', 'vice_mayor')
    """
    text = role.strip()
    for code, (_, ko) in ROLES.items():
        if text == ko:
            return code
    code = re.sub(r"[\s\-]+", "_", text.lower())
    return _ROLE_ALIASES.get(code, code)


@dataclass(frozen=True)
class Official:
    """A person acting for a city, such as ``이동환``, ``mayor`` of Goyang.

    ``role`` is a code of :data:`ROLES` (``vice_mayor``); other spellings of it
    (``vice mayor``, ``부시장``) become the code.

    >>> Official("가오진", "vice mayor").role, Official("가오진", "vice mayor").role_label
    ('vice_mayor', 'vice mayor')
    """

    name: str
    role: str
    city: City | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", role_code(self.role))

    @property
    def role_label(self) -> str:
        """The role in English words (``vice mayor``)."""
        return ROLES.get(self.role, (self.role.replace("_", " "), ""))[0]


@dataclass(frozen=True)
class Evidence:
    """The sentence a relation was read from: character offsets into the text as read."""

    text: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"evidence span {self.start}..{self.end} is not a span")


@dataclass(frozen=True)
class Article:
    """A text as read: its identity is its URL where known, else its content."""

    source: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    published: str | None = None
    publisher: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Relation:
    """One relation between two or more cities, read from one source.

    Parties are kept sorted by key, and officials by city, name and role, so two
    readings of the same relation compare equal on :attr:`identity`, and a relation read
    back from the store equals the one written.

    >>> a = City("gn:1842485", "Goyang", "고양시", "KR", 1842485)
    >>> b = City("gn:1814870", "Yiwu", "이우시", "CN", 1814870)
    >>> r = Relation(RelationType.MEETING, Status.ACTIVE, (a, b), date="2024-10-23")
    >>> [c.name for c in r.cities]
    ['Yiwu', 'Goyang']
    """

    type: RelationType
    status: Status
    cities: tuple[City, ...]
    date: str | None = None
    place: City | None = None
    officials: tuple[Official, ...] = ()
    evidence: Evidence | None = None
    source: str | None = None
    confidence: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", RelationType(self.type))
        object.__setattr__(self, "status", Status(self.status))
        unique = {c.key: c for c in self.cities}
        object.__setattr__(self, "cities", tuple(sorted(unique.values(), key=lambda c: c.key)))
        officials = {(o.city.key if o.city else "", o.name, o.role): o for o in self.officials}
        object.__setattr__(self, "officials", tuple(officials[k] for k in sorted(officials)))
        if self.date is not None:
            object.__setattr__(self, "date", parse_partial_date(self.date))
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} is outside 0..1")

    @property
    def identity(self) -> tuple[str, str, tuple[str, ...], str | None]:
        """What makes two readings the same relation: type, status, parties, date."""
        return (self.type.value, self.status.value, tuple(c.key for c in self.cities), self.date)
