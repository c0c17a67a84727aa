"""English: city mentions, officials, and the grammar of status, types and parties.

A light pure-Python pipeline (no model to download): capitalised word sequences looked
up in the gazetteer's English names; "Sligo, Ireland" or "Krasnodar, Russia" makes a
city of a name the gazetteer lacks; "the city of X" likewise. :mod:`kg.extract.core`
asks this module what English says by its grammar: the status of a cue from its clause
(:func:`status`), the type a cue's construction gives it (:func:`retype`,
:func:`tie_document`), cues of constructions rather than words (:func:`cues`), and the
parties a cue's own phrase names (:func:`tie_ends`, :func:`names_parties`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.gazetteer import Gazetteer, country_code, norm_en
from kg.model import City

__all__ = [
    "EnMention",
    "find_mentions",
    "officials",
    "anaphors",
    "asides",
    "relative_clauses",
    "implicit_home",
    "status",
    "negated_tie",
    "tie_document",
    "retype",
    "tie_ends",
    "names_parties",
    "cues",
    "cut_ties",
    "attendees",
    "distributed",
]

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİĶĹĽŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŽ"
_WORD = re.compile(
    rf"[{_UP}][\w'’.-]*(?:\s+(?:(?:of|on|upon|sur|de|la|le|am|an|der|del|do|da)\s+)?"
    rf"[{_UP}][\w'’.-]*){{0,4}}"
)
# Capitalised words that are not places even where GeoNames has a town of that name.
_STOP = {
    "mayor",
    "city",
    "council",
    "commission",
    "press",
    "releases",
    "home",
    "main",
    "content",
    "the",
    "march",
    "may",
    "june",
    "july",
    "mon",
    "tues",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "saturday",
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "january",
    "february",
    "april",
    "august",
    "september",
    "october",
    "november",
    "december",
    "file",
    "photo",
    "advertisement",
    "society",
    "university",
    "government",
    "metropolitan",
    "during",
    "in",
    "on",
    "at",
    "also",
    "already",
    "former",
    "civic",
    "visitors",
    "links",
    "one",
    "two",
    "special",
    "cross",
    "music",
    "church",
    "trinity",
    "market",
    "sister",
    "town",
    "column",
    "strength",
    "square",
    "statue",
    "war",
    "world",
    "president",
    "vice",
    "national",
    "korean",
    "chinese",
    "japanese",
    "american",
    "english",
    "french",
    "german",
    "russian",
    "lee",
    "park",
    "kim",
    "breed",
    "victoria",
    "regina",
    "of",
    "and",
    "mary",
    "st",
    "board",
    "bank",
    "college",
    "school",
    "hospital",
    "union",
    "independence",
    "liberty",
    "commerce",
    "industry",
    "enterprise",
    "progress",
    "unity",
    "concord",
    "harmony",
    "friendship",
    "mobile",
    "reading",
    "bath",
    "split",
    "nice",
    "police",
    "embassy",
    "consulate",
    "port",
    "chamber",
    "association",
    "club",
    "airport",
    "agreement",
    "memorandum",
    "mayors",
    "office",
    "department",
    "ministry",
    "state",
    "province",
    "county",
}
_STATES = {
    "california",
    "hawaii",
    "texas",
    "florida",
    "fla",
    "new york",
    "washington",
    "oregon",
    "pennsylvania",
    "virginia",
    "georgia",
    "illinois",
    "ohio",
    "michigan",
    "massachusetts",
    "new jersey",
    "alabama",
    "arizona",
    "nevada",
    "utah",
    "colorado",
    "alaska",
    "tennessee",
    "kentucky",
    "missouri",
    "minnesota",
    "wiltshire",
    "hokkaido prefecture",
    "gyeonggi province",
    "ontario",
    "quebec",
    "british columbia",
}
_ORG_AFTER = re.compile(
    r"^\s+(?:University|Bank|FC|United|Airport|Embassy|Police|Chinatown|Hospital|"
    r"Church|Square|Museum|Council|Commission|Board|Stadium|Hall)\b"
)
_TITLE = re.compile(
    r"\b(?P<title>(?:[Vv]ice|[Dd]eputy|[Ll]ord|[Aa]cting|[Ll]ieutenant)[ -](?:[Mm]ayor|[Gg]overnor)"
    r"|[Mm]ayor|[Gg]overnor|[Cc]ouncill?or|[Cc]hairperson|(?:[Cc]ommunist\s)?[Pp]arty\s[Ss]ecretary"
    r"|[Pp]refect|[Mm]agistrate)\s+"
    r"(?P<name>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){0,2})"
)
_ANAPHOR = re.compile(
    r"\b(?:the two cities|both cities|the two towns|both towns|our two cities|"
    r"the three cities|the two mayors'? cities|"
    r"(?:the\s+)?(?:two|both)\s+(?:regions|provinces|prefectures|counties|municipalities|"
    # the two sides, both local governments: the parties under discussion
    r"sides|(?:local\s+)?governments|administrations|mayors|governors|leaders|delegations))\b"
    r"(?!\s+of\b)",
    re.IGNORECASE,
)
_HOME = re.compile(r"^(?:In addition,\s|Already,\s|Also,\s)?(?:The|the) [Cc]ity\b(?! of)|^SMG\b")


@dataclass
class EnMention:
    """A city or country named in an English sentence."""

    start: int
    end: int
    form: str
    cities: list[City] = field(default_factory=list)
    country: str | None = None
    kind: str = "city"
    role: str = "party"
    title: str = ""
    reason: str = ""

    @property
    def city(self) -> City | None:
        return self.cities[0] if self.cities else None


#: Before a state's name that places a city ("Springfield, Massachusetts", a town in
#: Ohio) or after it ("the Massachusetts city of Lowell", Ohio's capital).
_PLACING_BEFORE = re.compile(r"(?:,|\bin(?:\s+the\s+state\s+of)?|\bnear)\s*$", re.I)
_PLACING_AFTER = re.compile(
    r"\s*(?:['’]s\b|\s(?:city|cities|town|towns|county|counties|village|capital|state\s+capital)\b)",
    re.I,
)


def _state_party(
    phrase: str, text: str, start: int, end: int, gaz: Gazetteer, index: dict[str, list[str]]
) -> City | None:
    """A state that is itself a party (Governor Healey of Massachusetts, Gyeonggi Province
    and Massachusetts signed, a friendship agreement with Virginia): the province the
    gazetteer knows by that name, unless the words around it make it the place of a city
    (after a comma or "in", before "city", "town" or a possessive), where it only tells the
    city's country. Countries never are: only a name the gazetteer holds as a province."""
    if phrase.strip().rstrip(".,;").lower() not in _STATES:
        return None
    if _PLACING_BEFORE.search(text, max(0, start - 24), start) or _PLACING_AFTER.match(text, end):
        return None
    provinces = [
        c
        for key in index.get(norm_en(phrase), [])
        if (c := gaz.get(key)) is not None and gaz.info(c.key).kind == "province"
    ]
    return provinces[0] if len(provinces) == 1 else None


def _country_of(text: str) -> str | None:
    key = text.strip().rstrip(".,;").lower()
    if key in _STATES:
        return (
            "US"
            if key
            not in (
                "wiltshire",
                "hokkaido prefecture",
                "gyeonggi province",
                "ontario",
                "quebec",
                "british columbia",
            )
            else None
        )
    return country_code(text.strip().rstrip(".,;"))


def find_mentions(
    text: str,
    start: int,
    end: int,
    gaz: Gazetteer,
    *,
    learned: dict[str, City],
    masked: list[tuple[int, int]],
    refs: bool = True,
) -> list[EnMention]:
    """Cities and countries named in ``text[start:end]`` (with ``refs``, also the city a
    nationality adjective's noun phrase stands for: its Russian sister city)."""
    index = gaz.english_forms()
    out: list[EnMention] = []
    # "Mayor Anna Miller of Leicester": the words after a title are a person, not a place.
    people = [(m.start("name"), m.end("name")) for m in _TITLE.finditer(text, start, end)]
    people += [(m.start("name"), m.end("name")) for m in _OF_CITY.finditer(text, start, end)]
    people += [(m.start("name"), m.end("name")) for m in _CITYS_OFFICIAL.finditer(text, start, end)]
    masked = [*masked, *people]
    pos = start
    while True:
        m = _WORD.search(text, pos, end)
        if m is None:
            break
        pos = m.end()
        inside = next((b for a, b in masked if a <= m.start() < b), None)
        if inside is not None:
            pos = max(inside, m.start() + 1)
            continue
        words = m.group().split()
        k = 0
        offset = m.start()
        while k < len(words):
            matched = False
            for n in range(len(words) - k, 0, -1):
                phrase = " ".join(words[k : k + n]).rstrip(".,;’'")
                if phrase.endswith("’s") or phrase.endswith("'s"):
                    phrase = phrase[:-2]
                caps = phrase.isupper() and len(phrase) > 3
                if caps and not _caps_written(phrase, text):
                    continue
                folded = norm_en(phrase)
                if not folded or phrase.lower() in _STOP or phrase.lower() in _DEMONYMS:
                    continue  # a nationality adjective (Canadian) is no town of its name
                p_start = text.find(words[k], offset, end)
                p_end = p_start + len(phrase)
                if any(a < p_end and p_start < b for a, b in people):
                    continue
                country = _country_of(phrase)
                state = _state_party(phrase, text, p_start, p_end, gaz, index) if country else None
                if state is not None:
                    out.append(EnMention(p_start, p_end, phrase, [state], None, "province"))
                    matched = True
                elif country:
                    out.append(EnMention(p_start, p_end, phrase, [], country, "country"))
                    matched = True
                elif phrase in learned:
                    out.append(EnMention(p_start, p_end, phrase, [learned[phrase]]))
                    matched = True
                elif folded in index:
                    cands = [gaz.get(key) for key in index[folded]]
                    # A name written with a province's word (Yamaguchi Prefecture, Jeju
                    # Province) is the province, where a city shares the name.
                    known = [c for c in cands if c is not None]
                    if _PROVINCE_WORD.search(phrase) or _PROVINCE_ADJECTIVE.match(text, p_end):
                        known = [c for c in known if gaz.info(c.key).kind == "province"] or known
                    elif _CITY_WORD.search(phrase):  # Kumamoto City: not the prefecture
                        known = [c for c in known if gaz.info(c.key).kind != "province"] or known
                    cities = sorted(
                        known,
                        key=lambda c: (
                            gaz.info(c.key).source.startswith("wiki"),
                            -gaz.info(c.key).population,
                        ),
                    )
                    if caps and cities and not _caps_city(phrase, cities[0], gaz, text):
                        cities = []
                    if (
                        cities
                        and (
                            n > 1
                            or len(phrase) > 3
                            or phrase in ("LA", "SMG")
                            or _short_city(phrase, cities[0], gaz, text, p_start)
                        )
                        and not (
                            n == 1 and not caps and _inside_longer_name(words, k, text, p_start)
                        )
                        and not (n > 1 and _name_goes_on(words, k + n))
                    ):
                        kind = "province" if gaz.info(cities[0].key).kind == "province" else "city"
                        out.append(EnMention(p_start, p_end, phrase, cities, None, kind))
                        matched = True
                elif _CONNECTED.search(phrase) and (town := gaz.town(phrase)) is not None:
                    # Bradford on Avon, Sully-sur-Loire: a town named whole with its
                    # connector, not the two places its parts name (Bradford, Avon)
                    if not caps or _caps_city(phrase, town, gaz, text):
                        out.append(
                            EnMention(p_start, p_end, phrase, [town], reason="a town's name")
                        )
                        matched = True
                if matched:
                    offset = p_end
                    k += n
                    break
            if not matched:
                offset = text.find(words[k], offset, end) + len(words[k])
                k += 1
    _hyphen_pairs(text, start, end, out, gaz)
    _city_country(text, start, end, out, gaz, learned)
    if refs:
        _demonym_refs(text, start, end, out, gaz)
        _region_refs(text, start, end, out, gaz)
    _roles(text, out)
    out.sort(key=lambda x: x.start)
    _hierarchy(text, out, gaz)
    _list_roles(text, out)
    _tie_appositions(text, out)
    return out


_HYPHEN_PAIR = re.compile(
    rf"(?<![\w-])(?P<a>[{_UP}][a-zà-ÿ'’]+)[-–](?P<b>[{_UP}][a-zà-ÿ'’]+)(?![\w-])(?P<after>\s+\S+)?"
)


def _hyphen_pairs(text: str, start: int, end: int, out: list[EnMention], gaz: Gazetteer) -> None:
    """Two known places joined by a hyphen (the Gimhae-Munakata youth exchange, Seoul–Tokyo
    talks) are two names, unless a capitalised noun goes on with them (the Daegu-Gyeongbuk
    Free Economic Zone: an organisation's name)."""
    index = gaz.english_forms()
    for m in _HYPHEN_PAIR.finditer(text, start, end):
        if any(x.start < m.end("b") and m.start() < x.end for x in out):
            continue
        if m["after"] and _plain(m["after"].strip()):
            continue
        found = []
        for part in ("a", "b"):
            name = m[part]
            keys = index.get(norm_en(name), [])
            cities = [c for c in (gaz.get(k) for k in keys) if c is not None]
            if len(name) <= 3 or not cities or _country_of(name) or name.lower() in _STOP:
                break
            cities.sort(key=lambda c: -gaz.info(c.key).population)
            found.append(EnMention(m.start(part), m.end(part), name, cities))
        if len(found) == 2:
            out.extend(found)


def _hierarchy(text: str, out: list[EnMention], gaz: Gazetteer) -> None:
    """A place written with the one it lies in (Seoul's Jung-gu; Jung-gu, Seoul; Wonju in
    Gangwon Province; Kunming, Yunnan Province) is that one's: the larger place qualifies
    the smaller, which it picks among the candidates of its name, and is neither a party
    nor a venue."""
    for x, y in zip(out, out[1:], strict=False):
        if x.kind == "country" or y.kind == "country" or not x.cities or not y.cities:
            continue
        gap = text[x.end : y.start]
        if re.fullmatch(r"[’']s\s+", gap):
            outer, inner = x, y
        elif re.fullmatch(r",\s+|\s+in\s+|\s+of\s+", gap):
            outer, inner = y, x
        else:
            continue
        keys = {c.key for c in outer.cities}
        within = [c for c in inner.cities if gaz.info(c.key).parent in keys]
        if within:
            inner.cities = within
        elif not (
            # a foreign province after a city whose province the gazetteer does not know
            outer.kind == "province"
            and inner.kind != "province"
            and not re.match(r"[’']", gap)
            and all(gaz.info(c.key).parent is None for c in inner.cities)
        ):
            continue
        outer.role = "qualifier"
        inner.cities = [c for c in inner.cities if c.key not in keys] or inner.cities


_PROVINCE_WORD = re.compile(r"(?:\s(?:Prefecture|Province|Oblast|Krai)|-do)$")
#: A province's adjective after a name (Kyoto Prefectural Government, Jeju Provincial
#: Office): the name is the province's.
_PROVINCE_ADJECTIVE = re.compile(r"\s(?:Prefectural|Provincial)\b")
_CITY_WORD = re.compile(r"(?:\sCity|-si|-shi)$")

#: Words that may follow or precede a city's name in one capitalised run and keep it a city.
_GEO_WORDS = {
    "city", "county", "province", "prefecture", "district", "metropolitan", "special",
    "provincial", "prefectural",
    "government", "mayor", "governor", "council", "hall", "state", "region", "town",
    "municipality", "municipal", "borough", "ward", "village", "vice", "deputy", "mayor’s",
    "mayor's", "delegation", "office", "the", "and", "sister", "twin", "friendship",
    "north", "south", "east", "west", "upper", "lower", "greater", "old", "new",
    # the words of an official's title after the city's name (Tianjin Party Secretary)
    "party", "secretary", "prefect", "magistrate", "lord", "acting", "lieutenant",
    "councillor", "councilor", "chairperson",
}  # fmt: skip


#: English words that start a sentence with a capital without naming anything (Now Seoul
#: and Paris ...): never part of a longer name.
_FUNCTION_WORDS = {
    "now", "but", "and", "so", "also", "meanwhile", "today", "yesterday", "tomorrow", "last",
    "next", "this", "that", "these", "those", "both", "each", "in", "on", "at", "for", "with",
    "after", "before", "when", "while", "since", "then", "later", "earlier", "recently",
    "here", "there", "as", "if", "by", "from", "during", "under", "a", "an", "our", "its",
    "their", "his", "her", "all", "every", "some", "many", "several", "local", "officials",
    # prepositions and sentence adverbs that open a sentence (Among Yeongju's sister
    # cities, Despite Gimhae's objections, Currently Tongyeong has ...)
    "among", "amid", "amidst", "despite", "following", "according", "through", "throughout",
    "across", "between", "within", "without", "toward", "towards", "against", "about",
    "around", "along", "alongside", "besides", "beyond", "over", "unlike", "like", "via",
    "upon", "until", "unless", "although", "though", "because", "however", "moreover",
    "furthermore", "additionally", "together", "currently", "previously", "initially",
    "originally", "finally", "first", "second", "thus", "hence", "therefore", "indeed",
    "likewise", "similarly", "instead", "where", "what", "which", "who", "how", "why",
    "once", "whether", "especially", "notably", "separately", "elsewhere", "altogether",
}  # fmt: skip

_CALENDAR = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip


#: The connectors of European town names (Bradford on Avon, Sully-sur-Loire, Weil am Rhein).
_CONNECTED = re.compile(
    r"[ -](?:on|upon|sur|sous|les|lès|le|la|de|du|des|am|an|im|der|den|ob|en)[ -]", re.I
)


def _caps_written(phrase: str, text: str) -> bool:
    """Whether a name written in capitals (a headline in capitals, BRADFORD ON AVON in a
    sentence, a dateline) may be a place: a run of one to three words with a vowel in
    each, not an acronym (DGFEZ, UCLG) by its look."""
    words = phrase.split()
    return len(words) <= 3 and all(re.search(r"[AEIOUY]", w) for w in words)


def _caps_city(phrase: str, city: City, gaz: Gazetteer, text: str) -> bool:
    """A name in capitals is the place the gazetteer knows by it where the text also
    writes that name in ordinary case, or where the place is one a curated table holds or
    of 100,000 people or more: not a common word that is some small town's name too
    (SUMMIT, GREEN, SPRING in a headline in capitals)."""
    pattern = r"(?<![\w’'])" + r"[\s-]+".join(map(re.escape, phrase.split())) + r"(?![\w’'])"
    if any(not m.group().isupper() for m in re.finditer(pattern, text, re.I)):
        return True
    info = gaz.info(city.key)
    return info.source.startswith(("kg", "user")) or info.population >= 100_000


def _short_city(phrase: str, city: City, gaz: Gazetteer, text: str, start: int) -> bool:
    """A three-letter name (Hue, Ulm, Ube) is a city when it is written like a name, the
    city is a large one (100,000 people or more) and a lower-case word stands before it
    (not the start of a sentence, where "Now" and "Kim" are capitalised too)."""
    if len(phrase) != 3 or not (phrase[0].isupper() and phrase[1:].islower()):
        return False
    if gaz.info(city.key).population < 100_000:
        return False
    before = text[max(0, start - 20) : start].split()
    return bool(before) and before[-1].isalpha() and before[-1].islower()


def _plain(w: str) -> bool:
    """A capitalised word that is neither a government word nor a connector (of, on), nor
    a date's: one that can go on a proper name (Bridge, Times, Airport)."""
    w = w.rstrip(".,;:’'")
    return (
        w[:1].isupper()
        and w.lower() not in _GEO_WORDS
        and w.lower() not in _CALENDAR
        and not w.lower().endswith(("’s", "'s"))
    )


def _name_goes_on(words: list[str], after: int) -> bool:
    """A place name of several words that a capitalised noun continues (Golden Gate Bridge,
    New York Times) is part of the longer name: a landmark's or a paper's, not the place."""
    return (
        after < len(words)
        and not words[after - 1].endswith((",", ";", ".", ":"))
        and _plain(words[after])
    )


def _inside_longer_name(words: list[str], k: int, text: str, start: int) -> bool:
    """A one-word place name inside a longer capitalised name (Eun Young, David Bowie,
    Incheon International Airport, Goon World) is part of that name, not the place; so is a
    capitalised word that the text also writes in lower case (Most, Young, Union), unless a
    country or "City" stands by it."""

    def plain(w: str) -> bool:
        # A capitalised word that is neither a government word nor a connector (of, on):
        # a multi-word place with connectors was matched whole before this is asked.
        w = w.rstrip(".,;:’'")
        return (
            w[:1].isupper()
            and w.lower() not in _GEO_WORDS
            and w.lower() not in _CALENDAR
            and not w.lower().endswith(("’s", "'s"))
        )

    # The stretch of the run around the name that no title or government word breaks
    # ("Seoul Mayor Oh": Seoul stands alone before "Mayor").
    lo = k
    while (
        lo > 0
        and plain(words[lo - 1])
        and not words[lo - 1].endswith((",", ";"))
        and words[lo - 1].lower() not in _FUNCTION_WORDS
    ):
        lo -= 1
    hi = k
    while (
        hi + 1 < len(words)
        and plain(words[hi + 1])
        and not words[hi].endswith((",", ";"))
        # Seoul's Jung-gu: two names (Chicago's Korean community: one, a group's)
        and not (
            words[hi].endswith(("’s", "'s"))
            and words[hi + 1].rstrip(".,;:").lower() not in _STOP | _DEMONYMS.keys()
        )
    ):
        hi += 1
    if hi > lo:
        return True
    word = words[k].rstrip(".,;:’'")
    lower = word.lower()
    if re.search(rf"(?<![\w’']){re.escape(lower)}(?![\w’'])", text):
        after = text[start + len(word) : start + len(word) + 16]
        return not re.match(r",\s[A-Z]|\s(?:City|County|Province)\b", after)
    return False


_LIST_ITEM = re.compile(
    rf"(?P<city>[{_UP}][\w'’.]*(?:[ -][{_UP}][\w'’.]*){{0,3}}),\s(?P<country>[A-Z][A-Za-z]+"
    r"(?:\s[A-Z][A-Za-z]+){0,2})(?=[;,.)]|\s[a-z]|$)"
)
_CITY_OF = re.compile(
    r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Bb]orough|[Cc]ommune) of "
    r"(?P<city>[A-Z][A-Za-z'’.-]*(?:\s[A-Z][A-Za-z'’.-]*){0,2})"
)


def _city_country(
    text: str, start: int, end: int, out: list[EnMention], gaz: Gazetteer, learned: dict[str, City]
) -> None:
    """'Sligo, Ireland' and 'the city of X': a city, known or new, with its country."""
    for m in _LIST_ITEM.finditer(text, start, end):
        cc = _country_of(m["country"])
        if not cc:
            continue
        name = m["city"].strip()
        if _country_of(name) or name.lower() in _STOP or name.isupper() and len(name) > 3:
            continue
        c_start, c_end = m.start("city"), m.end("city")
        existing = [x for x in out if x.start < c_end and c_start < x.end and x.kind != "country"]
        for x in out:
            if x.start >= m.start("country") and x.end <= m.end("country") and x.kind == "country":
                x.role = "qualifier"
        if existing:
            x = existing[0]
            same = [c for c in x.cities if c.country == cc]
            if same:
                x.cities = same
            elif x.cities and len(name) > len(x.form):
                x.cities, x.form = [], name
            if not x.cities:
                x.cities = [_new(gaz, name, cc, learned)]
            continue
        out.append(
            EnMention(
                c_start,
                c_end,
                name,
                [_new(gaz, name, cc, learned)],
                reason="named with its country",
            )
        )
    for m in _SLOT.finditer(text, start, end):
        _slot_city(text, m, out, gaz, learned)
    for m in _CITY_OF.finditer(text, start, end):
        name = m["city"]
        if any(x.start <= m.start("city") < x.end for x in out) or _country_of(name):
            continue
        if not m.group().lower().startswith("city") and not (gaz.lookup(name) or gaz.town(name)):
            continue  # "the town of X": a place when some list knows X; "the city of X" is one
        out.append(
            EnMention(
                m.start("city"),
                m.end("city"),
                name,
                [_new(gaz, name, None, learned)],
                reason="'city of'",
            )
        )


#: A place name of one to four capitalised words, hyphens and the connectors of European
#: town names between them (Bradford on Avon, Sully-sur-Loire, Weil am Rhein).
_PLACE = (
    rf"[{_UP}][\w'’.]*(?:(?:[ -](?:on|upon|sur|sous|les|lès|le|la|de|du|des|am|an|im|der|"
    rf"den|ob|en)[ -]|[ -])[{_UP}][\w'’.]*){{0,3}}"
)
#: Where only a city can stand: the partner in a twinning or sister-city phrase, or a name
#: followed by its country ("X in eastern France"). Group ``demonym`` may give the country.
_SLOT = re.compile(
    r"(?:\b(?:twinned|twinning|twins?|de-twin(?:ned)?|linked|paired|links|ties)\s(?:up\s)?with"
    r"|\b(?:twin|sister|partner|friendship)[- ](?:town|city|cities|towns)"
    r"(?:\s(?:relationship|agreement|ties))?\s(?:of|with|in)"
    r"|\b(?:its|their|our|his|her)\s(?:(?P<demonym>[A-Z][a-z]+)\s)?"
    r"(?:twin|sister city|sister town|partner town|partner city|twin town),?)"
    r"\s(?:the\s)?(?:(?:town|city|village|commune|municipality|borough) of\s)?"
    rf"(?P<city>{_PLACE})"
    r"(?:,?\s(?:in\s)?(?:(?:northern|southern|eastern|western|central|north|south|east|west)"
    r"(?:ern)?\s)?(?P<country>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?))?"
)
#: Adjectives of countries, for "its German twin".
_DEMONYMS = {
    "american": "US", "australian": "AU", "austrian": "AT", "belgian": "BE", "brazilian": "BR",
    "british": "GB", "english": "GB", "scottish": "GB", "welsh": "GB", "bulgarian": "BG",
    "canadian": "CA", "chinese": "CN", "czech": "CZ", "danish": "DK", "dutch": "NL",
    "finnish": "FI", "french": "FR", "german": "DE", "greek": "GR", "hungarian": "HU",
    "indian": "IN", "indonesian": "ID", "irish": "IE", "italian": "IT", "japanese": "JP",
    "kazakh": "KZ", "korean": "KR", "mexican": "MX", "mongolian": "MN", "norwegian": "NO",
    "philippine": "PH", "filipino": "PH", "polish": "PL", "portuguese": "PT", "romanian": "RO",
    "russian": "RU", "slovak": "SK", "spanish": "ES", "swedish": "SE", "swiss": "CH",
    "taiwanese": "TW", "thai": "TH", "turkish": "TR", "ukrainian": "UA", "uzbek": "UZ",
    "vietnamese": "VN",
    "argentine": "AR", "argentinian": "AR", "chilean": "CL", "peruvian": "PE", "colombian": "CO",
    "venezuelan": "VE", "ecuadorian": "EC", "bolivian": "BO", "uruguayan": "UY", "paraguayan": "PY",
    "cuban": "CU", "guatemalan": "GT", "panamanian": "PA", "egyptian": "EG", "moroccan": "MA",
    "nigerian": "NG", "kenyan": "KE", "ethiopian": "ET", "ghanaian": "GH", "israeli": "IL",
    "iranian": "IR", "iraqi": "IQ", "saudi": "SA", "emirati": "AE", "pakistani": "PK",
    "bangladeshi": "BD", "nepali": "NP", "nepalese": "NP", "malaysian": "MY", "singaporean": "SG",
    "cambodian": "KH", "laotian": "LA", "burmese": "MM", "kyrgyz": "KG", "tajik": "TJ",
    "azerbaijani": "AZ", "georgian": "GE", "armenian": "AM", "belarusian": "BY",
    "lithuanian": "LT", "latvian": "LV", "estonian": "EE", "croatian": "HR", "serbian": "RS",
    "slovenian": "SI", "albanian": "AL", "icelandic": "IS", "fijian": "FJ",
    "kazakhstani": "KZ", "mongol": "MN", "luxembourgish": "LU",
    "maltese": "MT", "cypriot": "CY",
}  # fmt: skip


def _slot_city(
    text: str, m: re.Match[str], out: list[EnMention], gaz: Gazetteer, learned: dict[str, City]
) -> None:
    """The capitalised name in a city's slot: a city the mentions lack (a small town, or a
    new one when its country is said), or the country it is said with for one they have."""
    name = m["city"].rstrip(".,;’'")
    c_start = m.start("city")
    c_end = c_start + len(name)
    cc = None
    if m["country"]:
        cc = _country_of(m["country"])
    if cc is None and m["demonym"]:
        cc = _DEMONYMS.get(m["demonym"].lower())
    if _country_of(name) or name.lower() in _STOP or (name.isupper() and len(name) > 3):
        return
    if name.split()[0].lower() in _CALENDAR:
        return
    existing = [x for x in out if x.start < c_end and c_start < x.end]
    if existing:
        x = existing[0]
        if x.kind != "country" and cc and x.cities:
            same = [c for c in x.cities if c.country == cc]
            x.cities = same or x.cities
        return
    # The towns table first: cheap to read; the index of every GeoNames alternate name
    # (gaz.lookup for a form the main pass did not match) costs a second to build.
    city = gaz.town(name, cc)
    if city is None:
        found = gaz.lookup(name, cc)
        city = found[0] if found else None
    if city is None and cc is None:
        return  # no list knows it and no country is said: not enough to call it a city
    out.append(
        EnMention(
            c_start,
            c_end,
            name,
            [city or _new(gaz, name, cc, learned)],
            reason="a name in a city's slot",
        )
    )
    learned.setdefault(name, out[-1].cities[0])
    out.sort(key=lambda x: x.start)


def _new(gaz: Gazetteer, name: str, country: str | None, learned: dict[str, City]) -> City:
    if name in learned:
        return learned[name]
    found = gaz.lookup(name, country)
    town = None if found else gaz.town(name, country)
    city = found[0] if found else town or City.unknown(name, country)
    learned[name] = city
    return city


#: "Sendai, the town's sister city": an apposition that names the place as a partner.
_PARTNER_APPOSITION = re.compile(
    r"^,\s(?:(?:the|its|their|our|his|her)\s)?(?:[\w’'-]+[’']s\s)?(?:[a-z]+\s)?"
    r"(?:sister|twin|partner|friendship)[- ](?:city|town|cities|towns)\b"
)


#: A city named by its country's adjective (the Japanese city, its Russian sister city,
#: her Chinese counterpart, the Canadian delegation): the city of that country the text
#: names, unless a name follows (the Japanese city of Kobe, its German twin, Bad Wurzach).
_DEMONYM_REF = re.compile(
    r"\b(?P<det>the|its|their|his|her|our)\s+(?P<south>South\s+)?(?P<demonym>[A-Z][a-z]+)\s+"
    r"(?:(?:sister|twin|partner|friendship)[- ])?"
    r"(?:city|town|municipality|prefecture|province|county|counterpart|partner|side|"
    r"delegation)\b(?![’']s\s+[A-Z])(?!,?\s+(?:of\s+)?[A-Z])"
)


def _demonym_refs(text: str, start: int, end: int, out: list[EnMention], gaz: Gazetteer) -> None:
    """The city a nationality adjective's noun phrase stands for (one city: a plural, their
    Japanese counterparts, is a group), where the sentence names neither that country nor
    a city of it itself: the nearest city of that country the text names before it; in
    the headline, which names by description what the body names, or after a possessive
    (its Japanese sister city), the first after it."""
    for m in _DEMONYM_REF.finditer(text, start, end):
        cc = _DEMONYMS.get(m["demonym"].lower())
        if cc is None or (m["south"] and cc != "KR"):
            continue
        if any(cc in (x.country, *(c.country for c in x.cities)) for x in out):
            continue
        if any(x.start < m.end() and m.start() < x.end for x in out):
            continue
        before: City | None = None
        after: City | None = None
        for x in _text_cities(text, gaz):
            if x.kind == "country" or x.role == "modifier":
                continue
            same = [c for c in x.cities if c.country == cc]
            if not same:
                continue
            if x.end <= m.start():
                before = same[0]
            elif x.start >= m.end() and after is None:
                after = same[0]
        # Forward only from a headline, or from a possessive (its Japanese sister city:
        # a particular city of its owner's, not "the Japanese sister city" of any town).
        forward = m["det"].lower() != "the" or _headline(text, m.start())
        city = before or (after if forward else None)
        if city is not None:
            out.append(
                EnMention(
                    m.start("demonym"),
                    m.end(),
                    m.group()[m.start("demonym") - m.start() :],
                    [city],
                    reason="a city named by its country's adjective",
                )
            )


#: A city named by the province or state it lies in (the Wiltshire town, the California
#: city), unless a name follows (the California city of Fresno).
_REGION_REF = re.compile(
    r"\b[Tt]he\s+(?P<region>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:city|town)\b"
    r"(?![’']s\s+[A-Z])(?!,?\s+(?:of\s+)?[A-Z])"
)


def _region_refs(text: str, start: int, end: int, out: list[EnMention], gaz: Gazetteer) -> None:
    """The city that "the <province or state> city" stands for: the last city the text
    names before it (of that province's country, where the gazetteer knows it), as
    "the Japanese city" stands for the last Japanese one (:func:`_demonym_refs`)."""
    index = gaz.english_forms()
    for m in _REGION_REF.finditer(text, start, end):
        region = m["region"]
        if region.lower() in _DEMONYMS:
            continue
        found = (gaz.get(k) for k in index.get(norm_en(region), ()))
        provinces = [c for c in found if c is not None and gaz.info(c.key).kind == "province"]
        if region.lower() not in _STATES and not provinces:
            continue
        cc = provinces[0].country if provinces else _country_of(region)
        before: City | None = None
        for x in _text_cities(text, gaz):
            if x.end > m.start():
                break
            if x.kind != "city" or x.role == "modifier":
                continue
            same = [c for c in x.cities if cc is None or c.country == cc]
            before = same[0] if same else before
        if before is None:
            continue
        out[:] = [x for x in out if not (x.start < m.end() and m.start() < x.end)]
        out.append(
            EnMention(
                m.start("region"),
                m.end(),
                m.group()[m.start("region") - m.start() :],
                [before],
                reason="a city named by its province or state",
            )
        )


def _headline(text: str, at: int) -> bool:
    """Whether ``text[at]`` is on a headline's line: a short line without a sentence's end."""
    a = text.rfind("\n", 0, at) + 1
    b = text.find("\n", at)
    line = text[a : b if b >= 0 else len(text)].strip()
    return len(line.split()) <= 16 and not line.endswith((".", "!", "?", "”", '"', ":"))


_TEXT_CITIES: dict[str, list[EnMention]] = {}


def _text_cities(text: str, gaz: Gazetteer) -> list[EnMention]:
    """The places the whole text names (kept for the last few texts)."""
    found = _TEXT_CITIES.get(text)
    if found is None:
        if len(_TEXT_CITIES) >= 4:
            _TEXT_CITIES.pop(next(iter(_TEXT_CITIES)))
        found = find_mentions(text, 0, len(text), gaz, learned={}, masked=[], refs=False)
        _TEXT_CITIES[text] = found
    return found


_TIE_HEAD = (
    r"(?:sister|twin|partner|friendship|friendly)[- ](?:cit(?:y|ies)|towns?|provinces?|"
    r"prefectures?|regions?|municipalit(?:y|ies))"
)
#: "X, Y's sister city": the owner's possessive, one of its ties (one of Y's ten sister
#: cities), set off by the comma after X.
_APPOSED_OWNER = re.compile(r",\s(?:(?:one|another)\s+of\s+)?")
_OWNED_HEAD = re.compile(r"[’']s\s+(?:[\w-]+\s+){0,2}?" + _TIE_HEAD + r"\b")
#: "X, a sister city of Y", "X, one of the twin towns of Y".
_APPOSED_HEAD = re.compile(
    r",\s(?:one\s+of|another\s+of|an?|the)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    + _TIE_HEAD
    + r"\s+of\s"
)
#: Where an apposition ends: a year it dates the tie from, then a comma, a stop, a dash,
#: a parenthesis or the end (not a verb or preposition that goes on with its clause).
_APPOSITION_END = re.compile(
    r"(?:\s+(?:since|from)\s+(?:[\w.]+\s+){0,2}?\d{4})?\s*(?:[,;.)]|\s[-–—]|$)"
)


def _tie_appositions(text: str, out: list[EnMention]) -> None:
    """The owner of a tie named in an apposition (Kobe, a sister city of Seattle, ...;
    Taipei, one of Phoenix's sister cities, ...): an aside of the city before it, which
    ties the two, not a party of the clause around it (the delegation from Kobe, a sister
    city of Seattle, visited Portland: Kobe visited Portland)."""
    cities = [m for m in out if m.kind != "country" and m.city is not None]
    for x, y in zip(cities, cities[1:], strict=False):
        if y.role != "party":
            continue
        gap = text[x.end : y.start]
        if _APPOSED_OWNER.fullmatch(gap):
            head = _OWNED_HEAD.match(text, y.end)
            tail = head.end() if head else None
        else:
            tail = y.end if _APPOSED_HEAD.fullmatch(gap) else None
        if tail is None:
            continue
        country = next((c for c in out if c.kind == "country" and c.start >= tail), None)
        if country is not None and re.fullmatch(r",?\s(?:in\s)?", text[tail : country.start]):
            tail = country.end  # Kobe, a sister city of Seattle, Washington, ...
        if _APPOSITION_END.match(text, tail):
            y.role = "aside"


def _list_roles(text: str, out: list[EnMention]) -> None:
    """The items of a list after "via" or "like" share its first item's role (via Tokyo
    and Sydney, like Vancouver and Toronto)."""
    for i, (a, b) in enumerate(zip(out, out[1:], strict=False)):
        if a.role in ("venue", "aside") and b.role == "party" and a.kind != "country":
            gap = text[a.end : b.start]
            if re.fullmatch(r",?\s(?:and|or)\s", gap) or (
                re.fullmatch(r",\s", gap) and _list_goes_on(text, out[i + 1 :])
            ):
                b.role = a.role


def _list_goes_on(text: str, rest: list[EnMention]) -> bool:
    """Whether the items from ``rest[0]`` on close a list with "and" or "or" (Tokyo,
    Osaka and Kobe): a comma alone joins no list of two (In Sendai, Gwangju signed: an
    opening phrase and the clause's subject)."""
    for x, y in zip(rest, rest[1:], strict=False):
        gap = text[x.end : y.start]
        if re.fullmatch(r",?\s(?:and|or|&)\s", gap):
            return True
        if not re.fullmatch(r",\s", gap):
            return False
    return False


#: A place named to say where another lies (south of Tokyo, near Chicago, 40 km from Paris).
_BEARING = re.compile(
    r"\b(?:(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|outside(?:\s+of)?|near|"
    r"nearby|close\s+to|next\s+to|(?:km|kilometres|kilometers|miles)\s+from)\s$",
    re.I,
)


#: A release's dateline at a line's start, with no agency in brackets (TACOMA, Wash. –;
#: KOBE, Japan —): the place the release was written from.
_OWN_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,2}),\s(?:(?P<where>[A-Z][A-Za-z.]+"
    r"(?:\s[A-Z][A-Za-z.]+)?),?\s)?(?:[A-Z][a-z]{2}\.?\s\d{1,2},?\s(?:\d{4}\s)?)?(?:--|—|–|-)\s",
    re.MULTILINE,
)


def dateline_city(text: str, gaz: Gazetteer) -> City | None:
    """The city of a release's own dateline near the top (TACOMA, Wash. – Mayor ...): the
    city the release is written from, the story's city. A wire's dateline, with its
    agency in brackets (SEOUL, Oct. 5 (Yonhap) --), names where a reporter filed, not
    whose story it is."""
    m = _OWN_DATELINE.search(text, 0, 600)
    if m is None:
        return None
    country = _country_of(m["where"]) if m["where"] else None
    found = gaz.lookup(m["place"].title(), country)
    return found[0] if found else None


#: After a dateline's place in capitals: its country or state, a date, the agency, a dash
#: (DA LAT, Vietnam, Dec. 21 (Yonhap) --; DECATUR, Ill. (WAND) -).
_DATELINE = re.compile(
    r",\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)?(?:,\s[A-Z][a-z]{2,4}\.?\s\d{1,2})?\s*"
    r"(?:\([^()\n]{1,30}\)\s*)?(?:--|-|–|—)\s"
)


#: The "of" of a French, Spanish or Italian name closing a capitalised name (Orchestre de
#: Paris, Comité de Jumelage de Sully-sur-Loire, Banco di Napoli): a body named after a
#: city. (English writes a city's own title with "of": Mayor of Lyon, City of Lyon.)
_FOREIGN_OF = re.compile(rf"[{_UP}][\w’'-]*\s+(?:de|du|des|di|del|della)\s$")


#: People "in" a city who are that city's side (his counterpart in Taipei, their hosts
#: in Kobe, partners in Lyon): the city is theirs, not where something happened.
_COUNTERPART_IN = re.compile(r"\b(?:counterparts?|hosts|partners?)\s+in\s$", re.I)


def _roles(text: str, out: list[EnMention]) -> None:
    for x in out:
        if x.kind == "country":
            x.role = "qualifier"
            continue
        if re.search(
            r"\b(?:Bank|University|Embassy|Consulate|Port|Chamber|Association|Society|Club|Airport|"
            r"Office|Consul General|Government|Cent(?:er|re)|Museum|Institute|Foundation|"
            r"Federation|Academy|Hospital|School|College|Library) of\s$",
            text[max(0, x.start - 25) : x.start],
        ):
            x.role = "modifier"
            continue
        if x.form.isupper() and _DATELINE.match(text, x.end):
            x.role = "venue"  # DA LAT, Vietnam, Dec. 21 (Yonhap) --: where it was written
            continue
        if _FOREIGN_OF.search(text[max(0, x.start - 30) : x.start]):
            x.role = "modifier"  # Comité de Jumelage de Sully-sur-Loire: a body's name
            continue
        before = text[max(0, x.start - 8) : x.start]
        if _PARTNER_APPOSITION.match(text[x.end : x.end + 60]):
            continue  # "in Sendai, the town's sister city": the partner, not a venue
        if re.search(r"\b(?:via|through)\s$", before):
            x.role = "aside"  # via Tokyo: a stop on the way, neither party nor venue
        elif _COUNTERPART_IN.search(text[max(0, x.start - 24) : x.start]):
            pass  # his counterpart in Taipei: the city of the one met, a party
        elif re.search(r"\b(?:[Ii]n|[Aa]t)\s$", before) and not _OWN_EVENT.match(text, x.end):
            x.role = "venue"  # (at Munakata's spring festival: the city's own event, a party)
        elif re.search(r"\b(?:[Ll]ike|[Uu]nlike|than|[Aa]fter)\s$", before):
            x.role = "aside"  # like Vancouver, bigger than Toronto: a comparison
        elif _BEARING.search(text[max(0, x.start - 24) : x.start]):
            x.role = "aside"  # a coastal city just south of Tokyo: where the place lies
        if _ORG_AFTER.match(text[x.end : x.end + 20]):
            # ... at Da Lat City Hall: the city's own hall is where it received someone
            hall = re.match(r"\s(?:City\s|Town\s)?Hall\b", text[x.end :])
            # Busan City Hall signed, officials from Busan City Hall: the city's government
            # by its seat, a party (not a hall's name or a place beside it: City Hall
            # Square, in front of City Hall).
            seat = (
                x.role == "party"
                and re.match(
                    r"\sHall\b(?!\s+[A-Z])"
                    if re.search(r"\s(?:City|Town)$", x.form)
                    else r"\s(?:City|Town)\sHall\b(?!\s+[A-Z])",
                    text[x.end :],
                )
                and not re.search(r"\bof\s$", before)
            )
            if not seat:
                x.role = "venue" if hall and x.role == "venue" else "modifier"
        after = text[x.end : x.end + 3]
        if (
            after.startswith(("’s", "'s"))
            and re.match(r"^[’']s\s+(?:Chinatown|[a-z])", text[x.end : x.end + 20])
            and not _OWN.match(text, x.end)
        ):
            x.role = "modifier"


#: A city's own events after its possessive (Munakata's spring festival, its annual fair).
_EVENT_NOUNS = (
    r"(?:[a-z]+\s+){0,2}(?:festivals?|fairs?|expos?|carnivals?|celebrations?|anniversary|"
    r"marathons?|games)"
)
#: A number or quantifier before a plural (ten sister cities, a dozen partners, several).
_QUANTITY = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
    r"(?:a\s+)?dozen|several|many|numerous|various|some|all|\d+)"
)
#: A possessive whose head is the city's own people, organs or ties (Daejeon's mayor,
#: Boryeong's sister cities, Ulsan's delegation): the city acts or is tied, a party; other
#: possessives (Busan's economy, Chicago's Korean community) only qualify their noun.
_OWN = re.compile(
    r"[’']s\s+(?:(?:new|former|first|current|longtime|long-time|oldest|newest|domestic|"
    r"foreign|overseas|international|other|own|official|" + _QUANTITY + r")\s+){0,2}"
    r"(?:(?:vice|deputy)[ -])?(?:mayors?|governors?|delegations?|delegates|officials?|"
    r"envoys?|(?:sister|twin|partner|friendship|friendly)[ -](?:cit(?:y|ies)|towns?|"
    r"provinces?|prefectures?|regions?)|counterparts?|city\s+(?:government|hall|officials|"
    r"council)|municipal\s+government|provincial\s+government|county\s+(?:government|"
    r"governor|executive|head)|" + _EVENT_NOUNS + r")\b",
    re.I,
)


_OWN_EVENT = re.compile(r"[’']s\s+" + _EVENT_NOUNS + r"\b", re.I)


_OF_CITY = re.compile(
    r"(?P<name>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){1,2}),\s(?:the\s)?(?P<title>[Vv]ice[ -][Mm]ayor|[Mm]ayor|"  # noqa: E501
    r"[Gg]overnor)\sof\s"
)
#: "Chen Min'er, Tianjin's party secretary": the official of the city in the possessive.
_CITYS_OFFICIAL = re.compile(
    r"(?P<name>[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+){1,2}),\s"
    r"(?P<city>[A-Z][\w.-]*(?:\s[A-Z][\w.-]*){0,2})['’]s\s(?:(?:new|current|former)\s)?"
    r"(?P<title>(?:vice|deputy|acting)[ -](?:mayor|governor)|mayor|governor|party\ssecretary)\b"
)


def officials(
    text: str,
    mentions: list[EnMention],
    start: int,
    end: int,
    known: Mapping[str, tuple[City | None, str]] | None = None,
) -> list[tuple[str, str, EnMention | None, int]]:
    """'Chuncheon Mayor Lee Jae-soo', 'Mayor Park' (no city): (name, role, mention, offset);
    and an official the text named before by title, named again by a part of the name
    alone (Sato and Rowe signed, after Mayor Ken Sato and Mayor Jane Rowe)."""
    out: list[tuple[str, str, EnMention | None, int]] = []
    titled = [(m.start("name"), m.end("name")) for m in _TITLE.finditer(text, start, end)]
    for part, (_city, role) in (known or {}).items():
        if " " in part or len(part) < 3 or not part[:1].isupper():
            continue
        for m in re.finditer(rf"(?<![\w’'-]){re.escape(part)}(?![\w’'-])", text[start:end]):
            at = start + m.start()
            if any(a <= at < b for a, b in titled):
                continue
            # a word of a longer name (Ken Sato Park, Sato Kogyo) is someone else's
            if re.search(r"[A-Z][\w’'-]*\s$", text[max(0, at - 20) : at]) or re.match(
                r"\s[A-Z]", text[at + len(part) : at + len(part) + 2]
            ):
                continue
            out.append((part, role, None, at))
    for m in _TITLE.finditer(text, start, end):
        name = m["name"]
        role = m["title"].lower().replace("-", " ")
        role = "council chair" if role == "chairperson" else role
        city = None
        for x in mentions:
            if x.kind != "country" and 0 <= m.start() - x.end <= 2:
                city = x
        of = re.match(r"\s+of\s+", text[m.end("name") : m.end("name") + 6])
        if city is None and of:
            at = m.end("name") + of.end()
            city = next((x for x in mentions if x.kind != "country" and x.start == at), None)
        out.append((name, role, city, m.start("name")))
    for m in _OF_CITY.finditer(text, start, end):
        of_city = next((x for x in mentions if x.kind != "country" and x.start == m.end()), None)
        if of_city is not None:
            out.append((m["name"], m["title"].lower().replace("-", " "), of_city, m.start("name")))
    for m in _CITYS_OFFICIAL.finditer(text, start, end):
        at = m.start("city")
        city = next((x for x in mentions if x.kind != "country" and x.start == at), None)
        if city is not None:
            # the possessive made the city a modifier of the title; it heads its official
            city.role = "party"
            out.append((m["name"], m["title"].lower().replace("-", " "), city, m.start("name")))
    return out


def anaphors(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """'the two cities', 'both cities': (start, end, how many)."""
    return [
        (m.start(), m.end(), 3 if "three" in m.group().lower() else 2)
        for m in _ANAPHOR.finditer(text, start, end)
    ]


#: An aside: a parenthesis, or a relative clause between commas (", which first met in
#: 2015,"; ", who visited Kumamoto in May,"), on one line.
_ASIDE = re.compile(
    r"\([^()\n]{1,120}\)|,[^\S\n]+(?:who|which|whose|where)\b[^,;.:\n()]{1,120}(?=,)"
    # an apposition naming a tie (Jeonju and Kanazawa, sister cities since 2002, ...)
    r"|,[^\S\n]+(?!(?:and|but|or|while|as|after|before|when|since)\b)(?:[\w’'-]+[^\S\n]+){0,3}?"
    r"(?:sister|twin|friendship|partner)\b[^,;.:\n()]{0,60}?(?=,)",
    re.IGNORECASE,
)


def asides(text: str) -> list[tuple[int, int]]:
    """Spans of the asides of ``text``: what they say (a date) is theirs, not that of the
    clause around them.

    >>> s = "Ulsan, which met Kumamoto in 2015, will sign a pact (in May 2019)."
    >>> [s[a:b] for a, b in asides(s)]
    [', which met Kumamoto in 2015', '(in May 2019)']
    """
    return [(m.start(), m.end()) for m in _ASIDE.finditer(text)]


#: A relative clause set off by a comma, to its closing comma or its sentence's end
#: (", which became sister cities in 2007."; ", who signed the pact in May,").
_RELATIVE = re.compile(r",[^\S\n]+(?:who|which|whose)\b[^,;.:!?\n()]{1,160}(?=[,;.:!?\n]|$)")


def relative_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the relative clauses of ``text`` set off by a comma: the event they tell
    (and its date) is theirs; the clause they hang on, before or after, does not take it.

    >>> s = "The mayors met in Busan, which became Fukuoka's sister city in 2007."
    >>> [s[a:b] for a, b in relative_clauses(s)]
    [", which became Fukuoka's sister city in 2007"]
    """
    return [(m.start(), m.end()) for m in _RELATIVE.finditer(text)]


def implicit_home(text: str, start: int, end: int) -> bool:
    """'The city also has ...': the reporting city is the subject."""
    return bool(_HOME.match(text[start:end].lstrip()))


#: The types that are standing ties (a status word changes them), not events.
_TIES = {"sister_city", "friendship", "cooperation"}
_PLANNED = re.compile(
    r"\b(?:will|would|plans?|planned|planning|seek|seeks|seeking|sought|explore|exploring|"
    # scheduled, set, slated, due or poised to; in talks to (become sister cities)
    r"(?:scheduled|slated|due|poised|set) to|in talks (?:to|on|about|over)|"
    # a headline's eyes, mulls, weighs (Gimhae eyes sister city ties with Munakata)
    r"eyes|eyeing|mulls|mulling|weighs|weighing|"
    # pushing, pressing or preparing to do it, pursuing it: not done yet
    r"(?:push|press)(?:es|ed|ing)? (?:to|for)|prepar(?:e|es|ed|ing) to|pursu(?:e|es|ed|ing)|"
    r"working on|"
    r"agreed to|aims? to|to be|intends?|going to|expected to|shall|re-establish\w*|"
    # a commitment made, not a deed done (pledged to expand exchanges, promised
    # cooperation, agreed on closer cooperation, committed to)
    r"pledg(?:e|es|ed|ing) to|promis(?:e|es|ed|ing)|vow(?:s|ed)? to|agreed on|"
    r"commit(?:s|ted)? (?:to|themselves to)|"
    # what must or should be done is not done yet (it is necessary to promote exchanges)
    r"should|must|ought to|needs? to|necessary)\b",
    re.I,
)
_SUSPENDED = re.compile(
    r"\b(?:suspend\w*|put on hold|cancel\w*|postpone\w*|paus\w*|froze|frozen)\b", re.I
)
_ENDED = re.compile(
    r"\b(?:terminat\w*|ended|ends|end(?= (?:its|the|their|our))|sever(?:s|ed|ing)?|"
    # cut (off) what names a tie: cut ties, cut all its sister city ties; broke off
    r"cut(?:s|ting)?(?:\s+off)?(?=\s+(?:(?:its|their|the|all|our|any|formal|official|"
    r"[\w-]+-standing)\s+){0,2}(?:ties|relations|relationships?|links|bonds|partnerships?|"
    r"twin\w*|sister|friendship)\b)|(?:break(?:s|ing)?|broke|broken)\s+off|"
    r"scrap\w*|revok\w*|no longer|dissolv\w*|de-?twin\w*|disown\w*|"
    # left what names a tie: pulled out of, withdrew from, walked away from, annulled
    r"pull(?:s|ed|ing)?\s+out\s+of|withdr(?:ew|aws?|awn|awing)\s+from|"
    r"walk(?:s|ed|ing)?\s+away\s+from|annul\w*|rescind\w*|abandon(?:s|ed|ing)?)\b",
    re.I,
)
#: An ending verb not (yet) done: an infinitive (to end), after a modal (would end).
_UNDONE = re.compile(r"(?:\bto|\b(?:will|would|could|might|may|should|shall)(?:\s+\w+)?)\s+$", re.I)
#: ... unless a decision taken governs that infinitive (decided to end, voted in October to
#: dissolve): the tie ends with the decision, not with a later act.
_DECIDED = re.compile(
    r"\b(?:decided|decides|opted|voted|votes|resolved|chose|agreed|agrees)\s+"
    r"(?:[\w’',]+\s+){0,3}?to\s+$",
    re.I,
)
_PROPOSED = re.compile(
    r"\b(?:to terminate|to end|calling for|pushing for|vote to|threatening|proposal)\b", re.I
)
#: What is discussed, proposed or hoped for is not yet done: a tie or an exchange as the
#: topic of a discussion (to discuss cooperation, ways to expand exchanges), of a proposal
#: (suggested that the cities become sister cities) or of a wish.
_TOPIC = re.compile(
    r"\b(?:discuss\w*|talk(?:s|ed)? about|suggest\w*|propos\w*|recommend\w*|urg(?:e|es|ed|ing)|"
    r"hop(?:e|es|ed|ing)|wish\w*|consider\w*|possibilit\w*|ways? (?:to|of)|in the future|"
    # "future" said of the cue's own noun (future cooperation, future youth exchanges)
    r"future(?=\s+(?:\w+\s+)?$))\b",
    re.I,
)
#: ... or of plans named after it (cooperation plans, exchanges in the future).
_TOPIC_AFTER = re.compile(r"^[\s\w]{0,12}?\b(?:plans?|proposals?|in the future)\b", re.I)
#: A possessive before a tie noun that heads its phrase (its sister city, their Japanese
#: twin town, Busan's sister city).
_OWNED_TIE = re.compile(
    r"(?:\b(?:its|their|his|her|our)|[’']s)\s+(?:(?:South\s+)?[A-Z][a-z]+\s+)?$"
)
#: ... a tie noun that modifies another (its sister city ties, relationship, agreement).
_TIE_NOUN_AFTER = re.compile(
    r"[\s-]+(?:ties|relations(?:hip)?s?|agreements?|pacts?|status|programm?e?s?|links?|"
    r"bonds?|accords?|exchanges?|partnerships?|affiliations?)\b",
    re.I,
)
_TIES_WITH = re.compile(
    r"\b(?:ties|relations(?:hip)?s?|links|bonds|partnership)\s+with\s+"
    r"(?:its|their|his|her|our|[\w’'-]+[’']s)\s+(?:(?:South\s+)?[A-Z][a-z]+\s+)?$",
    re.I,
)
#: A tie as what a city becomes or is (seeks to become a sister city of X, will no longer
#: be a sister city of X): the clause's own predicate, not a tie named in passing.
_BECOME = re.compile(
    r"\b(?:become|becomes|became|becoming|be|is|are|was|were|been|remain|remains|remained)"
    r"\s+(?:a|an|the)?\s*$",
    re.I,
)
#: Where the clause of a cue ends after it.
_CLAUSE_END = re.compile(
    r"[.;:]\s|[.;:]$|,\s+(?:and|but|which|while|who|whereas|as)\b|"
    r"\s(?:but|after|because|when|while|since|although|though|until|before|as)\s"
)
#: A passive (or "remain") of suspending or ending: were suspended, has been put on hold,
#: remain frozen, was terminated; ``modal`` an ending not yet done (could be terminated).
#: A headline's future: its subject and "to" with a verb, no verb between (Gimhae to sign
#: friendship deal with Munakata; Gimhae, Munakata to become sister cities).
_HEADLINE_TO = re.compile(
    r"^\s*(?:(?![A-Z][a-z]*ing\b)[A-Z][\w’'.-]*(?:,\s+|\s+and\s+|\s+|-))+?"
    r"(?:(?:city|mayor|governor|officials|delegation)\s+)?"
    r"to\s+(?:(?!(?:the|a|an|its|their|his|her|our|this|that)\b)[a-z]+\b|$)"
)
#: The cue as its clause's subject: the noun it heads and a phrase of the parties after
#: it (exchanges between A and B; the youth exchange, halted in 2020,), up to the verb.
_AS_SUBJECT = re.compile(
    r"^(?:[\s-]+(?:agreements?|programm?es?|relationships?|relations|ties|exchanges?|events?|"
    r"trips?|visits?|projects?|festivals?|pacts?|talks|meetings?))?"
    r"(?:\s+(?:between|with|of|among|involving|to|from)\s+"
    r"(?:(?!\b(?:who|which|that|whose|where|when)\b)[^,;.]){1,60}?)?"
    r"(?:,[^,;.]{1,40},)?\s+(?=(?:has|have|had|was|were|is|are|be|been|remains?|remained|"
    r"stays?|stayed|will|shall|would|could|might|may|should|must|did|do|does)(?:n[’']t)?\b)",
    re.I,
)
#: A predicate of what is to come after the cue as subject (is expected to be signed,
#: will restart, is scheduled for May).
_PLANNED_PREDICATE = re.compile(
    r"(?:will|shall|(?:is|are|was|were)\s+(?:(?:expected|scheduled|set|slated|due|planned|"
    r"going|likely|poised)\s+(?:to|for)|to\s+be))\b",
    re.I,
)
_PASSIVE = re.compile(
    r"(?P<modal>(?:will|would|could|might|may|should|shall|must|to)\s+)?"
    r"(?:(?:was|were|is|are|be|been|being|has|have|had|remains?|remained|stays?|stayed)\s+)"
    r"(?:(?:been|being|now|also|still|temporarily|indefinitely|officially|formally|"
    r"effectively|largely|all|since)\s+){0,2}"
    r"(?:(?P<suspended>suspended|cancell?ed|postponed|paused|halted|frozen|shelved|"
    r"put on hold|on hold|called off)|(?P<ended>terminated|ended|severed|scrapped|revoked|"
    r"dissolved|cut off|cut|broken off))\b",
    re.I,
)
#: The cue as the goal the clause moves to (the first step toward a sister-city
#: relationship, moving towards formal twinning): not reached yet.
_TOWARD = re.compile(r"\btowards?\s+(?:(?:a|an|the|their|its|formal|full|closer)\s+)*$", re.I)
#: The events whose not being held is a suspension of the cities' exchanges (GUIDE.md).
_HELD = {"exchange", "visit"}
#: The cue as the object of a negated verb (have not held exchanges, haven't had any
#: visits), the negated verb itself (did not visit) or under "no" (no exchanges, had no
#: official visits); not "never" (nothing to suspend), nor "not only".
_NEGATED_OBJECT = re.compile(
    r"(?:\bnot|n[’']t)\s+(?:yet\s+)?(?!only\b|just\b|merely\b)(?:[a-z]+\s+)?"
    r"(?:(?:any|the|its|their|our|such|further|more)\s+)?(?:[a-z]+\s+)?$"
    r"|\b(?-i:no)\s+(?!longer\b)(?:[a-z]+\s+)?$",
    re.I,
)
#: ... or as the subject of a negated predicate (exchanges have not taken place, haven't
#: resumed, did not happen).
_NEGATED_PREDICATE = re.compile(
    r"(?:has|have|had|did|do|does|was|were|is|are)\s*(?:not\b|n[’']t\b)", re.I
)
#: The cue as the object of a verb of stopping (halted exchanges, stopped all visits) ...
_HALTED_OBJECT = re.compile(
    r"\b(?:halt(?:s|ed|ing)?|stop(?:s|ped|ping)?|ceas(?:e|es|ed|ing)|discontinu(?:e|es|ed|ing)|"
    r"interrupt(?:s|ed|ing)?)\s+(?:(?:all|any|the|its|their|our|official|mutual|further)\s+)"
    r"{0,3}$",
    re.I,
)
#: ... or its subject (exchanges stalled, have stopped, came to a halt).
_HALTED_PREDICATE = re.compile(
    r"(?:[\s-]+(?:programm?es?|events?|visits?|trips?))?"
    r"(?:\s+(?:between|with|of|among|involving)\s+[^,;.]{1,60}?)?\s+(?:(?:has|have|had)\s+)?"
    r"(?:(?:been|all|largely|since|also)\s+){0,2}"
    r"(?:stalled|stopped|ceased|(?P<ended>ended|came to an end)|came to a (?:halt|standstill)|"
    r"ground to a halt|"
    r"(?:has|have|had) come to a (?:halt|standstill))\b",
    re.I,
)


def _halted(rtype: str, predicate: str) -> bool:
    """Exchanges (visits) that stopped; a visit that ended took place."""
    m = _HALTED_PREDICATE.match(predicate)
    return m is not None and not (m["ended"] and rtype == "visit")


#: Suspended exchanges taken up again: the tie is active (GUIDE: suspended, now resumed).
_RESUMED = re.compile(r"\b(?:resum\w*|restart\w*|reviv\w*|restor\w*|reopen\w*)\b", re.I)
_SUBORDINATORS = ("after", "before", "because", "since", "when", "while", "although", "until")
#: (not across a line's end: a headline's last word is no apposition to the next line)
_ATTRIBUTIVE = re.compile(r"^,?[^\S\n]+(?:of[^\S\n]+)?[A-Z]")


#: The age of a tie, right before its name: 25 years of, the 30th anniversary of.
_AGE_OF = re.compile(
    r"\b(?:\d+|[a-z]+)(?:st|nd|rd|th)?[\s-]+(?:years?|decades?|anniversary)\s+of\s+"
    r"(?:the\s+|their\s+|its\s+|our\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)


#: A negation a few words before a tie's cue, in its clause (are not sister cities, have
#: not yet signed a sister-city agreement, decided not to twin, has no such ties, never
#: twinned); "not only" negates nothing.
_NEGATED_TIE = re.compile(
    r"\b(?:not|never|no)\b(?!\s+(?:only|just|merely)\b)(?P<gap>(?:[^\S\n]+[\w'’-]+){0,4}?)"
    r"[^\S\n]+$|n[’']t(?P<gap2>(?:[^\S\n]+[\w'’-]+){0,4}?)[^\S\n]+$",
    re.IGNORECASE,
)
_PLAN_AFTER = re.compile(r"\b(?:but|yet)\b.*\b(?:plan\w*|hope\w*|seek\w*|will|aim\w*)\b", re.I)


def negated_tie(text: str, start: int, span: tuple[int, int]) -> str | None:
    """What a negation makes of the tie whose cue starts at ``start``: None when there is
    none; "ended" for one that is no longer (no longer sister cities); "planned" when the
    sentence goes on to plan it (have not yet signed, but plan to); else "none": the text
    says the tie is not there.

    >>> s = "Goyang and Yiwu are not sister cities."
    >>> negated_tie(s, s.index("sister"), (0, len(s)))
    'none'
    """
    a, b = span
    head = text[max(a, start - 60) : start]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" but "), head.rfind(" and "))
    clause = head[cut + 1 :] if cut >= 0 else head
    m = _NEGATED_TIE.search(clause)
    if m is None:
        return None
    if re.search(r"\bno\s+longer\s*(?:\w+\s+){0,3}$", clause, re.I):
        return "ended"
    if _PLAN_AFTER.search(text[start:b]):
        return "planned"
    return "none"


def status(text: str, start: int, end: int, rtype: str, span: tuple[int, int]) -> tuple[str, bool]:
    """The status of the relation a cue at ``text[start:end]`` names, from the words of its
    clause (``span`` is the sentence's segment that holds it), and whether the cue only
    names a tie in passing ("its sister city Munakata": the tie is named, not changed).

    >>> s = "Osaka ended its sister city ties with San Francisco."
    >>> status(s, s.index("sister"), s.index(" ties"), "sister_city", (0, len(s)))
    ('ended', False)
    """
    a, b = span
    if (
        rtype in _TIES
        and _ATTRIBUTIVE.match(text[end : end + 12])
        and not _BECOME.search(text[max(a, start - 24) : start])
    ):
        return "active", True
    if (
        rtype in _TIES
        and re.search(r"(?:city|town|province|prefecture|region)$", text[start:end], re.I)
        and _OWNED_TIE.search(text[max(a, start - 40) : start])
        and not _TIE_NOUN_AFTER.match(text[end : end + 16])
        and not _TIES_WITH.search(text[max(a, start - 60) : start])
    ):
        # "will host a delegation from its (Japanese) sister city": a city its owner is tied
        # to, the tie named in passing; unless the clause acts on the ties with it (suspends
        # ties with its Russian sister city).
        return "active", True
    if rtype in _TIES and _AGE_OF.search(text, max(a, start - 60), start):
        # "to mark 25 years of sister-city ties", "the 30th anniversary of their twinning":
        # a tie with an age stands already, whatever is planned to mark it; the event
        # that marks it dates it (the gold's anniversaries), so it is not named in passing.
        return "active", False
    head = text[a:start]
    cut = max(
        head.rfind(", and "),
        head.rfind("; "),
        head.rfind(". "),
        head.rfind(" but "),
        head.rfind(", which"),
        # A subordinate clause has its own verb: "X ended its tie with Y after Y signed a
        # similar agreement with Z" ends no tie of Z's.
        *(head.rfind(f" {conj} ") for conj in _SUBORDINATORS),
    )
    clause = head[cut + 1 :] if cut >= 0 else head
    tail = text[end : min(b, end + 25)]
    clause_all = clause + text[start:end] + tail
    # The clause with the cue: a tie word can be the ending verb's own stem (de-twin).
    endings = list(_ENDED.finditer(clause + text[start:end]))
    if endings:
        before = clause[: endings[-1].start()]
        if _UNDONE.search(before) or _PROPOSED.search(clause_all):
            # an ending sought, proposed or voted on later: the tie it names is in force,
            # named as the proposal's object, and the proposal's date is not the tie's
            decided = bool(_DECIDED.search(before))
            return ("ended" if decided else "active"), not decided
        return "ended", False
    if _ENDED.search(tail[:12]):
        proposed = bool(_PROPOSED.search(clause_all))
        return ("active" if proposed else "ended"), proposed
    # The cue as the subject of a passive or of "remain" later in its clause (exchanges
    # between A and B were suspended, have been put on hold; the tie was terminated).
    rest = text[end:b]
    stop = _CLAUSE_END.search(rest)
    rest = rest[: stop.start()] if stop else rest
    subject = _AS_SUBJECT.match(rest)
    predicate = rest[subject.end() :] if subject else ""
    passive = _PASSIVE.match(predicate)
    if passive and passive["ended"] and not passive["modal"]:
        return "ended", False
    if rtype in _HELD and (
        _NEGATED_OBJECT.search(clause)
        or _NEGATED_PREDICATE.match(predicate)
        or _HALTED_OBJECT.search(clause)
        or _halted(rtype, predicate or rest)
    ):
        # Exchanges not held (have not held exchanges since 2020, had no exchanges, exchanges
        # have not resumed) or stopped (halted exchanges, exchanges stalled): suspended
        # (GUIDE.md), whatever word of resuming the negation governs.
        return "suspended", False
    if (_SUSPENDED.search(clause_all) or (passive and passive["suspended"])) and not (
        _RESUMED.search(clause + rest)
    ):
        return "suspended", False
    if (
        _PLANNED.search(clause)
        or re.match(r"^\s?(?:will|to be)\b", tail)
        or _PLANNED_PREDICATE.match(predicate)
        or _HEADLINE_TO.match(text[a:start])
        or _TOWARD.search(clause)
    ):
        return "planned", False
    if rtype != "meeting" and (_TOPIC.search(clause) or _TOPIC_AFTER.match(tail)):
        return "planned", False
    return "active", False


def tie_document(text: str, tie_end: int, tie_type: str, start: int, rtype: str) -> bool:
    """A cooperation noun that a sister-city or friendship cue right before it modifies
    (a sister city agreement, twinning partnership, friendship pact) names that tie's
    document: the compound is one tie, not a cooperation besides it.

    >>> s = "a sister city agreement"
    >>> tie_document(s, s.index(" agreement"), "sister_city", s.index("agreement"), "cooperation")
    True
    """
    return (
        rtype == "cooperation"
        and tie_type in ("sister_city", "friendship")
        and 0 <= start - tie_end <= 2
        and re.fullmatch(r"[\s-]*", text[tie_end:start]) is not None
    )


_LIKE = re.compile(r"\b(?:similar|same|such an?|identical|like)\s+$", re.I)


def retype(
    text: str, span: tuple[int, int], start: int, end: int, rtype: str, before: list[str]
) -> str:
    """The type a cue at ``text[start:end]`` names in its sentence (``span``), given the
    types of the cues before it: an agreement like a tie named before is that tie
    (:func:`_like_tie`); students visiting are an exchange, not an official visit.

    >>> s = "Students from Kobe visited Seattle."
    >>> retype(s, (0, len(s)), s.index("visited"), s.index(" Seattle"), "visit", [])
    'exchange'
    """
    if rtype == "visit" and _VISIT_WORD.fullmatch(text[start:end]):
        a, b = span
        around = text[max(a, start - 80) : min(b, end + 80)]
        if _STUDENTS.search(around) and not _OFFICIALS.search(around):
            return "exchange"
        went = re.match(
            r"\s+(?:to\s+)?(?:the\s+)?(?P<place>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3})",
            text[end:b],
        )
        words = went["place"].split() if went else []
        if any(_country_of(" ".join(words[:n])) for n in range(len(words), 0, -1)):
            return ""  # visited the Czech Republic, a visit to the Netherlands: a country's
    if (
        rtype == "friendship"
        and text[start:end].lower() == "friendship"
        and _FOSTERED.search(text[max(span[0], start - 40) : start])
        and not re.match(r"\s+(?:city|cities|agreement|ties|relations?|pact|accord)\b", text[end:])
    ):
        return ""  # to enhance cooperation and friendship between A and B: a manner, no tie
    if rtype == "aid" and _TO_ORGANISATION.match(text[end:b] if (b := span[1]) else ""):
        return ""  # donated a pavilion to the Korean Cultural Center: no city receives it
    if rtype == "aid" and _GIFT_TO_ORGANISATION_BEFORE.search(text, span[0], start):
        rest = text[end : span[1]]
        if not re.match(r"[^.;]{0,60}?\b(?:to|for)\s", rest):
            # donated a pavilion to the Center in 2012 and this spring donated a set of
            # walls: the verb coordinated with one whose receiver is named, and naming none
            # of its own, gives to that receiver
            return ""
    if (
        rtype == "meeting"
        and text[start:end].lower().startswith("host")
        and _HOSTED_EVENT.match(text, end)
    ):
        return ""  # hosted a trade fair: an event held, no one met (a delegation is a cue)
    if (
        rtype == "meeting"
        and text[start:end].lower().startswith("meeting")
        and _BODY_SESSION.search(text[max(span[0], start - 40) : start])
    ):
        return ""  # a city council meeting: a body's own session, no meeting of two cities
    return _like_tie(text, start, rtype, before) or rtype


#: The receiver of a gift as an organisation, not a city (to the Korean Cultural Center,
#: to a local university): GUIDE.md's associations and universities are no city. (Help to
#: a city's hospital or its people is help to the city: not here.)
_TO_ORGANISATION = re.compile(
    r"^[^.;]{0,60}?\bto\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,5}?"
    r"(?:Cent(?:er|re)s?|centers|centres|Association|association|University|university|Museum|"
    r"museum|Foundation|foundation|Society|Church|Institute|Library|Club)\b"
)
#: A verb of giving whose receiver is an organisation, then "and" with a later verb.
_GIFT_TO_ORGANISATION_BEFORE = re.compile(
    r"\b(?:donat\w*|gave|give[sn]?|sen[dt]|presented|deliver\w*|provid\w*)\b"
    r"[^.;]{0,60}?\bto\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,5}?"
    r"(?:Cent(?:er|re)s?|centers|centres|Association|association|University|university|Museum|"
    r"museum|Foundation|foundation|Society|Church|Institute|Library|Club)\b[^.;]{0,60}?"
    r"\band\s+(?:[\w’'-]+\s+){0,3}$"
)


#: What a city hosts when it is an event, not people (hosted a trade fair, the festival).
_HOSTED_EVENT = re.compile(
    r"\s+(?:a|an|the|its|their|this|last|next)?\s*(?:[\w’'-]+\s+){0,3}?"
    r"(?:fairs?|festivals?|forums?|exhibitions?|expos?|competitions?|tournaments?|games|"
    r"marathons?|concerts?|shows?|conferences?|summits?|congress(?:es)?|events?|contests?|"
    r"workshops?|seminars?|symposi(?:um|a)|championships?|olympics|races?)\b",
    re.I,
)
#: The body whose own session a meeting is (a city council meeting, the board meeting).
_BODY_SESSION = re.compile(
    r"\b(?:council|board|committee|commission|cabinet|staff|assembly|caucus)\s+$", re.I
)


#: Verbs that grow what two cities have (enhance, deepen, promote friendship): their
#: object is how the cities get on, not a tie concluded.
_FOSTERED = re.compile(
    r"\b(?:enhanc|deepen|strengthen|promot|foster|build|cement|boost|nurtur|increas|"
    r"further|develop)\w*\s+(?:[\w’',-]+\s+){0,4}$",
    re.I,
)


#: The visit cues that name the act, not who acts (a delegation is official by its name).
_VISIT_WORD = re.compile(r"visit\w*|welcom\w*", re.I)
#: Visitors who are students: an exchange programme's, not a city's officials (the guide:
#: a visit is an official's or a delegation's; youth exchange and homestays are exchange).
_STUDENTS = re.compile(
    r"\b(?:students?|pupils?|youths?|young people|children|teenagers|teens|scouts|"
    r"schoolchildren)\b",
    re.I,
)
_OFFICIALS = re.compile(
    r"\b(?:mayors?|governors?|officials?|councill?ors?|delegations?|delegates?|chairman|"
    r"chairperson|commissioners?)\b",
    re.I,
)


def _like_tie(text: str, start: int, rtype: str, before: list[str]) -> str | None:
    """An agreement said to be like one named before it (a similar agreement, the same
    pact) is a tie of that one's kind: the type of the last tie cue before it, if any.

    >>> s = "X ended its sister city tie with Y after Y signed a similar agreement with Z."
    >>> _like_tie(s, s.index("agreement"), "cooperation", ["sister_city"])
    'sister_city'
    """
    if rtype != "cooperation" or not _LIKE.search(text[max(0, start - 12) : start]):
        return None
    ties = [t for t in before if t in ("sister_city", "friendship")]
    return ties[-1] if ties else None


def tie_ends(
    text: str, start: int, end: int, rtype: str, mentions: list[EnMention]
) -> tuple[City, ...] | None:
    """The cities a cue's own phrase names: those listed after "among" or "between" right
    after it (cooperation among Incheon, Yokohama and Tianjin: one relation of the three),
    or the two a tie's noun phrase names, if it names both: its owner as a possessive
    before it and its partner right after it (Shingu's domestic sister city Natori), or the
    partner before it in apposition and the owner after "of" (Yokohama, a sister city of
    Incheon). Other cities of the sentence are no end of that tie.

    >>> from kg.gazetteer import Gazetteer
    >>> s = "Aid reached Shingu's sister city Natori."
    >>> ms = find_mentions(s, 0, len(s), Gazetteer.default(), learned={}, masked=[])
    >>> [c.name for c in tie_ends(s, s.index("sister"), s.index(" Natori"), "sister_city", ms)]
    ['Shingū', 'Natori-shi']
    """
    cities = [m for m in mentions if m.kind != "country" and m.city is not None]
    listed = _among(text, end, mentions)
    if listed:
        return listed
    if rtype == "aid":
        return _giver_receiver(text, start, end, cities)
    if rtype not in ("sister_city", "friendship"):
        return None

    def at_end(pattern: str, limit: int) -> EnMention | None:
        # The mention that the text between it and ``limit`` fits ``pattern``.
        for m in cities:
            if m.end <= limit and re.fullmatch(pattern, text[m.end : limit]):
                return m
        return None

    def at_start(pattern: str, offset: int) -> EnMention | None:
        for m in cities:
            if m.start >= offset and re.fullmatch(pattern, text[offset : m.start]):
                return m
        return None

    owner = at_end(r"[’']s\s(?:[a-z]+\s){0,2}", start)
    partner = at_start(r",?\s(?:the\s)?", end) if owner else None
    if owner is not None and partner is None:
        # "Taipei, one of Phoenix's ten sister cities": the partner in apposition before.
        partner = at_end(r",\s(?:(?:one|another)\sof\s)?", owner.start)
    if owner is None:
        partner = at_end(r",\s(?:a|the|one)\s(?:of\s(?:the\s)?)?(?:[a-z]+\s)?", start)
        owner = at_start(r"\sof\s", end) if partner else None
    if owner is None or partner is None or owner.city is None or partner.city is None:
        return None
    if owner.city.key == partner.city.key:
        return None
    return owner.city, partner.city


#: Between a giver and an aid cue: nothing, or the verb of giving whose object the cue
#: names (sent relief supplies, delivered emergency aid).
_GIVER_GAP = re.compile(
    r"\s+(?:(?:sen[dt]|sends|sending|gave|give[sn]?|giving|deliver(?:s|ed|ing)?|"
    r"donat(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|ship(?:s|ped|ping)?|offer(?:s|ed|ing)?|"
    r"extend(?:s|ed|ing)?)\s+(?:[\w’'-]+\s+){0,3}?)?"
)


def _giver_receiver(
    text: str, start: int, end: int, cities: list[EnMention]
) -> tuple[City, ...] | None:
    """The giver and the receiver an aid cue names itself: a city right before its verb
    (:data:`_GIVER_GAP`), as the verb's own subject, and one right after "to" (Busan sent
    support to Fukuoka; helping Shingu send support to Natori: the help is Shingu's to
    Natori, whoever else helps Shingu)."""
    giver = next(
        (m for m in cities if m.end <= start and _GIVER_GAP.fullmatch(text[m.end : start])), None
    )
    if giver is None or giver.role != "party":
        return None
    tail = r"(?:\s+to)?\s+(?:the\s+(?:city|town|people)\s+of\s+)?" if text[end - 1] != " " else ""
    receiver = next(
        (
            m
            for m in cities
            if m.start >= end
            and re.fullmatch(
                tail or r"(?:the\s+(?:city|town|people)\s+of\s+)?", text[end : m.start]
            )
        ),
        None,
    )
    if receiver is None or receiver.city is None or giver.city is None:
        return None
    if receiver.city.key == giver.city.key or not re.search(
        r"\bto\s", text[start : receiver.start]
    ):
        return None
    return giver.city, receiver.city


#: Money given: a verb of giving or raising with a sum of money or funds after it.
_MONEY_GIVEN = re.compile(
    r"\b(?:rais(?:e|es|ed|ing)|sen[dt]|sending|sends|gave|give[sn]?|giving|donat\w*|"
    r"contribut\w*|pledg\w*|collect(?:s|ed|ing)?)\b[^.;]{0,40}?"
    r"(?:[$€£¥₩]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:million\s|billion\s)?(?:dollars|yen|won|euros?|"
    r"pounds|yuan)\b|\bfunds\b|\bmoney\b)",
    re.I,
)


#: Goods given: a verb of sending or giving with goods after it, named (masks, relief
#: supplies, rice, fire engines) or counted (5,000 masks, 10 tons of rice, 20 ventilators),
#: not people (students, delegates) nor words (a letter, an invitation): aid (GUIDE.md).
_GOODS_GIVEN = re.compile(
    r"\b(?:sen[dt]|sending|sends|ship(?:s|ped|ping)?|deliver(?:s|ed|ing)?|donat(?:e|es|ed|ing)|"
    r"provid(?:e|es|ed|ing)|gave|give[sn]?|giving|hand(?:s|ed|ing)? over|airlift\w*|"
    r"dispatch(?:es|ed|ing)?)\b"
    r"(?P<object>[^.;]{0,48}?)\b(?:(?P<goods>supplies|masks?|goods|equipment|food|foodstuffs|"
    r"rice|medicines?|medical|vaccines?|blankets|relief|kits|gear|ventilators|clothing|clothes|"
    r"bottled water|drinking water|tents|generators|fire (?:engines|trucks)|ambulances?|"
    r"daily necessities|essentials|sandbags|heaters|face shields|gloves|thermometers)|"
    r"(?P<count>(?!(?:1[89]|20)\d\d\b)\d[\d,.]*\s+(?:(?:tons?|tonnes|boxes|cartons|units|pieces|sets|packs|bags|"
    r"kilograms?|kg)\s+of\s+)?(?!(?:students?|pupils?|delegates?|officials?|members?|people|"
    r"persons|athletes?|artists?|performers?|youths?|teachers?|citizens?|residents?|"
    r"councill?ors?|employees?|staff|trainees?|visitors?|years?|days?|months?|weeks?|times|"
    r"percent|cities|towns|letters?|and|but|the|for|with|from|into|when|while|after|before|"
    r"was|were|has|have|had|are|its|their|this|that|which|who|where|during|since|until)\b)"
    r"[a-z]{3,}))",
    re.I,
)


#: People sent to a place (sent two officials to, dispatched a team of doctors to, will
#: send 20 students to): the object of a verb of sending ends on a noun of people, and
#: "to" follows it. What they go for is in the object (see :func:`_sent_for`).
_PEOPLE_SENT = re.compile(
    r"\b(?:sen[dt]|sending|sends|dispatch(?:es|ed|ing)?|deploy(?:s|ed|ing)?)\s+"
    r"(?P<object>(?:[\w,'’-]+\s+){0,6}?"
    r"(?:officials?|delegations?|delegates?|staff|employees|civil servants|workers|"
    r"teams?|doctors|nurses|medics|firefighters|rescuers|volunteers|experts|"
    r"students|pupils|youths|children|athletes|players|artists|performers|musicians|members|"
    r"trainees|teachers|troupes?|choirs?|orchestras?))"
    r"\s+(?:\w+\s+){0,2}?to\b",
    re.I,
)
_SENT_FOR_AID = re.compile(
    r"\b(?:doctors|nurses|medics|medical|firefighters|fire|rescu\w*|relief|volunteers|"
    r"quarantine|disinfection)\b",
    re.I,
)


_SENT_FOR_EXCHANGE = re.compile(
    r"\b(?:athletes|players|artists|performers|musicians|trainees|teachers|troupes?|choirs?|"
    r"orchestras?|youth)\b",
    re.I,
)


def _sent_for(obj: str, disaster: bool) -> str:
    """The type of people sent (:data:`_PEOPLE_SENT`'s object): carers and rescuers, or
    anyone after a disaster, give aid; students, artists, athletes exchange; officials visit."""
    if disaster or _SENT_FOR_AID.search(obj):
        return "aid"
    if _STUDENTS.search(obj) or _SENT_FOR_EXCHANGE.search(obj):
        return "exchange"
    return "visit"


#: Words of sympathy sent (a letter of sympathy, a message of consolation, sympathy
#: letters): GUIDE.md counts a condolence letter to the partner city as aid.
_SYMPATHY = re.compile(
    r"\b(?:letters?|messages?|notes?|cards?)\s+of\s+(?:sympathy|consolation|solidarity|"
    r"condolences?|encouragement)\b|\b(?:sympathy|consolation|solidarity|get-well)\s+"
    r"(?:letters?|messages?|notes?|cards?)\b",
    re.I,
)


#: Help given to a place named after it (sent support to X, offered help to X, extended
#: a helping hand to X): aid (GUIDE.md: support from one city to the other).
_HELP_GIVEN = re.compile(
    r"\b(?:sen[dt]|sending|sends|offer(?:s|ed|ing)?|extend(?:s|ed|ing)?|provid(?:e|es|ed|ing)|"
    r"gave|give[sn]?|giving|lend(?:s|ing)?|lent)\s+(?:(?!to\b)[\w’'-]+\s+){0,3}?"
    rf"(?:support|help|helping hand)\s+to\s+(?:the\s+(?:city|town|people)\s+of\s+)?(?=[{_UP}])",
    re.I,
)
#: Thanks for help received, to the one named right after the verb (thanked Sendai for
#: its support after the flood): aid from them, where the sentence names a disaster
#: (thanked Sendai for its support of the bid is no gift).
_THANKED_FOR_HELP = re.compile(
    rf"\bthank(?:s|ed|ing)?\s+(?:the\s+(?:city|town|people|citizens)\s+of\s+)?[{_UP}]"
    r"[^.;]{0,40}?\bfor\s+(?:its|their|the|his|her)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:support|help|assistance|aid|donations?|relief|generosity|contributions?)\b",
)
#: A disaster or hardship in the sentence ...
_EN_DISASTER = re.compile(
    r"\b(?:earthquakes?|quakes?|tsunamis?|typhoons?|hurricanes?|cyclones?|floods?|flooding|"
    r"wildfires?|fires?|storms?|landslides?|disasters?|droughts?|eruptions?|pandemic|"
    r"outbreak|epidemic|war|devastat\w*|ravaged|victims)\b",
    re.I,
)
#: ... in which a city helps another, named right after its verb (helped X recover,
#: supporting X after the earthquake): aid; without a disaster "support" is cooperation's
#: word (supports X's bid).
_HELPED = re.compile(
    r"\b(?:help(?:s|ed|ing)?|support(?:s|ed|ing)?|assist(?:s|ed|ing)?)\s+"
    rf"(?:the\s+(?:city|town|people|residents|victims)\s+of\s+)?(?=[{_UP}])"
)


#: "sister" before a tie's noun or a kind of government other than a city (sister ties,
#: sister relations, sister provinces, sister states, a sister-prefecture agreement): the
#: sister tie of governments of that kind (the lexicon has sister city and relationship).
_SISTER_OF = re.compile(
    r"\bsister[- ](?:ties|relations|bonds?|links?|states?|provinces?|prefectures?|regions?|"
    r"count(?:y|ies)|municipalit(?:y|ies)|districts?|towns?|partnerships?|agreements?|"
    r"pacts?|accords?|status|affiliations?)\b",
    re.I,
)


#: A city's own hall as the place where something was done (signed at Da Lat City Hall):
#: the other city's people came there, a visit.
_AT_HALL = re.compile(
    rf"\b(?:at|in|to)\s+(?:the\s+)?(?:{_PLACE}\s+)(?:City|Town|Municipal|Prefectural|"
    r"Provincial|County)\s+(?:Hall|Office|Government\s+Building)\b"
)


#: A journey to a place named right after it (toured Fukuoka, travelled to Kobe, arrived
#: in Lyon, a trip to Seattle): a visit when the clause's travellers are officials
#: (GUIDE.md: an official or a delegation of one city visited the other); an object of
#: "toured" that is no name (toured the port) names no city visited.
_MOVED_TO = re.compile(
    r"\b(?:tour(?:ed|s|ing)?|(?:travel(?:l?ed|l?ing|s)?|flew|fl(?:y|ies|ying)|headed|went|"
    r"journeyed|(?:trips?|journeys?|tours?|missions?)|arriv(?:ed|es|ing))\s+(?:to|in))\s+"
    rf"(?:the\s+(?:city|town)\s+of\s+)?(?=[{_UP}])"
)


def _journeys(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The journeys of officials to a place that is no country (see :data:`_MOVED_TO`)."""
    out = []
    for m in _MOVED_TO.finditer(text, start, end):
        clause = re.split(r"[.;:]\s", text[max(start, m.start() - 100) : m.start()])[-1]
        place = re.match(r"[\w'’.-]+(?:\s[A-Z][\w'’.-]*){0,3}", text[m.end() : end])
        words = place.group().split() if place else []
        if not _OFFICIALS.search(clause) or any(
            _country_of(" ".join(words[:n])) for n in range(len(words), 0, -1)
        ):
            continue
        out.append((m.start(), m.end()))
    return out


#: A city receiving another's officials (welcomed a delegation from X, hosted the mayor of
#: X): its people met them, a meeting besides the visit.
_RECEIVED = re.compile(
    r"\b(?:welcom(?:e|es|ed|ing)|receiv(?:e|es|ed|ing)|host(?:s|ed|ing)?)\s+(?:[\w’'-]+\s+){0,4}?"
    r"(?:delegat(?:e|es|ion|ions)|mayors?|governors?|officials?|counterparts?)\b",
    re.I,
)


#: The heads of both sides doing one act together (the governors of the two regions
#: signed, the two mayors signed): they met to do it.
_BOTH_HEADS = re.compile(
    r"\b(?:(?:mayors|governors|heads|leaders)\s+of\s+(?:the\s+)?(?:two|both)\s+\w+|"
    r"(?:the\s+)?(?:two|both)\s+(?:mayors|governors))\s+(?:\w+ly\s+)?"
    r"(?:signed|sealed|exchanged|held|met|attended)\b",
    re.I,
)


def cues(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Cues that English states by a construction, not a word: money given or raised
    (raised $250,000 for, sent 3 million yen to) and goods given (sent 5,000 masks to) are
    aid. (start, end, type) of each.

    >>> s = "Fort Myers raised $80,000 for Kobe."
    >>> [(s[a:b], t) for a, b, t in cues(s, 0, len(s))]
    [('raised $80,000', 'aid')]
    """
    out = [(m.start(), m.end(), "aid") for m in _MONEY_GIVEN.finditer(text, start, end)]
    out += [
        (m.start(), m.end(), "aid")
        for m in _GOODS_GIVEN.finditer(text, start, end)
        if not re.search(r"\b(?:letters?|invitations?|messages?|greetings)\b", m["object"], re.I)
    ]
    out += [(m.start(), m.end(), "sister_city") for m in _SISTER_OF.finditer(text, start, end)]
    out += [(m.start(), m.end(), "aid") for m in _SYMPATHY.finditer(text, start, end)]
    out += [(m.start(), m.end(), "aid") for m in _HELP_GIVEN.finditer(text, start, end)]
    if _EN_DISASTER.search(text, start, end):
        out += [(m.start(), m.end(), "aid") for m in _HELPED.finditer(text, start, end)]
        out += [(m.start(), m.end(), "aid") for m in _THANKED_FOR_HELP.finditer(text, start, end)]
    out += [(m.start(), m.end(), "visit") for m in _AT_HALL.finditer(text, start, end)]
    disaster = bool(_EN_DISASTER.search(text, start, end))
    out += [
        (m.start(), m.end(), _sent_for(m.group(), disaster))
        for m in _PEOPLE_SENT.finditer(text, start, end)
    ]
    out += [(a, b, "visit") for a, b in _journeys(text, start, end)]
    out += [(m.start(), m.end(), "meeting") for m in _RECEIVED.finditer(text, start, end)]
    out += [(m.start(), m.end(), "meeting") for m in _BOTH_HEADS.finditer(text, start, end)]
    return out


#: The nouns of a tie whose kind they do not say (ties, relations, a relationship, links),
#: or say by themselves (a partnership: cooperation; twinning: the sister tie).
_TIE_NOUN = r"(?:ties|relations|relationships?|partnerships?|twinnings?|links|bonds)"
#: Verbs that end or suspend what they take as object (cut, sever, terminate, break off;
#: suspend, freeze, pause, halt).
_CUT_VERB = (
    r"(?:cut(?:s|ting)?|sever(?:s|ed|ing)?|end(?:s|ed|ing)?|terminat(?:e|es|ed|ing)|"
    r"dissolv(?:e|es|ed|ing)|scrap(?:s|ped|ping)?|revok(?:e|es|ed|ing)|"
    r"(?:break(?:s|ing)?|broke|broken)\s+off|suspend(?:s|ed|ing)?|freez(?:e|es|ing)|froze|"
    r"paus(?:e|es|ed|ing)|halt(?:s|ed|ing)?)"
)
#: The tie noun as the object of such a verb, a few modifiers between (cut ties with,
#: severed its long-standing relationship with, ended the partnership); not ties between
#: states (diplomatic ties).
_CUT = re.compile(
    rf"\b{_CUT_VERB}\s+(?:off\s+)?(?:(?!(?:with|between|diplomatic)\b)[\w’'-]+\s+){{0,4}}?"
    rf"(?P<noun>{_TIE_NOUN})\b",
    re.I,
)
#: ... or as the subject of its passive (ties with X were cut, the relationship has been
#: suspended).
_CUT_PASSIVE = re.compile(
    rf"\b(?P<noun>{_TIE_NOUN})\s+(?:(?:with|between)\s+[^.;,]{{1,60}}?\s+)?"
    r"(?:has|have|had|was|were|is|are)\s+(?:been\s+)?(?:\w+ly\s+)?"
    r"(?:cut|severed|ended(?!\s+up)|terminated|dissolved|scrapped|revoked|broken\s+off|"
    r"suspended|frozen|paused|halted|put\s+on\s+hold)\b",
    re.I,
)


def cut_ties(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Tie nouns that a verb of ending or suspending acts on (Leeds cut ties with Kazan,
    the relationship was suspended): a tie that is cut is a tie, of the kind the text
    says elsewhere. (where the phrase starts, the noun's start and end) of each.

    >>> s = "Leeds cut its ties with Kazan."
    >>> [s[a:b] for _, a, b in cut_ties(s, 0, len(s))]
    ['ties']
    """
    out = [(m.start(), m.start("noun"), m.end("noun")) for m in _CUT.finditer(text, start, end)]
    out += [
        (m.start(), m.start("noun"), m.end("noun")) for m in _CUT_PASSIVE.finditer(text, start, end)
    ]
    return out


_AMONG = re.compile(r"\s+(?:[a-z]+\s+){0,3}?(?:among|between)\s+(?:the\s+cities\s+of\s+)?")
_LIST_GAP = re.compile(r",?\s+(?:and|&)\s+|,\s+")


def _list_walk(text: str, first: EnMention, by_start: dict[int, EnMention]) -> list[EnMention]:
    """The mentions of a list that starts at ``first``, each the next one's predecessor
    across a list gap (A, B and C; A, Korea, and B), countries and unresolved names
    included: each caller keeps its own check of them."""
    run = [first]
    while True:
        gap = _LIST_GAP.match(text, run[-1].end)
        if gap is None or gap.end() not in by_start:
            return run
        run.append(by_start[gap.end()])


def _among(text: str, end: int, mentions: list[EnMention]) -> tuple[City, ...] | None:
    """The cities listed after "among" or "between" that follows a cue (exchanges between
    Busan and Fukuoka; cooperation among Incheon, Yokohama, and Tianjin, China), countries
    written after a city skipped; None unless two or more are listed."""
    m = _AMONG.match(text, end)
    if m is None:
        return None
    by_start = {x.start: x for x in mentions}
    if m.end() not in by_start:
        return None
    found: list[City] = []
    for x in _list_walk(text, by_start[m.end()], by_start):
        if x.kind != "country":
            if x.city is None or x.role != "party":
                return None
            found.append(x.city)
    keys = {c.key for c in found}
    return tuple(found) if len(keys) == len(found) >= 2 else None


#: Taking part in an event: its verb (attended, took part in, participated in, joined).
_ATTEND_VERB = re.compile(
    r"\b(?:attend(?:s|ed|ing)?|t(?:ake|akes|ook|aking) part|participat(?:e|es|ed|ing)|"
    r"join(?:s|ed|ing)?(?!\s+(?:hands|forces))|were (?:among|represented)|"
    r"(?:are|were|was|is) (?:present|represented))\b",
    re.I,
)
#: The people of the listed cities who attend (delegations from A and B, mayors of A, B
#: and C), written before the list.
_ATTENDING_PEOPLE = re.compile(
    r"\b(?:delegations?|delegates|representatives|officials|mayors|governors|teams|"
    r"participants|guests|performers|troupes|visitors|leaders)\s+(?:from|of)\s+"
    r"(?:the\s+)?(?:(?:cities|towns|municipalities)\s+of\s+)?$",
    re.I,
)
#: Between a listed subject and its verb: people of the cities (A and B officials), an
#: auxiliary, an adverb; no clause's end.
_TO_VERB = re.compile(
    r"(?:[’']s?)?(?:\s+(?!(?:and|with|to|in|at|for|who|which|that)\b)[\w’'-]+){0,3}?"
    r"(?:\s+(?:have|had|has|will|also|all|both|jointly|together|\w+ly))*\s+$",
    re.I,
)


def attendees(text: str, start: int, end: int, mentions: list[EnMention]) -> list[City]:
    """The cities listed together as those who attend one event (Busan, Fukuoka and
    Kaohsiung attended a festival; delegations from Osaka, Taipei and Hanoi took part in
    the forum; the forum was attended by A and B): GUIDE.md, attending together is no
    relation between the attendees. Empty unless two or more are listed.

    >>> from kg.gazetteer import Gazetteer
    >>> s = "Busan, Fukuoka and Kaohsiung attended a festival in Shanghai."
    >>> ms = find_mentions(s, 0, len(s), Gazetteer.default(), learned={}, masked=[])
    >>> [c.name for c in attendees(s, 0, len(s), ms)]
    ['Busan', 'Fukuoka', 'Kaohsiung']
    """
    verbs = list(_ATTEND_VERB.finditer(text, start, end))
    if not verbs:
        return []
    by_start = {m.start: m for m in mentions if start <= m.start < end}
    runs: list[tuple[int, int, list[City]]] = []
    for m in sorted(by_start.values(), key=lambda x: x.start):
        if any(r[0] <= m.start < r[1] for r in runs) or m.kind == "country" or m.city is None:
            continue
        found, pos, last = [m.city], m.start, m
        for nxt in _list_walk(text, m, by_start)[1:]:
            if nxt.kind != "country":
                if nxt.city is None:
                    break
                found.append(nxt.city)
            last = nxt
        if len({c.key for c in found}) >= 2:
            runs.append((pos, last.end, found))
    for first, last_end, cities in runs:
        people = _ATTENDING_PEOPLE.search(text[max(start, first - 60) : first])
        by = re.search(
            r"\battended\s+by\s+(?:[\w’'-]+\s+){0,2}?(?:(?:from|of)\s+)?$",
            text[max(start, first - 60) : first],
            re.I,
        )
        for v in verbs:
            if v.start() >= last_end:
                between = text[last_end : v.start()]
                if _TO_VERB.fullmatch(between) or (
                    people and not re.search(r"[.;:]", between) and len(between) <= 80
                ):
                    return cities
        if by:
            return cities
    return []


def names_parties(text: str, end: int, mentions: list[EnMention]) -> bool:
    """Whether the cue ending at ``end`` names its parties itself: two or more cities
    listed after "among" or "between" (exchanges among Incheon, Yokohama and Tianjin)."""
    return _among(text, end, mentions) is not None


#: A quantifier floated after a listed subject (A, B and C each signed; A and B have each
#: sent; the mayors of A and B each met), not "each other" nor a determiner of time (each
#: year: the act's frequency, not its distribution).
_FLOATED_EACH = re.compile(
    r"(?:[’']s?)?(?:\s+(?!(?:and|with|to|in|at|for|who|which|that|each)\b)[\w’'-]+){0,3}?"
    r",?\s+each\b(?!\s+(?:other|another|(?:year|month|week|day|time|season|spring|summer|"
    r"autumn|fall|winter)s?)\b)",
    re.I,
)
#: Distributive words that may stand anywhere after the list (…with Seoul, respectively;
#: each of them; separately).
_EACH_OF = re.compile(
    r"\b(?:respectively|separately|individually|each\s+of\s+(?:them|these|those|the))\b",
    re.I,
)
_BEFORE_SUBJECT = re.compile(r"\b(?:with|to|between|among|by)\s", re.I)


def _subject_list(
    text: str, start: int, end: int, mentions: list[EnMention]
) -> tuple[list[City], EnMention, EnMention] | None:
    """The cities listed first in ``text[start:end]``, two or more and none a partner's
    (no with, to, between before them), with the list's first and last mention; None when
    the first city named is no party or stands alone."""
    by_start = {m.start: m for m in mentions if start <= m.start < end}
    first = min(
        (m for m in by_start.values() if m.kind != "country" and m.city is not None),
        key=lambda m: m.start,
        default=None,
    )
    if (
        first is None
        or first.city is None
        or first.role != "party"
        or _BEFORE_SUBJECT.search(text, start, first.start)
    ):
        return None
    run = _list_walk(text, first, by_start)
    found: list[City] = []
    for nxt in run:
        if nxt.kind != "country":
            if nxt.city is None or nxt.role != "party":
                return None
            found.append(nxt.city)
    last = run[-1]
    if len({c.key for c in found}) != len(found) or len(found) < 2:
        return None
    return found, first, last


def distributed(
    text: str, start: int, end: int, mentions: list[EnMention]
) -> tuple[list[City], bool] | None:
    """The cities of a listed subject whose act is distributed over them (A, B and C each
    signed an agreement with D; A and B signed agreements with D and E, respectively;
    each of A, B and C has ...): each of them acts on its own toward the other cities of
    the sentence, not with the others of the list. Returns the listed cities and whether
    "respectively" pairs them in order with the cities named after them; None when the
    sentence does not start with such a list.

    >>> from kg.gazetteer import Gazetteer
    >>> s = "Busan and Ulsan each signed an agreement with Seoul."
    >>> ms = find_mentions(s, 0, len(s), Gazetteer.default(), learned={}, masked=[])
    >>> [c.name for c in distributed(s, 0, len(s), ms)[0]]
    ['Busan', 'Ulsan']
    """
    listed = _subject_list(text, start, end, mentions)
    if listed is None:
        return None
    found, first, last = listed
    rest = text[last.end : end]
    floated = _FLOATED_EACH.match(text, last.end, end) is not None
    each_of = _EACH_OF.search(rest)
    head = re.search(
        r"\beach\s+of\s+(?:the\s+)?(?:(?:cities|towns)\s+of\s+)?$", text[start : first.start], re.I
    )
    if not (floated or each_of or head):
        return None
    respectively = each_of is not None and each_of.group().lower() == "respectively"
    return found, respectively


#: A listed subject's act that is one of them all: a joint agreement, jointly, together.
_JOINT = re.compile(r"\b(?:joint(?:ly)?|together|collectively)\b", re.I)
#: ... or one instrument they sign, in the singular (an agreement, a memorandum, an MOU).
_ONE_INSTRUMENT = re.compile(
    r"\b(?:an?|one|the)\s+(?:[\w-]+\s+){0,3}?(?:agreement|MOU|MOC|LOI|memorandum|pact|"
    r"accord|declaration|statement|letter|charter|treaty|protocol|alliance|partnership)\b",
    re.I,
)


def listed_subject(
    text: str, start: int, end: int, mentions: list[EnMention]
) -> tuple[list[City], bool] | None:
    """The cities of a listed subject that act toward cities named after them (A, B and C
    signed a joint agreement with D; A and B visited D), and whether their act is one of
    them all (a joint agreement, jointly, an agreement in the singular: GUIDE.md, one
    relation of all the parties) rather than each one's toward the others named, which
    ties the listed cities to none of each other. None when the sentence does not start
    with such a list, or names no other city after it in the list's own clause.

    >>> from kg.gazetteer import Gazetteer
    >>> s = "Busan and Ulsan signed a joint agreement with Seoul."
    >>> ms = find_mentions(s, 0, len(s), Gazetteer.default(), learned={}, masked=[])
    >>> found, joint = listed_subject(s, 0, len(s), ms)
    >>> [c.name for c in found], joint
    (['Busan', 'Ulsan'], True)
    """
    listed = _subject_list(text, start, end, mentions)
    if listed is None:
        return None
    found, _first, last = listed
    keys = {c.key for c in found}
    after = [
        m
        for m in mentions
        if last.end <= m.start < end
        and m.role == "party"
        and m.kind != "country"
        and m.city is not None
        and m.city.key not in keys
    ]
    if not after:
        return None
    between = text[last.end : after[0].start]
    if re.match(r"[’']?s?\s*[,(–—-]", between) or re.search(r"[;:]", between):
        return None  # an apposition or another clause names the next city
    joint = bool(_JOINT.search(text, start, end) or _ONE_INSTRUMENT.search(between))
    return found, joint


#: A word that heads an organisation's name (Bank of Busan, Busan Port Authority, Pusan
#: National University, the Busan Chamber of Commerce): GUIDE.md, a bank's, university's,
#: company's or port authority's relations are never a city's, whatever city it is named
#: after.
_ORG_HEAD = re.compile(
    r"(?:Bank|University|College|Institute|Academy|School|Authority|Chamber|Corporation|"
    r"Corp|Company|Co|Group|Association|Foundation|Federation|Society|Club|FC|Hospital|"
    r"Museum|Airport|Port|Orchestra|Philharmonic|Agency|Organi[sz]ation|Cent(?:er|re)|"
    r"Police|Embassy|Consulate|Airlines?|Railways?|Newspaper|Broadcasting|Union|"
    r"Cooperative|Industries|Holdings|Inc|Ltd)"
)
#: ... and a word of a city's own government or of its officials in such a name (Busan
#: City Hall, Leeds City Council, Busan Metropolitan Government, the Mayor of Busan): the
#: city acts.
_GOVERNMENT_WORD = re.compile(
    r"(?:City|Town|Village|County|District|Metropolitan|Provincial|Prefectural|Municipal|"
    r"Government|Hall|Council|Office|Assembly|Mayor|Governor|Vice|Deputy|Executive|"
    r"Magistrate|Prefecture|Province)"
)
#: A capitalised name at ``pos``: its words and the connectors inside it (of, for, and,
#: &, de, the), up to the first plain word or punctuation.
_NAME_RUN = re.compile(
    rf"(?:[Tt]he\s+)?[{_UP}][\w’'.-]*(?:\s+(?:(?:of|for|and|&|de|the)\s+)*[{_UP}][\w’'.-]*)*"
)
#: The people of an organisation written before its name (officials of, a delegation
#: from, the president of).
_PEOPLE_OF = re.compile(r"(?:[Tt]he\s+|[Aa]n?\s+)?(?:[\w-]+\s+){0,2}?(?:of|from)\s+", re.I)
#: An opening adverbial before a clause's subject (On Tuesday, Meanwhile, Last week,).
_OPENING = re.compile(r"(?:[\w’'-]+\s+){0,4}?[\w’'-]+,\s+")


def _organisation_at(text: str, pos: int, end: int, mentions: list[EnMention]) -> int | None:
    """Where the name of an organisation (not a city government) that starts at ``pos``
    ends, itself or its people (officials of the Bank of Busan, Pusan National University's
    president); None when what starts there is not one, or names a city as a party
    beside it (Busan and the Bank of Busan) or a city's government (Busan City Hall)."""
    people = _PEOPLE_OF.match(text, pos, end)
    for at in (pos, people.end()) if people else (pos,):
        run = _NAME_RUN.match(text, at, end)
        if run is None:
            continue
        words = re.findall(r"[\w’'.-]+", run.group())
        heads = [w.rstrip(".’'") for w in words]
        if not any(_ORG_HEAD.fullmatch(w) for w in heads):
            continue
        if any(_GOVERNMENT_WORD.fullmatch(w) for w in heads):
            return None
        if any(
            run.start() <= m.start < run.end() and m.role == "party" and m.kind != "country"
            for m in mentions
        ):
            return None
        return run.end()
    return None


_AMONG_CUE = re.compile(r"\b(?:between|among)\b", re.I)


def organisation_acts(text: str, start: int, end: int, mentions: list[EnMention]) -> bool:
    """Whether the clause ``text[start:end]`` is an organisation's act, which GUIDE.md
    counts as no city's: its subject is an organisation named after a city or not (The
    Bank of Busan signed an MOU with Fukuoka; Pusan National University's president
    visited Fukuoka), or its one city acts with one (Busan signed an MOU with Fukuoka
    Bank). A clause that names its parties (exchanges between Busan and Fukuoka) is theirs.

    >>> from kg.gazetteer import Gazetteer
    >>> s = "The Bank of Busan signed an MOU with Fukuoka."
    >>> ms = find_mentions(s, 0, len(s), Gazetteer.default(), learned={}, masked=[])
    >>> organisation_acts(s, 0, len(s), ms)
    True
    """
    if any(
        _among(text, max(start, m.start() - 1), mentions)
        for m in _AMONG_CUE.finditer(text, start, end)
    ):
        return False
    pos = start + len(text[start:end]) - len(text[start:end].lstrip(" \"“‘'"))
    opening = _OPENING.match(text, pos, end)
    for at in (pos, opening.end()) if opening else (pos,):
        if any(m.start < at and m.role == "party" and m.start >= start for m in mentions):
            continue
        named = _organisation_at(text, at, end, mentions)
        if named is not None and not re.match(r"\s+(?:and|&)\s", text[named:end]):
            return True
    cities = {
        m.city.key
        for m in mentions
        if start <= m.start < end and m.city is not None and m.role == "party"
    }
    if len(cities) > 1:
        return False
    return any(
        _organisation_at(text, w.end(), end, mentions) is not None
        for w in re.finditer(r"\bwith\s+", text[:end])
        if w.start() >= start
    )


def split_relatives(
    text: str,
    segments: list[tuple[list[tuple[int, int]], bool]],
    mentions: list[EnMention],
    relatives: list[tuple[int, int]],
) -> list[tuple[list[tuple[int, int]], bool]]:
    """A relative clause set off by commas that names a city of its own is a clause of its
    own (Gwangju, which has been a sister city of Sendai since 2002, hosted a delegation
    from Hue): what it tells is its antecedent's with the cities it names; what the clause
    around it tells is not theirs (no visit of Hue to Sendai). The relative clause, with
    the city right before it, comes first; the clause around it, without it, next."""
    out: list[tuple[list[tuple[int, int]], bool]] = []
    for spans, quoted in segments:
        if quoted or len(spans) != 1:
            out.append((spans, quoted))
            continue
        a, b = spans[0]
        inner = [(ra, rb) for ra, rb in relatives if a < ra and rb <= b]
        cut: tuple[int, int] | None = None
        antecedent: EnMention | None = None
        for ra, rb in inner:
            named = [
                m
                for m in mentions
                if ra <= m.start < rb and m.role == "party" and m.city and m.kind != "country"
            ]
            before = [
                m
                for m in mentions
                if a <= m.start
                and m.end <= ra
                and ra - m.end <= 30
                and m.role == "party"
                and m.city
                and m.kind != "country"
                and not re.search(r"[,;:]", text[m.end : ra])
            ]
            if named and before:
                cut, antecedent = (ra, rb), before[-1]
                break
        if cut is None or antecedent is None:
            out.append((spans, quoted))
            continue
        out.append(([(antecedent.start, antecedent.end), cut], False))
        out.append(([(a, cut[0]), (cut[1], b)], False))
    return out
