"""From a text to relations: cue words, parties, status, dates, officials, evidence.

The rules, in the order they apply to each sentence (and to each quotation in it):

1. Page chrome (lists of related headlines, copyright lines) and datelines are skipped.
2. City mentions come from the gazetteer (Korean: with their particles; English: capitalised
   names, "City, Country"); countries, provinces before a city, venues ("X에서 열린",
   "in X"), organisations named after a city and bare names modifying a noun are not
   parties.
3. Cue words come from the SKOS vocabulary (``ic:cueKo`` / ``ic:cueEn``); a cue inside an
   organisation's name (자매도시협회) is not a cue; a cue that is the topic of a discussion
   ("문화교류에 관해 의견을 나눴다", "교류 방안을 모색") is cooperation; quotations state
   ties (sister city, friendship, cooperation), not events.
4. Parties: the cities named in the sentence; the reporting city ("시는", its mayor) and
   the partner of the story for "양 도시", "the two cities"; a sentence naming one
   partner pairs it with the city the story is about. A list of partners pairs each with
   that city; "세 도시" makes one relation of three.
5. Status from the words after a Korean cue or around an English one (추진, 예정, 중단,
   terminated...); a tie named attributively ("자매도시인 X") is in force.
6. Dates from the sentence, resolved against the publication date; "이날" takes the last
   day named.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kg.extract import english as en
from kg.extract import korean as ko
from kg.extract.dates import DateMention, find_dates, find_published
from kg.extract.lexicon import lexicon
from kg.extract.text import Sentence, dateline_spans, is_korean, quote_spans, sentences
from kg.gazetteer import Gazetteer
from kg.model import City, Evidence, Official, Relation, RelationType, Status

log = logging.getLogger(__name__)

__all__ = ["extract_text"]

_TIE_TYPES = {"sister_city", "friendship", "cooperation"}
_ORG_AFTER_CUE = re.compile(
    r"^\s?(?:협회|연합회|위원회|재단|포럼|연맹|학회|단체|기금|센터|사업단|네트워크|총회|\(이하)"
)
#: 예방 as a courtesy call (禮訪) is the verb of its clause or the call received or made:
#: 시장을 예방했다, 예방하고, 예방을 받았다, 예방 자리에서; the homonym (豫防, prevention)
#: heads a noun (예방용, 예방접종, 예방 교육) or a purpose (예방을 위해).
_COURTESY_CALL = re.compile(r"^(?:하|한|했|해|을\s?받|을\s?마치|\s?자리|\s?차|\s*[.…”\"']|\s*$)")
_TOPIC_AFTER = re.compile(r"^[^.]{0,14}?(?:에\s?관해|에\s?대해|에\s?관한|에\s?대한|방안|가능성)")
_VERB_BETWEEN = re.compile(r"(?:해|하고|하며|했|하여|하는|한|하기|되|된|이|가|을|를|에서)\s")
#: Disasters, and what is done after one: support that follows one is aid.
_DISASTER_NOUNS = (
    r"피해|재난|재해|지진|홍수|수해|수재|호우|폭우|장마|폭설|제설|한파|가뭄|폭염|산불|화재|"
    r"태풍|해일|쓰나미|산사태|침수|이재민|구호|복구|위로|애도|방역"
)
_DISASTER = re.compile(
    _DISASTER_NOUNS + r"|성금|구호물품|기부|의연금|"
    # goods and money given, an epidemic: what one city sends another
    r"감염|코로나|전염병|마스크|의료용품|물품|생필품|식량|모금|후원금|지원금"
)
_KO_PLANNED = re.compile(
    r"추진(?!해\s?오|해왔|해 왔|해오)|모색|계획|예정|목표|하기로|키로|기로\s?(?:했|합의|약속|결정)|겠|검토|희망|기대|"  # noqa: E501
    r"협의\s?중|준비\s?중|할\s?방침|"
    # The relation (or its growth) as what was agreed or promised (교류 확대에 합의했다,
    # 협력을 약속했다): a commitment to come, not a deed; not the agreement document.
    r"(?:에|을|를)\s?(?:합의|약속|다짐)(?!서|문)|"
    # A wish: the desiderative -고 싶다, hoping with 바라다 (맺고 싶다, 맺기를 바란다).
    r"고\s?싶|(?:기를|길)\s?바라|(?:기를|길)\s?바랍|(?:기를|길)\s?바란"
)
_KO_SUSPENDED = re.compile(r"보류|중단|취소|연기|무산|중지|동결|불참")
_KO_ENDED = re.compile(r"파기|해지|해제|종료|단절|폐기|끊|철회")
_KO_RESUMED = re.compile(r"재개")
#: The cue as the subject of a negated existence (교류 실적이 없었다, 교류가 전혀 없는): the
#: exchanges are not happening, a pause, not an active relation.
_KO_NONE = re.compile(
    r"\s?(?:실적|활동|사업|행사|왕래|교류)?[이가은는도]?\s(?:거의\s|전혀\s|한\s번도\s)?(?:없|전무)"
)
#: The cue's verb negated (방문하지 않았다, 교류하지 못했다): not done this time, a pause.
_KO_NOT = re.compile(r"^[가-힣]{0,3}지\s?(?:않|못)")
_PURPOSE = re.compile(r"^[가-힣]{0,3}\s?(?:위해|위한|위하여)")
_ATTRIBUTIVE = re.compile(r"^\s?(?:도시|관계)?\s?(?:인|이자|로서)\s")
_KO_FUTURE = re.compile(r"(?:오는|내년|향후|앞으로|다음\s?달)\s")
_ELLIPSIS = re.compile(r"\s?(?:…|⋯|\.\.\.)\s?")
_REPORTED = re.compile(r"^\s?(?:밝혔|전했|발표했|말했|덧붙였|설명했|알렸)")
_KO_TOPIC_COOP = re.compile(r"교류\S*\s(?:\S+\s){0,3}?방안")
_LOCAL_TIME = re.compile(r"현지\s?(?:시간|시각)")
_KO_SIGNING = re.compile(r"서명|논의|만나|만났|만날|만난|협의|교환|회견")
#: English verbs of officials acting together: signing, discussing, talking.
_EN_TOGETHER = re.compile(
    r"\b(?:signed|discussed|talked|held\s+talks|exchanged\s+(?:views|opinions|ideas))\b", re.I
)


def _officials_cities(offs: list[Any], doc: _Doc, a: int, b: int) -> set[str]:
    """The cities the officials named in ``[a, b)`` act for; an official named without a
    city ("천영기 시장", Mayor Park) heads the one the text gave them before, else the
    story's."""
    cities = set()
    for name, _role, mention, at in offs:
        if not a <= at < b:
            continue
        city = (
            mention.city
            if mention is not None and mention.city is not None
            else _official_city(name, doc)
        )
        if city is not None:
            cities.add(city.key)
    return cities


def _acting_together(
    text: str, a: int, b: int, cities: set[str], verbs: re.Pattern[str]
) -> list[_Cue]:
    """The officials of two cities acting together (서명, 논의, 합의; signed, discussed)
    met: a meeting of those cities at the first such verb."""
    for m in verbs.finditer(text, a, b):
        met = _Cue(m.start(), m.end(), "meeting", "active")
        met.only = frozenset(cities)
        return [met]
    return []


#: A discussion held (논의했다, 협의했다, 머리를 맞댔다): the parties talking met.
_KO_DISCUSSED = re.compile(r"(?:논의|협의|의논)(?:했|하였|를\s?(?:했|가졌))|머리를\s?맞(?:댔|대었)")


def _joint_discussion(text: str, a: int, b: int, mentions: list[Any]) -> list[_Cue]:
    """Two cities as one subject of a discussion held (고양시와 이우시는 … 방안을
    논의했다): they met, as their officials discussing do. The cities are named one after
    the other, the first with 와/과 and the second with the subject's particle."""
    here = [
        m
        for m in mentions
        if a <= m.start < b and m.city is not None and m.kind != "country" and m.role == "party"
    ]
    for first, second in itertools.pairwise(here):
        if first.particles not in ("와", "과") or second.particles not in ("은", "는", "이", "가"):
            continue
        if text[first.end : second.start].strip(" ,·"):
            # only a qualifier may stand between them (고양시와 중국 이우시는)
            between = [x for x in mentions if first.end <= x.start < second.start]
            if not all(x.kind == "country" for x in between):
                continue
        said = _KO_DISCUSSED.search(text, second.end, b)
        if said is None:
            continue
        met = _Cue(said.start(), said.end(), "meeting", "active")
        met.only = frozenset({first.city.key, second.city.key})
        return [met]
    return []


#: A visit word in the relative clause before a state's official (방한 중인 베트남
#: 국가주석, 방문한 X국 대사): the visitor is the state's, not a city's.
_NATIONAL_VISITOR = re.compile(
    r"^\s?(?:중인|중이던|중인\s|한|하는|했던|온)\s(?:[^\s.,]+\s){0,3}?[^\s.,]*?"
    r"(?:대통령|국가주석|주석|총리|수상|국왕|여왕|왕세자|장관|대사|총영사|영사)"
    r"(?:이|가|은|는|을|를|과|와|의|에게)?(?:\s|$)"
)
#: What follows a city as the object of 찾다 (to visit): its hall, then the verb.
_KO_VISITED = re.compile(
    r"(\s?(?:시청|군청|구청|도청|현청|청사)(?:을|를))?\s찾(?:아|았|은|는다|을)"
)
#: A city or its people invited (X시를 초청해, X시 대표단을 초청해, X시 공무원 2명을 초대):
#: the host's exchange with it (GUIDE.md: a host that invited a partner).
_KO_INVITED = re.compile(
    r"(?:\s?(?:대표단|방문단|사절단|교류단|관계자|공무원|청소년|학생|예술단|공연단|선수단|일행)"
    r"(?:들)?(?:\s?\d+\s?명)?)?(?:을|를)?\s(초청|초대)"
)
#: Between a relation word and the 협의 it is the object of: a noun glued or apart
#: (교류확대를, 교류협력 프로젝트), a particle of object or topic, 상호.
_DISCUSSED_GAP = re.compile(
    r"^(?:\s?[가-힣]{1,5}){0,2}?(?:을|를|에\s?(?:대한|관한|대해|관해))?\s?(?:상호\s?)?$"
)


def _discussed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The relation word that the 협의 at ``end`` is of (자매결연 협의, 교류확대를 협의,
    교류에 대한 상호협의), as its span, or None."""
    last = None
    for m in lexicon().ko_pattern.finditer(text, start, end):
        last = m
    if last is None or lexicon().type_of(last.group(), korean=True) == "meeting":
        return None
    if not _DISCUSSED_GAP.match(text[last.end() : end]):
        return None
    return last.start(), last.end()


#: The head of an exchange compound that names a programme or an event (교류사업, 교류
#: 행사, 교류 프로그램): the compound is the exchange, whatever is said of it.
_PROGRAMME_HEAD = re.compile(r"(?:사업|행사|활동|프로그램|대회|축제|공연|전)$")
#: After a city with 의: its own event, then attending it (X시의 축제에 참석할 예정).
_KO_ATTENDED = re.compile(
    r"\s?(?:\S+\s){0,2}?\S*?(?:축제|기념식|행사|개막식|폐막식|박람회|체전|엑스포|페스티벌|"
    r"기념행사|시민의\s?날|축전)(?:에|에도)\s(?:\S+\s){0,6}?(참석|참가)"
)
_KO_CROSS_ATTENDANCE = re.compile(r"(?:교차|상호)\s?(?:참석|참가)")
_EN_MEETING_OK = re.compile(r"^\s*(?:with|between)\b|^\s+\w+\s+with\b", re.I)
_EN_COUNTERPART = re.compile(r"\bcounterpart\b", re.I)


@dataclass
class _Cue:
    start: int
    end: int
    type: str
    status: str
    #: A tie named in passing ("자매도시인 X"): the date of the sentence is not its own.
    attributive: bool = False
    #: A friendship word that names no friendship tie of its own for sister cities: one
    #: that says how the cities get on (우호 관계를 다지다, friendship between), not a tie
    #: concluded (우호도시, 우호 협정을 맺다, friendship agreement), or one joined to the
    #: sister tie as a group of either kind (자매·우호도시).
    manner: bool = False
    #: A visit word read as another type (students visiting: an exchange): where it goes
    #: is still the city visited.
    moved: bool = False
    #: The cities a cue speaks of, where it is read from who acts rather than from a word
    #: (the officials of two cities signing together met): no group beyond them.
    only: frozenset[str] | None = None
    #: The one pair a cue is of, whoever else acts in the sentence (the visit of a
    #: relative clause: X를 방문 중인 Y시장, see :func:`_relative_visit`).
    pair: tuple[City, City] | None = None
    #: A tie under discussion (자매결연 협의, 교류 확대를 협의): sought, not yet in force.
    sought: bool = False
    #: English: an agreement named as one already spoken of (the agreement): the tie the
    #: text states of the pair, no cooperation of its own (see :func:`_restated_ties`).
    restated: bool = False
    #: A tie named by what is done to it (cut ties with X, ended its partnership with X),
    #: its kind unsaid there: the kind the text states of the pair elsewhere, if any.
    unsaid: bool = False


@dataclass
class _Finding:
    parties: tuple[City, ...]
    type: str
    status: str
    date: str | None
    place: City | None
    officials: list[Official]
    sentence: Sentence
    confidence: float
    #: What the sentence shows of the pair, for the scorer (see :mod:`kg.extract.scorer`).
    signals: dict[str, float] = field(default_factory=dict)
    how: str = ""
    #: Read from the grammar of a whole construction (a body and its counted members): the
    #: scorer, which weighs evidence pair by pair, does not overrule it.
    outright: bool = False
    #: From a friendship word of manner (see :attr:`_Cue.manner`).
    manner: bool = False
    #: From a tie named in passing (see :attr:`_Cue.attributive`).
    attributive: bool = False
    #: From an agreement named as one already spoken of (see :attr:`_Cue.restated`).
    restated: bool = False
    #: From a tie whose kind its sentence leaves unsaid (see :attr:`_Cue.unsaid`).
    unsaid: bool = False


@dataclass
class _Doc:
    korean: bool
    published: str | None
    gaz: Gazetteer
    learned: dict[str, City] = field(default_factory=dict)
    officials: dict[str, tuple[City | None, str]] = field(default_factory=dict)
    #: Parts of the names of officials titled without a city (Mayor Jane Rowe): named
    #: again alone, they are the story city's still (English).
    unplaced: dict[str, tuple[City | None, str]] = field(default_factory=dict)
    home: City | None = None
    current: tuple[City, ...] = ()
    #: ``current`` was set by the sentence right before this one (a sentence without a
    #: party of its own continues it: Korean leaves out a subject the last one gave).
    current_fresh: bool = False
    last_day: str | None = None
    foreign_hint: str | None = None
    #: Foreign provinces named with their suffix (이르쿠츠크주), by the name written bare.
    provinces: dict[str, City] = field(default_factory=dict)
    #: Every (pair, cue) a sentence offers, whether or not the rules pair them.
    candidates: list[_Finding] = field(default_factory=list)
    mention_counts: Counter[str] = field(default_factory=Counter)
    government_nouns: Counter[str] = field(default_factory=Counter)
    sentences: int = 0
    #: Sentences whose cue speaks of the story city's partners as a group (자매도시와의 교류).
    collective: list[tuple[Sentence, list[_Cue], list[str | None]]] = field(default_factory=list)
    #: Korean: where a clause says what was decided (-기로, see :func:`korean.decisions`).
    decisions: list[int] = field(default_factory=list)
    #: Korean: the text's tokens, in order.
    tokens: list[Any] = field(default_factory=list)
    #: Korean: where a clause ends inside a sentence (see :func:`korean.clause_breaks`).
    breaks: list[int] = field(default_factory=list)
    #: English: asides (a parenthesis, a relative clause between commas) whose dates are
    #: their own, not those of the events named after them (see :func:`english.asides`).
    asides: list[tuple[int, int]] = field(default_factory=list)
    #: English: relative clauses set off by a comma (see :func:`english.relative_clauses`):
    #: their dates are theirs alone, whichever side of them the other events are told.
    relatives: list[tuple[int, int]] = field(default_factory=list)


def extract_text(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    gazetteer: Gazetteer | None = None,
    tokens: Sequence[Any] | None = None,
    collect: list[Any] | None = None,
) -> list[Relation]:
    """Relations stated in ``text`` (see the module docstring for the rules).

    ``collect``, when given, receives every candidate the scorer weighed (for training it).
    """
    gaz = gazetteer or Gazetteer.default()
    korean = is_korean(text)
    doc = _Doc(korean=korean, published=published or find_published(text), gaz=gaz)
    if korean:
        doc.government_nouns = ko.government_nouns(text)
    else:
        doc.asides = en.asides(text)
        doc.relatives = en.relative_clauses(text)
    sents = [s for s in sentences(text) if not s.chrome]
    masked = dateline_spans(text)
    if korean:
        toks = tokens if tokens is not None else ko.kiwi().tokenize(text)
        index = {t.start: t for t in toks}
        doc.tokens = sorted(toks, key=lambda t: t.start)
        doc.decisions = ko.decisions(doc.tokens)
        doc.breaks = ko.clause_breaks(doc.tokens)
        sents = ko.join_broken_lines(text, sents, doc.tokens)
    else:
        index = {}
    # "12일 밝혔다" dates the announcement, not the event: it neither dates a relation nor "이날".
    all_dates = [
        d
        for d in find_dates(text, published=doc.published)
        if not _REPORTED.match(text[d.end : d.end + 8])
        # "DAEJEON, Nov. 12 (Yonhap) --": a dateline's date is the report's, no event's
        and not any(a <= d.start < b for a, b in masked)
    ]
    analysed = []
    seen_texts: set[str] = set()

    def read(s: Sentence, foreign_hint: str | None) -> tuple[list[Any], list[Any]]:
        if korean:
            mentions: list[Any] = ko.find_mentions(
                text,
                s.start,
                s.end,
                gaz,
                tokens=index,
                learned=doc.learned,
                masked=masked,
                foreign_hint=foreign_hint,
                sequence=doc.tokens,
            )
            offs: list[Any] = ko.officials(text, mentions, index, s.start, s.end)
        else:
            mentions = en.find_mentions(
                text, s.start, s.end, gaz, learned=doc.learned, masked=masked
            )
            offs = en.officials(text, mentions, s.start, s.end, {**doc.unplaced, **doc.officials})
        _resolve(mentions, doc)
        if korean:
            _same_province(mentions, doc)
        for name, role, mention, _at in offs:
            if mention is not None and mention.city is not None:
                doc.officials[name] = (mention.city, role)
                # "Mayor Garcetti" (Eric Garcetti), "Mayor Park" (Park Won Soon); 산즈 시장
                # (호세 루이스 산즈), 이토 시장 (이토 카즈키): a name of several words is
                # named again by one of them.
                for part in (name.split()[0], name.split()[-1]):
                    doc.officials.setdefault(part, (mention.city, role))
            elif not korean and " " in name:
                for part in (name.split()[0], name.split()[-1]):
                    doc.unplaced.setdefault(part, (None, role))
        return mentions, offs

    before_hint = 0  # the sentences read before the text named a foreign country
    first_hint: str | None = None
    for s in sents:
        body = text[s.start : s.end].strip()
        if body in seen_texts:
            continue  # a headline printed twice states its relations once
        seen_texts.add(body)
        mentions, offs = read(s, doc.foreign_hint)
        for m in mentions:
            if m.kind == "country" and m.country and m.country != "KR":
                doc.foreign_hint = m.country
        if doc.foreign_hint is None:
            before_hint += 1
        elif first_hint is None:
            first_hint = doc.foreign_hint
        analysed.append((s, mentions, offs))
    if korean and first_hint is not None:
        # A headline or lead that names a foreign town before the text says its country
        # (고양시, 브레아시와 자매결연 … 미국 브레아시는): read again with the country and
        # the names the text gave later.
        for i in range(before_hint):
            s = analysed[i][0]
            again = read(s, first_hint)
            if sum(m.city is not None for m in again[0]) > sum(
                m.city is not None for m in analysed[i][1]
            ):
                analysed[i] = (s, *again)
    doc.home = (None if korean else en.dateline_city(text, gaz)) or _home(analysed, doc)
    doc.sentences = len(analysed)
    for _s, mentions, _offs in analysed:
        for m in mentions:
            if m.kind != "country" and m.city is not None and m.role == "party":
                doc.mention_counts[m.city.key] += 1
    findings: list[_Finding] = []
    for s, mentions, offs in analysed:
        dates = [d for d in all_dates if s.start <= d.start < s.end]
        found = _sentence(text, s, mentions, offs, doc, dates)
        findings.extend(found)
        doc.current_fresh = any(f.how == "explicit" and f.parties == doc.current for f in found)
    _collective_candidates(findings, doc)
    if korean:
        findings.extend(_bodies(text, analysed, doc))
    findings = _sister_manner(findings, doc)
    findings = _restated_ties(findings, doc)
    findings = _nested(findings, doc)
    findings = _unsaid_ties(findings, doc)
    findings = _suspended_ties(findings, doc)
    findings = _ended_in_its_sentence(findings, doc)
    from kg.extract.scorer import rescore

    return rescore(text, findings, doc, source, collect=collect)


def _suspended_ties(findings: list[_Finding], doc: _Doc) -> list[_Finding]:
    """GUIDE.md: a relation whose exchanges are cancelled, put on hold or paused is
    suspended, the tie not ended. In English text, the sister-city or friendship tie the
    text states of a pair whose exchanges it says are suspended is suspended too; a tie
    only named in passing (exchanges with its sister city X were cancelled) keeps its
    status. Korean text names its ties in passing in more ways (X 등 자매도시들과의 교류를
    중단) than the attributive test knows: its ties keep their status. The tie suspended
    so is dated by the suspension (Nanjing said Feb. 21 it will suspend exchanges), not
    by its start (formed sister city relations in 1978)."""
    if doc.korean:
        return findings
    paused: dict[frozenset[str], str | None] = {}
    for f in findings:
        if f.type == "exchange" and f.status == "suspended":
            pair = frozenset(c.key for c in f.parties)
            paused[pair] = paused.get(pair) or f.date
    if not paused:
        return findings
    return [
        replace(f, status="suspended", date=paused[frozenset(c.key for c in f.parties)])
        if f.type in ("sister_city", "friendship")
        and f.status == "active"
        and not f.attributive
        and frozenset(c.key for c in f.parties) in paused
        else f
        for f in findings
    ]


def _ended_in_its_sentence(findings: list[_Finding], doc: _Doc) -> list[_Finding]:
    """A tie named in the sentence that ends it (자매도시 X시와의 결연을 해지했다; Osaka, its
    sister city since 1957) is the one ended, not a tie in force beside the ending."""
    ended = {
        (f.sentence.start, f.type, frozenset(c.key for c in f.parties))
        for f in findings
        if f.status == "ended"
    }
    return [
        f
        for f in findings
        if not (
            f.status == "active"
            # English names a tie in passing attributively (its sister city since 1957); a
            # clause of its own (after Wuhan signed ...) may hold another tie in force
            and (f.attributive or doc.korean)
            and (f.sentence.start, f.type, frozenset(c.key for c in f.parties)) in ended
        )
    ]


def _nested(findings: list[_Finding], doc: _Doc) -> list[_Finding]:
    """A place and the one it is part of (서울과 강동구에서, a district and its city) are
    where something happens, not two parties to a tie: no pair of them, neither read by
    the rules nor offered to the scorer."""

    def inside(f: _Finding) -> bool:
        keys = {c.key for c in f.parties}
        return any(doc.gaz.info(c.key).parent in keys for c in f.parties)

    doc.candidates = [c for c in doc.candidates if not inside(c)]
    return [f for f in findings if not (len(f.parties) == 2 and inside(f))]


def _sister_manner(findings: list[_Finding], doc: _Doc) -> list[_Finding]:
    """Sister cities' friendship (자매결연 이후 우호 관계를 다져 왔다; the friendship between
    the sister cities) is how that tie is lived, not a friendship tie of its own: a
    friendship word of manner (:func:`_manner`) gives no friendship to a pair the text
    ties as sister cities."""
    return _drop_beside(findings, doc, ("sister_city",), lambda f: f.manner)


def _drop_beside(
    findings: list[_Finding],
    doc: _Doc,
    types: tuple[str, ...],
    drop: Callable[[_Finding], bool],
) -> list[_Finding]:
    """The findings (and the scorer's candidates) that ``drop`` marks, gone for a pair the
    text ties by one of ``types``."""
    tied = {frozenset(c.key for c in f.parties) for f in findings if f.type in types}
    if not tied:
        return findings

    def keep(f: _Finding) -> bool:
        return not (drop(f) and frozenset(c.key for c in f.parties) in tied)

    doc.candidates = [c for c in doc.candidates if keep(c)]
    return [f for f in findings if keep(f)]


def _restated_ties(findings: list[_Finding], doc: _Doc) -> list[_Finding]:
    """English: an agreement named as one already spoken of (the agreement, this pact)
    is the document of the tie the text states of the pair: for a pair the text ties as
    sister or friendship cities it adds no cooperation (a cooperation comes from its own
    words: a memorandum of understanding, a partnership). Korean news names a sister
    tie's agreement (이번 협약, 협약에 따라) as the cooperation it also is: the read gold
    gives both there, so Korean keeps it."""
    return _drop_beside(findings, doc, ("sister_city", "friendship"), lambda f: f.restated)


#: An agreement by its generic noun (no kind of its own: not MOU, letter of intent), after
#: a definite article or a demonstrative, and with no subject of its own after it.
_EN_RESTATED = re.compile(r"(?:agreements?|pacts?|accords?)", re.I)
_EN_DEFINITE = re.compile(r"\b(?:the|this|that|said)\s+$", re.I)
_EN_ITS_SUBJECT = re.compile(r"^\s+(?:on|for|to|of|covering|concerning|about)\b", re.I)


def _restated(text: str, start: int, end: int, seg: tuple[int, int]) -> bool:
    """English "the agreement", "this pact": an agreement the text has spoken of, not
    one of its own kind ("the agreement on port logistics" says what it is about)."""
    return bool(_EN_DEFINITE.search(text[max(seg[0], start - 8) : start])) and not (
        _EN_ITS_SUBJECT.match(text[end : seg[1]])
    )


def _resolve(mentions: list[Any], doc: _Doc) -> None:
    """Pick one city for each ambiguous mention, by the places named around it."""
    context = {c.key for m in mentions for c in m.cities if len(m.cities) == 1}
    context |= {f"cc:{m.country}" for m in mentions if m.country}
    context |= {c.key for c in doc.learned.values()}
    if doc.home is not None:
        context.add(doc.home.key)
    for m in mentions:
        if len(m.cities) <= 1:
            continue
        cands = m.cities
        if doc.korean and not m.reason:
            home = [c for c in cands if c.country == "KR"]
            cands = home or cands
        city, why = doc.gaz.choose(cands, context)
        if len(cands) > 1:
            log.info(
                "%r read as %s (%s; other candidates: %s)",
                m.form,
                city.name,
                why,
                ", ".join(f"{c.name} {c.key}" for c in cands if c is not city),
            )
            m.reason = f"ambiguous: {why}"
        m.cities = [city]


def _same_province(mentions: list[Any], doc: _Doc) -> None:
    """A foreign name the text gave with a province's suffix (이르쿠츠크주) is that province
    when the text writes it bare later (이르쿠츠크 청소년 교류): the text has said which of
    the name's places it means. With a city's suffix or title it is still the city."""
    for m in mentions:
        city = m.city
        if city is None or m.kind == "country" or city.country in (None, "KR"):
            continue
        if m.kind == "province" and (m.suffix or m.form.endswith(("주", "현", "성"))):
            bare = m.form if m.suffix else m.form[:-1]
            if len(bare) >= 2:
                doc.provinces.setdefault(bare, city)
        elif not m.suffix and not m.title and m.form in doc.provinces:
            province = doc.provinces[m.form]
            if province.key != city.key and province.country == city.country:
                m.cities = [province]
                m.kind = "province"


def _home(analysed: list[tuple[Sentence, list[Any], list[Any]]], doc: _Doc) -> City | None:
    """The city the story is about: the most named (a Korean one in Korean text)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    cities: dict[str, City] = {}
    for _s, mentions, offs in analysed:
        for m in mentions:
            if m.kind == "country" or m.city is None or m.role == "qualifier":
                continue
            counts[m.city.key] += 1
            first.setdefault(m.city.key, m.start)
            cities[m.city.key] = m.city
        for name, _role, mention, at in offs:
            if mention is None and name in doc.officials and doc.officials[name][0] is not None:
                city = doc.officials[name][0]
                assert city is not None
                counts[city.key] += 1
                first.setdefault(city.key, at)
                cities[city.key] = city
    if not counts:
        return None
    keys = list(counts)
    if doc.korean and any(cities[k].country == "KR" for k in keys):
        keys = [k for k in keys if cities[k].country == "KR"]
        # A release that calls its author '구는' / '시에 따르면' was written by a 구 / 시.
        nouns = doc.government_nouns.most_common(1)
        if nouns:
            kind = nouns[0][0]
            same = [k for k in keys if (cities[k].name_ko or "").endswith(kind)]
            keys = same or keys
    best = max(keys, key=lambda k: (counts[k], -first[k]))
    return cities[best]


def _segments(text: str, s: Sentence) -> list[tuple[list[tuple[int, int]], bool]]:
    quotes = quote_spans(text, s.start, s.end)
    narration: list[tuple[int, int]] = []
    pos = s.start
    for a, b in quotes:
        if a - 1 > pos:
            narration.append((pos, a - 1))
        pos = b + 1
    if pos < s.end:
        narration.append((pos, s.end))
    # A headline's "…" joins two clauses with their own parties ("A시, B시와 자매결연…C시 방문").
    clauses: list[list[tuple[int, int]]] = [[]]
    for a, b in narration:
        start = a
        for m in _ELLIPSIS.finditer(text, a, b):
            clauses[-1].append((start, m.start()))
            clauses.append([])
            start = m.end()
        clauses[-1].append((start, b))
    return [(c, False) for c in clauses if c] + [([q], True) for q in quotes]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _sentence(
    text: str,
    s: Sentence,
    mentions: list[Any],
    offs: list[Any],
    doc: _Doc,
    dates: list[DateMention],
) -> list[_Finding]:
    out: list[_Finding] = []
    segments = _segments(text, s)
    if not doc.korean:
        segments = en.split_relatives(text, segments, mentions, doc.relatives)
    narration_spans = [sp for spans, quoted in segments if not quoted for sp in spans]
    carried: tuple[list[City], list[City]] = ([], [])
    speaker: City | None = None
    for name, _role, mention, at in offs:
        if _inside(at, narration_spans):
            speaker = (
                mention.city if mention is not None and mention.city else _official_city(name, doc)
            )
            break
    if speaker is None:
        subj = [
            m
            for m in mentions
            if _inside(m.start, narration_spans)
            and m.city is not None
            and m.role == "party"
            and m.kind != "country"
        ]
        if subj and getattr(subj[0], "particles", "") in ("은", "는", "이", "가"):
            speaker = subj[0].city
    # A quotation spoken by two cities together (A시와 B시는 "…"고 밝혔다; A시장은 B시장과
    # 회견을 갖고 "…"고 밝혔다) is theirs: its parties are the reporting clause's.
    speakers = _unique(
        [speaker, *(ko.joint_speakers(text, mentions, narration_spans) if doc.korean else [])]
    )
    for spans, quoted in segments:
        seg_mentions = [m for m in mentions if _inside(m.start, spans)]
        if (
            not doc.korean
            and not quoted
            and en.organisation_acts(text, spans[0][0], spans[-1][1], seg_mentions)
        ):
            continue  # The Bank of Busan signed an MOU with Fukuoka: no city's act
        joint = quoted and len(speakers) >= 2
        cues = _cues(text, spans, quoted, seg_mentions, offs, doc, joint=joint)
        explicit = _unique(
            m.city
            for m in seg_mentions
            if m.role == "party" and m.kind != "country" and m.city is not None
        )
        venue = next(
            (m.city for m in seg_mentions if m.role == "venue" and m.city is not None), None
        )
        implicit: list[City] = []
        seg_text_start = spans[0][0] if spans else s.start
        if not quoted:
            is_home = (
                ko.implicit_home(text, seg_text_start, s.end)
                if doc.korean
                else en.implicit_home(text, seg_text_start, s.end)
            )
            if is_home and doc.home is not None:
                implicit.append(doc.home)
            for name, _role, mention, at in offs:
                if mention is None and _inside(at, spans):
                    city = _official_city(name, doc)
                    if city is not None:
                        implicit.append(city)
        elif joint:
            implicit.extend(speakers)
        elif speaker is not None:
            implicit.append(speaker)
        anaphor = [
            a
            for sp in spans
            for a in (
                ko.anaphors(text, sp[0], sp[1]) if doc.korean else en.anaphors(text, sp[0], sp[1])
            )
        ]
        parties = _unique([*explicit, *implicit])
        if (
            doc.korean
            and not quoted
            and not parties
            and not anaphor
            and not carried[1]
            and doc.current_fresh
            and len(doc.current) == 2
            and not any(m.kind == "country" for m in seg_mentions)
        ):
            # "경북도는 이르쿠츠크주와 …을 이어왔다. … 구호물품 지원 등으로 돈독한 관계도
            # 유지하고 있다.": a sentence with no party of its own, right after one that
            # named a pair, continues that pair (the subject left out).
            anaphor = [(seg_text_start, seg_text_start, 2)]
        if not quoted:
            # A clause without a party of its own continues the previous clause's.
            if not parties and not anaphor and carried[1]:
                explicit, parties = list(carried[0]), list(carried[1])
            elif parties:
                carried = (explicit, parties)
        if venue is not None and venue in parties and venue not in explicit:
            venue = None
        if venue is not None and venue in explicit and len(explicit) == 1 and not implicit:
            venue = None
        if (
            venue is not None
            and len(explicit) == 1
            and venue not in explicit
            and any(c.type == "visit" or c.moved for c in cues)
            and (
                not any(c.type == "meeting" for c in cues)
                # "양구군수는 라이프치히 시청에서 … 시장을 만나": the hall's city is the one
                # visited (its own cue), where its people met the visitor
                or any(
                    c.type == "visit" and (c.start, c.end) == (m.start, m.end)
                    for c in cues
                    for m in seg_mentions
                    if m.role == "venue" and m.city == venue
                )
            )
        ):
            # "Students from Nagoya visited their counterparts in Los Angeles": where a
            # visit goes is the city visited, not a mere venue.
            explicit = [*explicit, venue]
            parties = _unique([*parties, venue])
            venue = None
        if len(explicit) >= 2:
            doc.current = tuple(explicit)
        if (
            cues
            and doc.korean
            and not quoted
            and _of_the_group(
                " ".join(text[a:b] for a, b in spans),
                named=any(doc.home is None or c.key != doc.home.key for c in explicit),
            )
        ):
            doc.collective.append((s, cues, [_dated(c, dates, doc, text, s) for c in cues]))
        if cues:
            _candidates(
                text, s, seg_mentions, explicit, implicit, anaphor, quoted, cues, dates, venue, doc
            )
        if not cues:
            if len(parties) >= 2 and not quoted:
                doc.current = tuple(parties)
            continue
        acting, split = _joint_subject(text, seg_mentions, doc.breaks) if doc.korean else ([], None)
        groups, how = _groups(
            parties,
            explicit,
            anaphor,
            quoted,
            doc,
            spans,
            text,
            speaker,
            tie=any(c.type in _TIE_TYPES for c in cues),
            couples=_couples(text, seg_mentions),
            listed=doc.korean and _listed(text, seg_mentions),
            together=(
                _together(text, seg_mentions) if doc.korean else _together_en(text, seg_mentions)
            ),
            slotted=doc.korean and _slotted(text, seg_mentions),
            host=venue,
            owner=None if doc.korean else _tie_owner(text, cues, seg_mentions),
            objects=_objects(text, seg_mentions),
            attending=(
                ()
                if doc.korean or quoted
                else en.attendees(text, spans[0][0], spans[-1][1], seg_mentions)
            ),
            met=any(c.type == "meeting" for c in cues),
            distributed=(
                None
                if doc.korean or quoted
                else en.distributed(text, spans[0][0], spans[-1][1], seg_mentions)
            ),
            subject_list=(
                None
                if doc.korean or quoted
                else en.listed_subject(text, spans[0][0], spans[-1][1], seg_mentions)
            ),
            crossed=acting,
            chains=_topic_chains(text, seg_mentions) if doc.korean else [],
            topics=_unique(
                m.city
                for m in seg_mentions
                if m.role == "party"
                and m.city is not None
                and getattr(m, "particles", "") in ("은", "는")
            ),
        )
        if not groups and (
            doc.korean
            or not any(en.tie_ends(text, c.start, c.end, c.type, seg_mentions) for c in cues)
        ):
            continue
        if how == "story" and doc.korean and _TALLY.search(" ".join(text[a:b] for a, b in spans)):
            # A tally of the story city's partners (자매도시 9곳, 우호도시 3곳과 교류; 자매도시
            # 또는 우호도시는 5개국 7개 도시로) names the kinds of tie it counts, not the tie
            # of the pair at hand; what it says of this one (이번 협약으로) still holds.
            cues = [c for c in cues if c.type not in ("sister_city", "friendship")]
        for group in groups:
            if len(group) >= 2 and not quoted:
                doc.current = group
        base = {"explicit": 0.9, "home": 0.75, "anaphor": 0.75, "story": 0.6}[how]
        if quoted:
            base -= 0.1
        if not doc.korean:
            base -= 0.05
        day = None
        heads = _heads(text, cues) if doc.korean else []
        for cue in cues:
            date = _dated(cue, dates, doc, text, s)
            day = day or date
            # "Shingu's sister city Natori", "Yokohama, a sister city of Incheon": the noun
            # phrase names both ends of the tie, whoever else the sentence names.
            ends = (
                None
                if doc.korean
                else en.tie_ends(text, cue.start, cue.end, cue.type, seg_mentions)
            )
            governed = (
                _governed(cue, cues, groups, seg_mentions, doc.breaks)
                if doc.korean and not ends and len(groups) >= 2 and cue.type in _TIE_TYPES
                else None
            )
            for group in [ends] if ends else [cue.pair] if cue.pair else groups:
                if governed is not None and group not in governed:
                    continue
                if (
                    split is not None
                    and groups == acting
                    and (cue.start < split) != (group == acting[0])
                ):
                    continue  # A와 B는 (맺고) | C를 방문: each clause's cues, its own group
                if cue.only is not None and not all(c.key in cue.only for c in group):
                    continue
                if heads and cue.type in ("sister_city", "friendship"):
                    ruled = _ruled_by(group, seg_mentions, heads)
                    if ruled is not None and ruled != cue.type:
                        continue
                if doc.korean and _beyond_list(text, cue, group, seg_mentions):
                    continue
                conf = base - (
                    0.1
                    if any(
                        m.reason.startswith("ambiguous") for m in seg_mentions if m.city in group
                    )
                    else 0.0
                )
                officials = _officials_for(group, offs, doc, s)
                out.append(
                    _Finding(
                        group,
                        cue.type,
                        cue.status,
                        date,
                        venue if venue is not None and venue not in group else None,
                        officials,
                        s,
                        max(0.3, min(conf, 1.0)),
                        how="explicit" if ends else how,
                        manner=cue.manner,
                        outright=ends is not None,
                        attributive=cue.attributive,
                        unsaid=cue.unsaid,
                        restated=cue.restated,
                    )
                )
    for d in dates:
        if d.value and len(d.value) == 10 and not d.same_day:
            doc.last_day = d.value
    return out


def _governed(
    cue: _Cue,
    cues: list[_Cue],
    groups: list[tuple[City, ...]],
    mentions: list[Any],
    breaks: list[int],
) -> list[tuple[City, ...]]:
    """The groups a Korean tie cue speaks of, when a sentence pairs its subject with
    several partners: those whose partner is named in the cue's own clause (A시와
    자매결연을 맺었고, B시와는 우호도시 협약을 체결했다: the sister tie is A's, the
    friendship B's) or in the clauses without a cue right before it (A시를 비롯해 B, C와
    자매결연을 맺은: a clause that states nothing hands its cities on); all of them where
    those clauses name none. A tie is concluded with the partner its clause names; an
    event (a visit, a meeting) is left to every group, as a delegation's day spans
    clauses."""
    common = set.intersection(*({c.key for c in g} for g in groups))

    def clause(offset: int) -> int:
        return bisect.bisect_right(breaks, offset)

    named: dict[int, set[str]] = {}
    for m in mentions:
        if m.city is not None and m.city.key not in common:
            named.setdefault(clause(m.start), set()).add(m.city.key)
    stating = {clause(c.start) for c in cues}
    at = clause(cue.start)
    keys = set(named.get(at, ()))
    before = at - 1
    while before >= 0 and before not in stating:
        keys |= named.get(before, set())
        before -= 1
    if not keys:
        return groups
    return [g for g in groups if any(c.key in keys for c in g)]


def _candidates(
    text: str,
    s: Sentence,
    seg_mentions: list[Any],
    explicit: list[City],
    implicit: list[City],
    anaphor: list[tuple[int, int, int]],
    quoted: bool,
    cues: list[_Cue],
    dates: list[DateMention],
    venue: City | None,
    doc: _Doc,
) -> None:
    """Every pair of cities a segment with a cue offers, with what the segment shows of it."""
    # Wider than the rules: the story's city, venues and modifiers too; the scorer weighs them.
    others = [
        m.city
        for m in seg_mentions
        if m.city is not None and m.kind != "country" and m.role in ("venue", "modifier")
    ]
    pool = _unique([*explicit, *implicit, *others])
    if anaphor and doc.current:
        pool = _unique([*pool, *doc.current])
    home_added = False
    if doc.home is not None and all(c.key != doc.home.key for c in pool):
        pool = _unique([doc.home, *pool])
        home_added = True
    if len(pool) < 2:
        return
    where: dict[str, list[Any]] = {}
    for m in seg_mentions:
        if m.city is not None and m.kind != "country":
            where.setdefault(m.city.key, []).append(m)
    if anaphor and doc.current:
        # "두 도시는 정기 간담회를 열어": the anaphor stands, where it is written, for the
        # cities it takes up (their distance to the cue is its own).
        a_start, a_end, _n = anaphor[0]
        particle = re.search(r"(?:와|과|은|는|이|가|의|도|에|을|를)$", text[a_start:a_end])
        stand_in = _StandIn(a_start, a_end, particle.group() if particle else "")
        for c in doc.current:
            where.setdefault(c.key, [stand_in])
    explicit_keys = {c.key for c in explicit}
    n_pool = len(pool)
    for i, a in enumerate(pool):
        for b in pool[i + 1 :]:
            ma, mb = where.get(a.key, []), where.get(b.key, [])
            both = a.key in explicit_keys and b.key in explicit_keys
            if ma and mb:
                dist = min(abs(x.start - y.start) for x in ma for y in mb)
                first = min([*ma, *mb], key=lambda m: m.start)
                linked = float(
                    getattr(first, "particles", "") in ("와", "과", "와의", "과의", "와도", "과도")
                    or bool(re.match(r"\s*(?:and|with|,)\s", text[first.end : first.end + 6]))
                )
            else:
                dist, linked = 200, 0.0
            roles = [m.role for m in [*ma, *mb]]
            for cue in cues:
                if cue.only is not None and not {a.key, b.key} <= cue.only:
                    continue
                between = float(
                    bool(ma and mb)
                    and min(m.start for m in [*ma, *mb])
                    < cue.start
                    < max(m.start for m in [*ma, *mb])
                )
                near = min((abs(cue.start - m.start) for m in [*ma, *mb]), default=200)
                signals = {
                    "explicit_both": float(both),
                    "anaphor": float(bool(anaphor)),
                    "quoted": float(quoted),
                    "log_dist": min(dist, 400) / 100,
                    "linked": linked,
                    "cue_between": between,
                    "cue_near": min(near, 200) / 100,
                    "pool": min(n_pool, 12) / 4,
                    "venue_role": float("venue" in roles or "modifier" in roles),
                    "attributive": float(cue.attributive),
                    "home_added": float(home_added and doc.home in (a, b)),
                    "implicit": float(a in implicit or b in implicit),
                    "collective": 0.0,
                }
                doc.candidates.append(
                    _Finding(
                        (a, b),
                        cue.type,
                        cue.status,
                        _dated(cue, dates, doc, text, s),
                        venue if venue is not None and venue not in (a, b) else None,
                        [],
                        s,
                        0.0,
                        signals=signals,
                        manner=cue.manner,
                        unsaid=cue.unsaid,
                        restated=cue.restated,
                    )
                )


@dataclass
class _StandIn:
    """Where an anaphor (양 도시는) stands for the cities it takes up."""

    start: int
    end: int
    particles: str = ""
    role: str = "party"


_COLLECTIVE = re.compile(
    r"(?:자매|우호|친선|결연)\s?(?:도시|결연지|결연\s?도시|결연\s?지자체|협력\s?도시|교류\s?도시)"
    r"(?:들|\s?간|\s?등)?(?:과|와|의|에|에게|을|를|이|가|은|는|\s)"
)


#: What makes a partner word a group: 등, a count (6개), a plural, "all", "each".
_GROUP = re.compile(r"등\s|\d+\s?개|모든|여러|각\s")


def _of_the_group(segment: str, *, named: bool) -> bool:
    """Whether a sentence speaks of the story city's partners as a group (자매도시와의
    교류). One that names its partner speaks of that one (일본 X시와 우호도시 결연 20주년
    행사) unless its partner word is a group's (X시 등 6개 자매도시에, 자매도시들과)."""
    for m in _COLLECTIVE.finditer(segment):
        if (
            not named
            or "들" in m.group()
            or _GROUP.search(segment[max(0, m.start() - 15) : m.start()])
        ):
            return True
    return False


def _collective_candidates(findings: list[_Finding], doc: _Doc) -> None:
    """A cue said of the story city's partners as a group ("구는 자매도시와의 교류 활성화를
    위해 장터를 연다") applies to each city the text gives as its partner in a tie."""
    if doc.home is None or not doc.collective:
        return
    home = doc.home
    partners = _unique(
        c
        for f in findings
        if f.type in _TIE_TYPES and len(f.parties) == 2 and home in f.parties
        for c in f.parties
        if c.key != home.key
    )
    for s, cues, dates in doc.collective:
        for cue, date in zip(cues, dates, strict=True):
            if cue.type in ("sister_city", "friendship"):
                continue  # the group's own name (자매도시) is not news about each tie
            for p in partners:
                signals = dict.fromkeys(_SIGNALS, 0.0) | {
                    "collective": 1.0,
                    "log_dist": 2.0,
                    "cue_near": 1.0,
                    "pool": 0.5,
                }
                doc.candidates.append(
                    _Finding((home, p), cue.type, cue.status, date, None, [], s, 0.0, signals)
                )


#: A standing body of local governments: "8개 시·도·현으로 구성된 회의체", "5개 시군이
#:참여하는 협의회". The count and the body noun may come before or after the members.
_BODY = re.compile(
    r"(?:협의회|협의체|회의체|협력체|연합체|연합회|연맹|동맹|네트워크|협력기구|공동체)"
)
#: A conference's name (한일해협연안 지사회의, 시장회의, 정상회의): a word ending in 회의.
_CONFERENCE = re.compile(r"[가-힣](?<!의)회의(?!체|실|장)")  # not 협의회의, 시의회의
_MEMBERSHIP = re.compile(r"(?:구성|참여|참가|회원|가입|소속|이뤄진|이루어진|결성)")


def _bodies(
    text: str, analysed: list[tuple[Sentence, list[Any], list[Any]]], doc: _Doc
) -> list[_Finding]:
    """A joint body and its members: one sentence counts N local governments forming a body,
    it or the next one names exactly N cities as its members; the N act together (one
    cooperation relation of all of them), as a list of attendees at one event does not."""
    out: list[_Finding] = []
    for i, (s, _mentions, _offs) in enumerate(analysed):
        body = text[s.start : s.end]
        if not (_BODY.search(body) and _MEMBERSHIP.search(body)):
            continue
        for n in _counts(body):
            if n < 3:
                continue
            for j in (i, i + 1):
                if j >= len(analysed):
                    break
                s2, mentions2, _ = analysed[j]
                if j != i and not _MEMBERSHIP.search(text[s2.start : s2.end]):
                    continue
                members = _unique(
                    m.city
                    for m in mentions2
                    if m.role == "party" and m.kind != "country" and m.city is not None
                )
                if len(members) != n:
                    continue
                # A body that is a conference (지사회의, 시장회의; not a 회의체 alone) is
                # its members meeting, as well as their standing cooperation.
                kinds = ["cooperation", "meeting"] if _CONFERENCE.search(body) else ["cooperation"]
                for kind in kinds:
                    out.append(
                        _Finding(
                            tuple(members),
                            kind,
                            "active",
                            None,
                            None,
                            [],
                            s2,
                            0.9,
                            how="explicit",
                            outright=True,
                        )
                    )
                break
    return out


_SIGNALS = (
    "explicit_both",
    "anaphor",
    "quoted",
    "log_dist",
    "linked",
    "cue_between",
    "cue_near",
    "pool",
    "venue_role",
    "attributive",
    "home_added",
    "implicit",
    "collective",
)


def _unique(cities: Any) -> list[City]:
    seen: dict[str, City] = {}
    for c in cities:
        if c is not None and c.key not in seen:
            seen[c.key] = c
    return list(seen.values())


def _official_city(name: str, doc: _Doc) -> City | None:
    if name in doc.officials:
        return doc.officials[name][0]
    last = name.split()[-1] if not doc.korean else name
    if last in doc.officials:
        return doc.officials[last][0]
    return doc.home


def _groups(
    parties: list[City],
    explicit: list[City],
    anaphor: list[tuple[int, int, int]],
    quoted: bool,
    doc: _Doc,
    spans: list[tuple[int, int]],
    text: str,
    subject: City | None = None,
    *,
    tie: bool = False,
    topics: Sequence[City] = (),
    couples: Sequence[tuple[City, City]] = (),
    objects: bool = False,
    listed: bool = False,
    together: bool = False,
    slotted: bool = False,
    host: City | None = None,
    owner: City | None = None,
    attending: Sequence[City] = (),
    met: bool = False,
    distributed: tuple[list[City], bool] | None = None,
    subject_list: tuple[list[City], bool] | None = None,
    crossed: Sequence[tuple[City, ...]] = (),
    chains: Sequence[tuple[City, ...]] = (),
) -> tuple[list[tuple[City, ...]], str]:
    # "세 도시는 공동으로", "4개 시·군이 함께": a counted anaphor names exactly that many
    # parties; a count that is not the number of cities at hand (7 counted, 8 named) does
    # not make them one joint party.
    counted = {n for _, _, n in anaphor if n >= 3}
    if anaphor and len(parties) < 2 and doc.current:
        merged = _unique([*parties, *doc.current])
        joint = len(merged) in counted or len(merged) == 2
        return ([tuple(merged)] if joint else _anchor(merged, doc)), "anaphor"
    if len(parties) >= 3 and len(parties) in counted:
        return [tuple(parties)], "explicit"
    seg = " ".join(text[a:b] for a, b in spans)
    if distributed is not None:
        # "A, B and C each signed an agreement with D": each listed city acts on its own
        # toward the others of the sentence, not with the rest of the list; "A and B signed
        # with D and E, respectively" pairs them in order.
        each, respectively = distributed
        keys = {c.key for c in each}
        others = [c for c in parties if c.key not in keys]
        if respectively and len(others) == len(each):
            return list(zip(each, others, strict=True)), "explicit"
        return [(o, c) for c in each for o in others], "explicit"
    if owner is not None and owner in parties and len(parties) >= 3:
        # "Osaka and Kobe are Busan's sister cities", "... are sister cities of Busan": the
        # tie's owner is each one's partner; the others are not each other's.
        return [(owner, c) for c in parties if c.key != owner.key], "explicit"
    if slotted and len(parties) >= 2 and len(explicit) == len(parties):
        # "축제에 자매도시인 A시와 B구 관계자들이 참석했다": each is the partner of the
        # sentence's subject, else the story's city, else the host of the event.
        owner = next(
            (c for c in (subject, doc.home, host) if c is not None and c not in parties), None
        )
        if owner is None:
            return [], "story"
        return [(owner, c) for c in parties], "home"
    if (
        together
        and len(parties) >= 3
        and len(explicit) == len(parties)
        and not _EACH.search(seg)
        and not _ATTEND.search(seg)
        and not attending
        and not re.search(r"\b(?:each|respectively|separately)\b", seg)
    ):
        # "울산시와 부산시, 경남도는 공동 협약을 체결했다": one act of them all, not the
        # first city's with each of the others (attending together is still no tie).
        return [tuple(parties)], "explicit"
    if chains and len(explicit) == len(parties):
        # "A시는 X시와 자매결연을 맺었고, B시는 Y시와 …", "A시 대표단은 X를, B시 대표단은
        # Y를 방문했다": each topic with the cities of its own clause, not with the first's.
        return list(chains), "explicit"
    if crossed and len(explicit) == len(parties):
        # "공주시와 유성구는 세종시를 방문했다": each of the joint subject's cities with the
        # city they act on, not with each other.
        return list(crossed), "explicit"
    if doc.korean and len(parties) >= 3 and len(parties) in _counts(seg):
        # "공주시가 성남시, 충주시, 강릉시 등 4개 도시 공무원 친선대회": the count takes in
        # every city named, so the event is theirs together.
        return [tuple(parties)], "explicit"
    if len(attending) >= 2 and not tie and not (len(attending) == 2 and met):
        # "A, B and C attended the festival", "delegations from A and B took part": the
        # attendees of one event are no pair of each other (GUIDE.md); a city of the
        # sentence that is not among them (its host, who welcomed them) is paired with each.
        # Two that attend a meeting (the signing ceremony, talks) met.
        keys = {c.key for c in attending}
        hosts = [c for c in parties if c.key not in keys]
        return [(h, c) for h in hosts for c in attending if c in parties], "explicit"
    if subject_list is not None and all(c in parties for c in subject_list[0]):
        # "A, B and C signed a joint agreement with D": one act of them all (GUIDE.md);
        # "A and B visited D": each listed city's toward D, not the list's first city's
        # with the others.
        subjects, joint = subject_list
        keys = {c.key for c in subjects}
        others = [c for c in parties if c.key not in keys]
        if others and tie and joint:
            return [tuple(_unique([*subjects, *others]))], "explicit"
        if others:
            return [(c, o) for c in subjects for o in others], "explicit"
    owner = subject if subject is not None and subject in parties else None
    if owner is None and doc.home is not None and doc.home not in parties:
        owner = doc.home
    others = [c for c in parties if owner is not None and c.key != owner.key]
    if len(others) >= 2 and owner is not None and _COLLECTIVE.search(seg):
        # "독일 A, 중국 B 등 5개 자매우호도시에서 온 공연단", "통영시는 A시, B시 등
        # 자매도시들과의 교류 중단": a list named as someone's partners pairs each with its
        # owner (the sentence's subject, else the story's city), not with each other.
        return [(owner, c) for c in others], "explicit" if owner in parties else "home"
    if (
        len(explicit) >= 2
        and doc.home is not None
        and (len(explicit) >= 3 or doc.home not in parties)
        and (doc.home in explicit or doc.home not in parties)
        and subject != doc.home
        and not tie
        and _ATTEND.search(seg)
    ):
        # "이 회의에는 A와 B, C 등이 참가한다" with the story's city among them, or two
        # others at the story city's event ("축제에는 A와 B의 공연팀도 참가한다"): they
        # attend together, which ties none of them to another (unless a tie is said).
        return [], "story"
    if objects and doc.home is not None and doc.home not in parties and subject is None:
        # "대표단은 A와 B를 방문한다": the objects of one verb, whose subject is the story's
        # city (or its delegation), are its partners, not each other's.
        return [(doc.home, c) for c in explicit], "home"
    if doc.korean and len(couples) >= 2 and _EACH.search(seg):
        # "A와 B, C와 D가 각각 자매결연을 맺었다": two pairs, not four cities together.
        return list(couples), "explicit"
    if (
        doc.korean
        and doc.home is not None
        and doc.home not in parties
        and len(explicit) >= 2
        and (len(topics) >= 2 or _EACH.search(seg))
    ):
        # "A군은 쌀을, B구는 성금을 보내왔다", "A시와 B군이 각각 성금을 보내왔다": parallel
        # subjects, each acting toward the story's city, not toward each other.
        return [(doc.home, c) for c in explicit], "home"
    if listed and len(parties) == len(explicit):
        # "부천시청, 포항시청 등의 관계자와 면담": items of one list closed by 등 stand side
        # by side, each toward whoever acts on them, not toward each other.
        return [], "story"
    if len(parties) >= 2:
        how = "explicit" if len(explicit) >= 2 else "home"
        return _anchor(parties, doc), how
    if quoted and not explicit:
        return [], "story"
    if len(parties) == 1:
        only = parties[0]
        if doc.home is not None and only.key != doc.home.key:
            if subject is not None and only.key == subject.key and only in explicit:
                # "경산시는 자매도시인 ○○와의 교류를 취소했다": a city of its own as the
                # sentence's subject acts with a partner the text does not name; the story's
                # city is not that partner.
                return [], "story"
            return [(doc.home, only)], "home"
        if (
            doc.home is not None
            and only.key == doc.home.key
            and doc.current
            and not quoted
            and doc.home in doc.current
            and not _blocked(text, spans)
        ):
            partners = [c for c in doc.current if c.key != doc.home.key]
            if len(partners) == 1:
                return [(doc.home, partners[0])], "story"
    return [], "story"


_COUNT = re.compile(
    r"(\d{1,2})\s?개\s?(?:의\s)?(?:도시|시|군|구|시·군|시군|시·도|시도|지자체|자치단체)"
)


#: A tally of the story city's partners (자매도시 9곳, 5개국 7개 도시로): the sentence counts
#: them all and names none, so it says nothing of the pair at hand.
_TALLY = re.compile(
    r"\d{1,3}\s?(?:곳|개국|개\s?(?:도시|시|군|구|시·군|시군|지자체|자치단체|지역|국가))"
)


#: After a cue that heads the list following it: a topic particle, 인, or a colon.
_HEAD_AFTER = re.compile(r"(?:\s?(?:도시|지자체|자치단체))?(?:은|는|인|으로는|로는)\s|\s?[:：]\s?")


def _heads(text: str, cues: list[_Cue]) -> list[tuple[int, str]]:
    """The tie cues that head a list of their own (자매도시는 A, B, 우호도시는 C, D): (end,
    type) of each, when the segment has such heads of both kinds of tie; else none."""
    heads = [
        (c.end, c.type)
        for c in cues
        if c.type in ("sister_city", "friendship") and _HEAD_AFTER.match(text, c.end)
    ]
    return heads if len({t for _, t in heads}) >= 2 else []


def _ruled_by(
    group: tuple[City, ...], mentions: list[Any], heads: list[tuple[int, str]]
) -> str | None:
    """The tie that the last list head before a group's partner names, if it has one partner
    named after a head (자매도시는 A, 우호도시는 C: A's is the sister tie, C's friendship)."""
    ruled = set()
    for m in mentions:
        if m.city is None or m.city not in group:
            continue
        before = [t for end, t in heads if end <= m.start]
        if before:
            ruled.add(before[-1])
    return ruled.pop() if len(ruled) == 1 else None


def _beyond_list(text: str, cue: _Cue, group: tuple[City, ...], mentions: list[Any]) -> bool:
    """A tie cue heading a list (자매결연 도시인 A, B, C가 참여하며 이 밖에도 D가) names the
    tie of that list's cities only: true for a group named after the list ends (D), none
    of it inside. The list ends at its first city with a particle other than 와/과 and no
    list mark after it."""
    if cue.type not in _TIE_TYPES or not _HEAD_AFTER.match(text, cue.end):
        return False
    after = sorted(
        (m for m in mentions if m.start >= cue.end and m.city is not None and m.role == "party"),
        key=lambda m: m.start,
    )
    end = None
    for m in after:
        particles = getattr(m, "particles", "")
        listed = particles in ("와", "과") or (
            not particles and re.match(r"\s?[,·ㆍ]", text[m.end : m.end + 2]) is not None
        )
        if not listed:
            end = m.end
            break
    if end is None:
        return False
    inside = any(m.city in group and cue.end <= m.start < end for m in after)
    beyond = any(m.city in group and m.start >= end for m in after)
    return beyond and not inside


def _objects(text: str, mentions: list[Any]) -> bool:
    """Every city of the segment is in one coordinated object ('A와 B를', 'A, B를'): no
    city is the subject."""
    party = [m for m in mentions if m.role == "party" and m.city is not None]
    if len(party) < 2 or getattr(party[-1], "particles", "") not in ("을", "를"):
        return False
    return all(
        getattr(a, "particles", "") in ("와", "과")
        or (not getattr(a, "particles", "") and text[a.end : b.start].strip() in (",", "·"))
        for a, b in zip(party, party[1:], strict=False)
    )


#: The rest of a list after an item: more items after commas, then 등 (", 포항시 교육청 등의").
_LIST_TAIL = re.compile(
    r"(?:\s?[,·ㆍ]\s?[가-힣]+(?:\s[가-힣]+)?){0,3}\s?등(?:[의과와이가을를도]|\s)"
)


def _listed(text: str, mentions: list[Any]) -> bool:
    """Every party of the segment is an item of one list joined by commas (or ·) and closed
    by 등: "A시, B시 등의", "A시청, B시청 등과" (no 와/과 joins them, the comitative that
    makes them each other's partners)."""
    party = [m for m in mentions if m.role == "party" and m.city is not None]
    if len(party) < 2 or not _LIST_TAIL.match(text, party[-1].end):
        return False
    return all(
        not getattr(a, "particles", "") and text[a.end : b.start].strip() in (",", "·", "ㆍ")
        for a, b in zip(party, party[1:], strict=False)
    )


def _between(text: str, a: int, b: int, masked: Sequence[tuple[int, int]]) -> str:
    """What lies between ``a`` and ``b``, the ``masked`` spans (qualifiers: 일본, 경남)
    blanked, stripped."""
    out = list(text[a:b])
    for qa, qb in masked:
        for i in range(max(qa, a), min(qb, b)):
            out[i - a] = " "
    return "".join(out).strip()


def _qualifiers(mentions: list[Any]) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in mentions if m.role == "qualifier"]


def _one_korean_list(text: str, party: list[Any], masked: list[tuple[int, int]]) -> bool:
    """Each city joined to the next by 와/과, a comma, a middle dot or 및 (qualifiers
    between them aside): 'A시와 B시, C도', 'A·B·C시'."""
    for m, nxt in zip(party, party[1:], strict=False):
        gap = _between(text, m.end, nxt.start, masked)
        joined = getattr(m, "particles", "") in ("와", "과") and not gap
        if not joined and gap not in (",", "·", "、", "및"):
            return False
    return True


def _couples(text: str, mentions: list[Any]) -> list[tuple[City, City]]:
    """'A와 B, C와 D가': the pairs a list of couples names, or none when it is no such list."""
    party = [m for m in mentions if m.role == "party" and m.city is not None]
    if len(party) < 4 or len(party) % 2:
        return []
    masked = _qualifiers(mentions)
    out = []
    for a, b in zip(party[::2], party[1::2], strict=True):
        if getattr(a, "particles", "") not in ("와", "과") or _between(
            text, a.end, b.start, masked
        ):
            return []
        out.append((a.city, b.city))
    return out


def _topic_chains(text: str, mentions: list[Any]) -> list[tuple[City, ...]]:
    """'A시는 X시와 …, B시는 Y시와 …': two or more topics (은/는, or a city's people with
    it: A시 대표단은), each followed by the cities it acts with before the next topic; the
    pairs of each topic with its own cities, or none when the sentence is not so built (a
    city before the first topic, a topic with none of its own)."""
    party = [
        m for m in mentions if m.role == "party" and m.city is not None and m.kind != "country"
    ]
    chains: list[tuple[City, list[City]]] = []
    for m in party:
        particles = getattr(m, "particles", "")
        topic = particles in ("은", "는") or (
            not particles and _PEOPLE_TOPIC.match(text, m.end) is not None
        )
        if topic:
            chains.append((m.city, []))
        elif not chains:
            return []
        else:
            chains[-1][1].append(m.city)
    if len(chains) < 2 or any(not own for _, own in chains):
        return []
    if len({t.key for t, _ in chains}) < len(chains):
        return []
    return [(t, c) for t, own in chains for c in _unique(own) if c.key != t.key]


#: A city's people as the topic: A시 대표단은, A시 관계자들은.
_PEOPLE_TOPIC = re.compile(r"\s?(?:대표단|방문단|사절단|관계자|공무원|일행|대표)(?:들)?(?:은|는)\s")


def _together(text: str, mentions: list[Any]) -> bool:
    """'A시와 B시, C도는', 'A·B·C시가': three or more cities that are all one coordinated
    subject, joined by 와/과, commas or middle dots, the last with the subject's particle.
    What they do, they do together: one act of all of them, not the first city's with each
    of the others."""
    party = [m for m in mentions if m.role == "party" and m.city is not None]
    if len(party) < 3:
        return False
    masked = _qualifiers(mentions)
    if _one_korean_list(text, party, masked):
        return getattr(party[-1], "particles", "") in ("은", "는", "이", "가")
    # "부산시와 울산시는 창원시와 함께 축제를 열었다", "A시는 B시, C시와 함께": the subject
    # and the cities it acts with (와/과 함께, 공동으로) are one party of three or more.
    k = next(
        (i for i, m in enumerate(party) if getattr(m, "particles", "") in ("은", "는", "이", "가")),
        None,
    )
    if k is None or k == len(party) - 1:
        return False
    subject, rest = party[: k + 1], party[k + 1 :]
    return (
        _one_korean_list(text, subject, masked)
        and _one_korean_list(text, rest, masked)
        and getattr(rest[-1], "particles", "") in ("와", "과")
        and _WITH.match(text, rest[-1].end) is not None
    )


#: After a comitative: acting with it (함께, 공동으로; 같이 is as often "like" it).
_WITH = re.compile(r"\s?(?:함께|공동으로)\s")


#: The particles of a city that a verb's subject acts on: its object (을/를), its dative
#: or goal (에, 에게, 로), its comitative (와/과), or the owner of what is acted on (의).
_ACTED_ON = (
    "을",
    "를",
    "에",
    "에게",
    "에는",
    "으로",
    "로",
    "와",
    "과",
    "와의",
    "과의",
    "와는",
    "과는",
    "의",
)

#: The subjects say they act with each other (서로, 상호) or as one body with the others.
_MUTUAL = re.compile(r"서로|상호|공동|[3삼세]자|함께")


def _joint_subject(
    text: str, mentions: list[Any], breaks: Sequence[int]
) -> tuple[list[tuple[City, ...]], int | None]:
    """'공주시와 유성구는 세종시를 방문했다': cities joined by 와/과 (or commas) as the
    subject (은/는/이/가) of a verb whose object, dative or comitative is another city are
    each that city's party, not each other's: the pairs of each subject with each city
    acted on, or none when the sentence is no such clause (a clause ends between the
    subject and the city acted on, or the text says they act with each other).

    Where a clause ends between the subject and the city acted on (A와 B는 자매결연을
    맺고 C를 방문했다), the first clause is the subject's own (A with B) and the rest is
    toward C: the subject's group first, then the pairs, and the offset where the clause
    of C begins (None when the whole is one clause)."""
    party = [
        m for m in mentions if m.role == "party" and m.city is not None and m.kind != "country"
    ]
    masked = _qualifiers(mentions)
    k = next(
        (i for i, m in enumerate(party) if getattr(m, "particles", "") in ("은", "는", "이", "가")),
        None,
    )
    if k is None or k == len(party) - 1:
        return [], None
    subject, rest = party[: k + 1], party[k + 1 :]
    if not _one_korean_list(text, subject, masked):
        return [], None
    mutual_from = subject[0].start
    j = next((i for i, m in enumerate(rest) if _WITH.match(text, m.end)), None)
    if (
        j is not None
        and j < len(rest) - 1
        and getattr(rest[j], "particles", "") in ("와", "과")
        and _one_korean_list(text, rest[: j + 1], masked)
    ):
        # "A시는 B시와 함께 C시를 방문했다": the cities the subject acts with act with it
        # toward C; the 함께 that joins them is no act of the subject with C.
        with_end = _WITH.match(text, rest[j].end)
        mutual_from = with_end.end() if with_end is not None else mutual_from
        subject, rest = [*subject, *rest[: j + 1]], rest[j + 1 :]
    elif k == 0:
        return [], None  # one city as the subject: no joint subject
    split = max((b for b in breaks if subject[-1].end <= b <= rest[0].start), default=None)
    if _MUTUAL.search(text, mutual_from, rest[-1].end + 40):
        return [], None
    for m, nxt in zip(rest, [*rest[1:], None], strict=True):
        particles = getattr(m, "particles", "")
        if particles in _ACTED_ON or ko.people_of(text, m):
            continue
        if not particles and nxt is not None and text[m.end : nxt.start].strip() in (",", "·"):
            continue
        return [], None
    keys = {m.city.key for m in subject}
    if any(m.city.key in keys for m in rest):
        return [], None
    pairs: list[tuple[City, ...]] = [
        (a.city, b) for a in subject for b in _unique(m.city for m in rest)
    ]
    if split is None:
        return pairs, None
    return [tuple(_unique(m.city for m in subject)), *pairs], split


def _together_en(text: str, mentions: list[Any]) -> bool:
    """'Busan, Ulsan and Changwon signed ...': three or more cities that are all one list
    (commas, "and"; a country after a city aside), which act together."""
    party = [
        m for m in mentions if m.role == "party" and m.city is not None and m.kind != "country"
    ]
    if len(party) < 3:
        return False
    aside = [(m.start, m.end) for m in mentions if m.role != "party" or m.kind == "country"]

    def gap(a: int, b: int) -> str:
        return re.sub(r"[\s,]+", " ", _between(text, a, b, aside)).strip()

    return all(
        gap(m.end, n.start) in ("", "and", "&") for m, n in zip(party, party[1:], strict=False)
    )


#: Between an owner's possessive and its tie noun: a number or an adjective or two.
_OWNER_GAP = re.compile(r"[’']s\s+(?:[\w-]+\s+){0,2}$")


def _tie_owner(text: str, cues: list[_Cue], mentions: list[Any]) -> City | None:
    """The city whose ties a sister or friendship cue names: the possessive before it
    (Busan's sister cities, Busan's ten twin towns) or "of X" after it (sister cities of
    Busan)."""
    party = [m for m in mentions if m.role == "party" and m.city is not None]
    for cue in cues:
        if cue.type not in ("sister_city", "friendship"):
            continue
        for m in party:
            if m.end <= cue.start and _OWNER_GAP.match(text, m.end, cue.start):
                return m.city  # type: ignore[no-any-return]
            if m.start >= cue.end and re.fullmatch(r"\s+of\s+", text[cue.end : m.start]):
                return m.city  # type: ignore[no-any-return]
    return None


def _slotted(text: str, mentions: list[Any]) -> bool:
    """'자매도시인 충남 공주시와 대전 유성구': a list of cities in a partner's slot, each
    named as someone's partner (the story's city's, the host's), not as each other's."""
    party = [m for m in mentions if m.role == "party" and m.city is not None]
    if len(party) < 2:
        return False
    masked = _qualifiers(mentions)
    first = party[0]
    slot = None
    for m in ko.PARTNER_SLOT.finditer(text, max(0, first.start - 24), first.start):
        slot = m
    if slot is None or _between(text, slot.end(), first.start, masked):
        return False
    return _one_korean_list(text, party, masked)


#: Each on its own: "A와 B가 각각".
_EACH = re.compile(r"각각|각자|저마다")

#: Taking part in an event together (the verbs of attendance).
_ATTEND = re.compile(r"(?:참가|참석|참여|모였|모인|모여|함께했|출전)")


def _counts(seg: str) -> set[int]:
    """The numbers of a segment's counted groups of cities: '4개 도시', '3개 시·군'; not
    a count with the comitative ('7개 도시와 자매결연'), which sums up someone's partners."""
    return {
        int(m.group(1))
        for m in _COUNT.finditer(seg)
        if not re.match(r"\s?(?:들)?(?:와|과)", seg[m.end() : m.end() + 3])
    }


def _blocked(text: str, spans: list[tuple[int, int]]) -> bool:
    """An organisation as the counterpart (…협회와 화상회의): not the story's partner city."""
    seg = " ".join(text[a:b] for a, b in spans)
    return bool(
        re.search(r"(?:협회|연합회|위원회|재단|단체|기업|대학|학교|기관)\S{0,8}\s?(?:와|과)\s", seg)
        or re.search(r"\)(?:와|과)\s", seg)
    )


def _anchor(parties: list[City], doc: _Doc) -> list[tuple[City, ...]]:
    if len(parties) == 2:
        return [tuple(parties)]
    if doc.home is None or doc.home not in parties:
        # A list of three or more cities without the story's own (이 회의에는 A, B, C 등이
        # 참가한다): they attend together, which ties none of them to another.
        return []
    return [(doc.home, c) for c in parties if c.key != doc.home.key]


def _cues(
    text: str,
    spans: list[tuple[int, int]],
    quoted: bool,
    mentions: list[Any],
    offs: list[Any],
    doc: _Doc,
    *,
    joint: bool = False,
) -> list[_Cue]:
    """The cue words of a segment. A quotation states ties, not events, unless it names
    the event's parties (English) or two cities speak it together (``joint``: what they
    report of their own doings, as a joint statement does)."""
    lex = lexicon()
    out: list[_Cue] = []
    for a, b in spans:
        pattern = lex.ko_pattern if doc.korean else lex.en_pattern
        found = list(pattern.finditer(text, a, b))
        if doc.korean:
            found += [m for m in lex.en_pattern.finditer(text, a, b) if m.group().isupper()]
        for m in found:
            word = m.group()
            try:
                rtype = lex.type_of(word, korean=doc.korean and not word.isascii())
            except KeyError:
                rtype = lex.type_of(word, korean=not doc.korean)
            after = text[m.end() : b]
            moved = False
            also: _Cue | None = None
            if doc.korean:
                if _ORG_AFTER_CUE.match(after):
                    continue
                if rtype == "meeting" and ko.met_others(text, a, m.start(), mentions, doc.tokens):
                    continue  # 한국 기업인들과 간담회: people of no city met
                if word == "예방" and not _COURTESY_CALL.match(after):
                    continue  # 예방 (豫防) of an epidemic: 예방용 마스크, 감염병 예방을 위해
                if rtype == "visit" and _NATIONAL_VISITOR.match(after):
                    continue  # 방한 중인 X국 대통령: a state's visit, no city's
                if (
                    rtype == "aid"
                    and word == "지원"
                    and not _DISASTER.search(text[a:b])
                    and not _given_to_city(text, m.start(), m.end(), mentions)
                ):
                    continue
                if word == "주년" and not re.search(
                    r"\d\s?$", text[max(a, m.start() - 3) : m.start()]
                ):
                    continue
                topic = _TOPIC_AFTER.match(after)
                if (
                    rtype not in ("sister_city", "friendship")
                    and topic
                    and not _VERB_BETWEEN.search(after[: topic.end()])
                    # "만나 교류 방안을 논의": a verb (만나다) is no topic of the 방안
                    and not ko.verb_at(doc.tokens, m.start())
                ):
                    if rtype == "exchange" and _PROGRAMME_HEAD.search(re.sub(r"\s", "", word)):
                        # "교류사업에 대한 합의": the compound's head names a programme,
                        # held (an exchange) and agreed on (a cooperation).
                        also = _Cue(m.start(), m.end(), "cooperation", "active")
                    else:
                        rtype = "cooperation"
            else:
                if (
                    rtype == "meeting"
                    and word.lower() != "met with"
                    and word.lower() != "signing ceremony"
                    and not _EN_MEETING_OK.match(after)
                    and len([x for x in mentions if x.role == "party"]) < 2
                ):
                    continue
                if re.match(r"^\s?(?:program|programme)\b", after, re.I) and rtype == "sister_city":
                    continue  # "the Sister City program" is the programme, not a tie
                if out and en.tie_document(text, out[-1].end, out[-1].type, m.start(), rtype):
                    continue  # "a sister city agreement": the tie's document, no other tie
                moved = rtype == "visit"
                rtype = en.retype(text, (a, b), m.start(), m.end(), rtype, [c.type for c in out])
                if not rtype:
                    continue
            if (
                quoted
                and rtype not in _TIE_TYPES
                # "… to promote exchanges among Incheon, Yokohama and Tianjin": a quotation
                # that names the parties of an event states it (as a wish: planned)
                and not joint
                and (doc.korean or not en.names_parties(text, m.end(), mentions))
            ):
                continue
            cue = _Cue(m.start(), m.end(), rtype, "active")
            cue.moved = moved
            if also is not None:
                out.append(also)
            if doc.korean and rtype == "meeting" and word.endswith("협의"):
                discussed = _discussed(text, max(a, m.start() - 24), m.start())
                if discussed is not None:
                    # 협의 of a relation: the cities talked (a meeting) of a tie they seek.
                    same = [c for c in out if c.start == discussed[0] and c.type == "cooperation"]
                    for c in same:
                        c.sought = True
                    if not same:
                        sought = _Cue(discussed[0], discussed[1], "cooperation", "active")
                        sought.sought = True
                        out.append(sought)
            if rtype == "cooperation" and not doc.korean and _EN_RESTATED.fullmatch(word):
                cue.restated = _restated(text, m.start(), m.end(), (a, b))
            if rtype == "friendship":
                cue.manner = _manner(word, after, korean=doc.korean) or bool(
                    _EITHER_KIND.search(text[max(a, m.start() - 12) : m.start()])
                )
            out.append(cue)
        if doc.korean:
            for f_start, f_end in ko.friendlies(doc.tokens, a, b):
                if not any(c.start < f_end and f_start < c.end for c in out):
                    out.append(_Cue(f_start, f_end, "exchange", "active"))
        if doc.korean and not quoted:
            for mention in mentions:
                # "나폴리 시청을 찾아", "뮌헨을 찾았다": a city (or its hall) as the object of
                # 찾다 is the city visited.
                if (
                    a <= mention.start < b
                    and mention.kind != "country"
                    and mention.city is not None
                    and (mention.particles in ("을", "를") or not mention.particles)
                ):
                    hit = _KO_VISITED.match(text, mention.end, b)
                    if hit is not None and (mention.particles or hit.group(1)):
                        out.append(_Cue(hit.start(), hit.end(), "visit", "active"))
            for mention in mentions:
                # "X시 공무원 2명을 초청해 연수를 실시했다": a city or its people invited by
                # the host are its exchange.
                if (
                    a <= mention.start < b
                    and mention.kind != "country"
                    and mention.city is not None
                    and mention.particles in ("을", "를", "")
                ):
                    invited = _KO_INVITED.match(text, mention.end, b)
                    if invited is not None and (mention.particles or invited.group(0)[0] == " "):
                        out.append(_Cue(invited.start(1), invited.end(1), "exchange", "active"))
            for mention in mentions:
                # "자매도시인 X시의 축제에 참석", "X의 기념식에 참가": to attend a city's own
                # event is to go there (the other party the sentence's subject); so is one
                # held in a partner named as such (자매도시인 X에서 열린 행사에 참석).
                if (
                    a <= mention.start < b
                    and mention.kind != "country"
                    and mention.city is not None
                    and (
                        mention.particles == "의"
                        or (mention.role == "party" and ko.held_in(text, mention))
                    )
                ):
                    hit = _KO_ATTENDED.match(text, mention.end, b)
                    if hit is not None:
                        out.append(_Cue(hit.start(1), hit.end(1), "visit", "active"))
            for m in _KO_CROSS_ATTENDANCE.finditer(text, a, b):
                # "교차 참석": each side went to the other's event.
                out.append(_Cue(m.start(), m.end(), "visit", "active"))
        if doc.korean and not quoted:
            local = _LOCAL_TIME.search(text, a, b)
            if local is not None and any(
                m.city is not None and m.city.country not in (None, "KR") and m.kind != "country"
                for m in mentions
            ):
                # "22일(현지시간) 세비야 시청에서": dated in the local time abroad, the event
                # took the Korean side to its foreign partner: a visit.
                out.append(_Cue(local.start(), local.end(), "visit", "active"))
            for hall in mentions:
                if (
                    a <= hall.start < b
                    and hall.city is not None
                    and getattr(hall, "body", "") in ("청", "청사")
                    and getattr(hall, "particles", "").startswith("에서")
                    and any(
                        m.city is not None
                        and m.city.country not in (None, hall.city.country)
                        and m.role == "party"
                        and m.kind != "country"
                        for m in mentions
                    )
                ):
                    # "서울시청에서 울란바타르 시장을 접견": at one party's hall, a party from
                    # abroad came to it: a visit.
                    out.append(_Cue(hall.start, hall.end, "visit", "active"))
                    break
        if doc.korean:
            for m in _KO_TOPIC_COOP.finditer(text, a, b):
                # one cooperation of a word: the 협의 of it may have read it already
                if not any(c.type == "cooperation" and c.start == m.start() for c in out):
                    out.append(_Cue(m.start(), m.end(), "cooperation", "active"))
            cities = _officials_cities(offs, doc, a, b)
            if len(cities) >= 2 and not quoted:
                out.extend(_acting_together(text, a, b, cities, _KO_SIGNING))
            elif not quoted:
                out.extend(_joint_discussion(text, a, b, mentions))
        elif not quoted:
            for m in _EN_COUNTERPART.finditer(text, a, b):
                out.append(_Cue(m.start(), m.end(), "meeting", "active"))
            cities = _officials_cities(offs, doc, a, b)
            if len(cities) >= 2 and not any(c.type == "meeting" for c in out):
                out.extend(_acting_together(text, a, b, cities, _EN_TOGETHER))
            for c_start, c_end, c_type in en.cues(text, a, b):
                out.append(_Cue(c_start, c_end, c_type, "active"))
            out.extend(_cut_ties(text, a, b, out))
    if doc.korean and not quoted:
        _venue_of_others(out, mentions, doc)
        _relative_visit(text, out, mentions, doc)
        for a, b in spans:
            for g_start, g_end in ko.gifts(doc.tokens, a, b):
                # "쌀 10톤을 보내왔다": goods counted and given are aid, named or not.
                if not any(
                    c.type == "aid" and c.start <= g_end and g_start - 20 <= c.end for c in out
                ):
                    out.append(_Cue(g_start, g_end, "aid", "active"))
            for e_start, e_end, e_type in ko.envoys(doc.tokens, a, b):
                # "공무원 2명을 파견했다": people sent go for something, named or not;
                # after a disaster, to help (공무원 25명을 보내 복구를 돕고 있다): aid.
                if e_type != "aid" and _DISASTER.search(text, a, b):
                    e_type = "aid"
                if not any(
                    c.type == e_type and c.start <= e_end and e_start - 24 <= c.end for c in out
                ):
                    out.append(_Cue(e_start, e_end, e_type, "active"))
            for v_start, v_end in ko.visitors(doc.tokens, a, b):
                # "학생 20명이 X시를 방문했다": students visiting are an exchange besides.
                if not any(
                    c.type == "exchange" and c.start <= v_end and v_start - 24 <= c.end for c in out
                ):
                    out.append(_Cue(v_start, v_end, "exchange", "active"))
    out.sort(key=lambda c: c.start)
    out = _instruments(text, out)
    never: list[_Cue] = []
    for i, cue in enumerate(out):
        nxt = out[i + 1].start if i + 1 < len(out) else None
        if cue.type in ("meeting", "visit") and _never(text, cue, doc.korean):
            never.append(cue)
            continue
        if doc.korean:
            cue.status = _status_ko(text, cue, nxt, spans, doc)
            if cue.status == "planned" and _names_its_partner(text, cue, mentions):
                # "자매도시 로어노크시와의 교류를 위해 … 파견한다": the tie is the slot of the
                # partner named after it, in force; what is to come is the exchange.
                cue.status, cue.attributive = "active", True
            if cue.sought and cue.status == "active":
                cue.status = "planned"
        else:
            cue.status, cue.attributive = en.status(
                text, cue.start, cue.end, cue.type, _span_end(cue, spans)
            )
        if cue.status == "ended" and cue.type not in _TIE_TYPES:
            # Only a tie ends (GUIDE.md): a visit whose programme ended (일정을 종료하고
            # 귀국했다) took place; exchanges cut off (교류가 끊긴 상태다) are paused.
            cue.status = "active" if cue.type in ("meeting", "visit") else "suspended"
        if cue.type in _TIE_TYPES and not cue.attributive:
            # "자매결연을 맺지 않았다", "are not sister cities": the text denies the tie
            span = _span_end(cue, spans)
            negation = (
                ko.negated_tie(text, cue.start, cue.end, span[1])
                if doc.korean
                else en.negated_tie(text, cue.start, span)
            )
            if negation == "none":
                never.append(cue)
                continue
            if negation is not None:
                cue.status = negation
    if doc.korean:
        _share_predicate(text, out)
    return [c for c in out if c not in never]


#: Between two cues joined under one predicate: a conjunction, a few nouns (청소년 교류와
#: 관광 분야 협력을 확대하기로 했다).
_CUE_AND = re.compile(r"\s?(?:와|과|및|,|·|그리고)\s?(?:[가-힣]+\s){0,3}")


def _share_predicate(text: str, cues: list[_Cue]) -> None:
    """A cue joined to the next by a conjunction shares its predicate, and so its status:
    교류와 협력을 확대하기로 했다 plans both; 교류와 협력을 중단했다 suspends both."""
    for cue, nxt in reversed(list(zip(cues, cues[1:], strict=False))):
        if (
            cue.status == "active"
            and nxt.status != "active"
            and not cue.attributive
            and _CUE_AND.fullmatch(text, cue.end, nxt.start)
        ):
            cue.status = nxt.status


#: An event that never happened: 만난 적이 없다, 방문한 적은 한 번도 없는; have never met,
#: never visited. Only what the text states is a relation (GUIDE.md), and a meeting that
#: never was has nothing to suspend (한 번도 만나지 못했다 is a pause: suspended).
_KO_NEVER = re.compile(r"\S{0,3}\s?적(?:이|은|도)?\s(?:한\s?번도\s|아직\s)?없")
_EN_NEVER = re.compile(r"\bnever\s+(?:(?:once|yet|officially|formally)\s+)?$", re.I)


def _never(text: str, cue: _Cue, korean: bool) -> bool:
    if korean:
        return bool(_KO_NEVER.match(text, cue.end))
    return bool(_EN_NEVER.search(text[max(0, cue.start - 30) : cue.start]))


#: A visit word's relative clause ending before the visitor: 방문 중인, 방문한, 방문하고 있는.
_VISITING = re.compile(r"\s?(?:중인|중이던|한|했던|하는|하고\s있는|하고\s있던)\s")


def _relative_visit(text: str, cues: list[_Cue], mentions: list[Any], doc: _Doc) -> None:
    """ "김천시장은 구마모토시를 방문 중인 구미시장과 만났다": the visit of a relative clause
    is its head's (구미) to its object (구마모토), and what the main clause says is not the
    object's: the visit is of those two, the later cues exclude the object."""
    cities = [m for m in mentions if m.city is not None and m.kind != "country"]
    for cue in cues:
        if cue.type != "visit":
            continue
        obj = next(
            (
                m
                for m in cities
                if m.end <= cue.start
                and getattr(m, "particles", "") in ("을", "를")
                and not text[m.end : cue.start].strip()
            ),
            None,
        )
        rel = _VISITING.match(text, cue.end)
        if obj is None or rel is None:
            continue
        head = next((m for m in cities if m.start == rel.end()), None)
        if head is None or head.city.key == obj.city.key:
            continue
        cue.only = frozenset({obj.city.key, head.city.key})
        cue.pair = (obj.city, head.city)
        others = {m.city.key for m in cities if m.role == "party"} | (
            {doc.home.key} if doc.home is not None else set()
        )
        subject = {
            m.city.key for m in cities if getattr(m, "particles", "") in ("은", "는", "이", "가")
        }
        if obj.city.key in subject or (doc.home is not None and obj.city.key == doc.home.key):
            continue  # 김천시장은 김천시를 방문 중인 X시 대표단을 접견: the host is met
        for later in cues:
            if later.start > head.start and later is not cue:
                keep = others if later.only is None else later.only
                later.only = frozenset(keep - {obj.city.key})


def _venue_of_others(cues: list[_Cue], mentions: list[Any], doc: _Doc) -> None:
    """In "A시는 자매도시인 X에서 C시와 협약을 체결했다" X, named as a partner, is a party of
    its tie, and the venue of what the cues after it say of two other cities."""
    for m in mentions:
        if not getattr(m, "named_venue", False) or m.city is None:
            continue
        others = {
            o.city.key
            for o in mentions
            if o.role == "party"
            and o.kind != "country"
            and o.city is not None
            and o.city.key != m.city.key
        }
        if len(others) < 2:
            continue
        if doc.home is not None and doc.home.key != m.city.key:
            others.add(doc.home.key)
        for cue in cues:
            if cue.start > m.end:
                cue.only = frozenset(others if cue.only is None else cue.only - {m.city.key})


#: A tie's partner named by the tie (ties with its Russian sister city).
_PARTNER_NAMED = re.compile(
    r"\s+(?:with|between)\s+(?:(?:its|their|his|her|our|the|[\w’'-]+[’']s)\s+)?"
    r"(?:[\w’'-]+\s+){0,2}"
)


def _cut_ties(text: str, a: int, b: int, cues: list[_Cue]) -> list[_Cue]:
    """A tie that is cut or suspended is a tie (Leeds cut ties with Kazan; the relationship
    was suspended): its noun, where no cue of the phrase says its kind (cut its sister city
    ties), is a cue of a tie of unsaid kind, a cooperation unless the text says otherwise of
    the pair (:func:`_unsaid_ties`); a partnership so acted on may be the sister tie the
    text stated before. The new cues are returned, the partnership marked in place."""
    out: list[_Cue] = []
    for phrase, start, end in en.cut_ties(text, a, b):
        if any(
            c.type in _TIE_TYPES
            and (
                phrase <= c.start < start
                and c.end <= start
                or c.start >= end
                and _PARTNER_NAMED.fullmatch(text, end, c.start) is not None
            )
            for c in cues
        ):
            # the phrase says the tie's kind: cut its sister city ties, suspended ties with
            # its Russian sister city
            continue
        same = [c for c in cues if c.start <= start < c.end or start <= c.start < end]
        if same:
            for c in same:
                if c.type == "cooperation":
                    c.unsaid = True
            continue
        cue = _Cue(start, end, "cooperation", "active")
        cue.unsaid = True
        out.append(cue)
    return out


def _unsaid_ties(findings: list[_Finding], doc: _Doc) -> list[_Finding]:
    """A tie named only by what is done to it (:attr:`_Cue.unsaid`) is of the kinds the
    text states of that pair elsewhere (Bremen and Riga became sister cities ... Bremen
    cut ties with Riga: the sister tie ended), else of its noun's own kind. For the rules'
    findings and the scorer's candidates alike."""
    stated: dict[frozenset[str], set[str]] = {}
    for f in findings:
        if f.type in _TIE_TYPES and not f.unsaid:
            stated.setdefault(frozenset(c.key for c in f.parties), set()).add(f.type)
    if not stated:
        return findings
    for pair, kinds in stated.items():
        # sister cities that also cooperate cut their sister tie
        stated[pair] = (kinds & {"sister_city", "friendship"}) or kinds
    # A text whose ties are all of one kind, sister or friendship (a story of sister
    # cities), speaks of that kind where it leaves a pair's tie unsaid.
    kinds_of_text = set().union(*stated.values())
    story: set[str] | None = (
        kinds_of_text
        if len(kinds_of_text) == 1 and kinds_of_text <= {"sister_city", "friendship"}
        else None
    )

    def retyped(fs: list[_Finding]) -> list[_Finding]:
        out: list[_Finding] = []
        for f in fs:
            kinds = stated.get(frozenset(c.key for c in f.parties), story) if f.unsaid else None
            if kinds:
                out.extend(replace(f, type=t, unsaid=False) for t in sorted(kinds))
            else:
                out.append(f)
        return out

    doc.candidates = retyped(doc.candidates)
    return retyped(findings)


#: What makes a friendship word a tie: it names a kind of city or an agreement, or is the
#: object of concluding one (맺다, 체결), or the tie a later one was raised from (우호 교류에서
#: 자매결연으로 격상).
_KO_TIE_HEAD = re.compile(r"(?:도시|결연|협약|협정)$")
_KO_TIE_AFTER = re.compile(
    r"^\s?(?:관계\s?)?(?:(?:협정|협약|결연|도시|조약|의향서|MOU)|(?:을|를)?\s?(?:맺|체결))"
    r"|^\s?(?:관계\s?)?(?:에서|을|를)\s?[^.]{0,16}?(?:자매|결연)[^.]{0,12}?(?:으로|로)\s?"
    r"(?:격상|승격|전환|발전)"
)
_EN_TIE_HEAD = re.compile(r"(?:city|cities|agreement)$", re.I)
_EN_TIE_AFTER = re.compile(
    r"^\s+(?:(?:city|cities|agreement|pact|accord|treaty|protocol|charter|memorandum)\b)", re.I
)


#: A sister tie joined to the friendship word after it: a group of either kind
#: (자매·우호도시, 자매 및 우호도시, sister and friendship cities).
_EITHER_KIND = re.compile(
    r"(?:자매(?:\s?도시|\s?결연)?\s?(?:·|ㆍ|/|,|및|또는|와|과|나)\s?|"
    r"\bsister(?:\s+cit(?:y|ies))?\s*(?:and|or|/|,)\s*)$",
    re.I,
)


def _manner(word: str, after: str, *, korean: bool) -> bool:
    """A friendship word that says how two cities get on (우호 관계를 다지다, 우호협력을
    약속했다, friendship between), not a tie (see :data:`_KO_TIE_HEAD`)."""
    if korean:
        return not (_KO_TIE_HEAD.search(re.sub(r"\s+", "", word)) or _KO_TIE_AFTER.match(after))
    return not (_EN_TIE_HEAD.search(word) or _EN_TIE_AFTER.match(after))


#: The document of an agreement: the noun a tie's name modifies (자매결연 협정서, 우호교류
#: 협약, sister city agreement) or one said to be of the same kind (a similar agreement).
_AGREEMENT = re.compile(
    r"^(?:협약|협정|양해각서|의향서|MOU|MOC|agreement|memorandum|pact|accord)", re.I
)
_SAME_KIND = re.compile(r"\b(?:similar|same|such an?|identical)\s+$", re.I)


def _instruments(text: str, cues: list[_Cue]) -> list[_Cue]:
    """An agreement that is a sister or friendship tie's own document (자매결연 협정을
    체결, the sister city agreement; a similar agreement, after one) states that tie, not a
    cooperation of its own. An exchange word that names what an agreement is about
    (문화교류 협약, 협력교류 의향서) states that agreement, no exchange held."""
    out: list[_Cue] = []
    last_tie: _Cue | None = None
    for i, cue in enumerate(cues):
        nxt = cues[i + 1] if i + 1 < len(cues) else None
        if (
            cue.type == "exchange"
            and nxt is not None
            and nxt.type == "cooperation"
            and _AGREEMENT.match(text[nxt.start : nxt.end])
            and not text[cue.end : nxt.start].strip()
        ):
            continue
        if cue.type in ("sister_city", "friendship"):
            last_tie = cue
        elif (
            cue.type == "cooperation"
            and last_tie is not None
            and _AGREEMENT.match(text[cue.start : cue.end])
            and (
                not text[last_tie.end : cue.start].strip()
                or _SAME_KIND.search(text[max(last_tie.end, cue.start - 16) : cue.start])
            )
        ):
            continue
        out.append(cue)
    return out


#: 지원 as the verb of its clause: 지원했다, 지원한다, 지원하기로, 지원해 (not the noun of
#: 행정 지원 방안, 지원센터).
_KO_GAVE = re.compile(
    r"\s?(?:했|한다|하기로|하고|하며|해\s|해왔|해 왔|하였|키로|할\s?계획|에\s?나섰)"
)


def _given_to_city(text: str, start: int, end: int, mentions: list[Any]) -> bool:
    """ "동해시에 제설차량과 인력을 지원했다": 지원 as the verb of its clause, with a city
    in the dative (에, 에게) before it as the one that receives, is aid whatever is given."""
    if not _KO_GAVE.match(text, end):
        return False
    return any(
        m.end <= start
        and m.city is not None
        and m.kind != "country"
        and getattr(m, "particles", "") in ("에", "에게")
        and not re.search(r"[.,]\s", text[m.end : start])
        for m in mentions
    )


def _span_end(cue: _Cue, spans: list[tuple[int, int]]) -> tuple[int, int]:
    for a, b in spans:
        if a <= cue.start < b:
            return a, b
    return cue.start, cue.end


def _names_its_partner(text: str, cue: _Cue, mentions: list[Any]) -> bool:
    """A tie noun right before the partner it names (자매도시 로어노크시와의, 우호도시 일본
    X시와): the slot of that city, not a tie being made."""
    if cue.type not in ("sister_city", "friendship") or not text[cue.start : cue.end].endswith(
        "도시"
    ):
        return False
    skip = [(m.start, m.end) for m in mentions if m.role == "qualifier" or m.kind == "country"]
    at = cue.end
    while True:
        while at < len(text) and text[at] == " ":
            at += 1
        q = next((b for a, b in skip if a == at), None)
        if q is None:
            break
        at = q
    return any(
        m.start == at and m.role == "party" and m.city is not None and m.kind != "country"
        for m in mentions
    )


def _status_ko(
    text: str,
    cue: _Cue,
    nxt: int | None,
    spans: list[tuple[int, int]],
    doc: _Doc | None = None,
) -> str:
    a, b = _span_end(cue, spans)
    if _ATTRIBUTIVE.match(text[cue.end : cue.end + 8]):
        cue.attributive = True
        return "active"
    limit = min(b, cue.end + 40)
    if nxt is not None and nxt > cue.end:
        limit = min(limit, nxt)
    window = text[cue.end : limit]
    # -고 before the auxiliary 싶다 (맺고 싶다: a wish) ends no clause.
    clause_end = re.search(r"[.,]\s|다\.|고\s(?!싶)|며\s|며,|으며|지만\s", window)
    window = window[: clause_end.end()] if clause_end else window
    resumed = _KO_RESUMED.search(window)
    if resumed:
        # 교류를 재개했다 is in force again; 재개하기로 합의했다, 재개할 예정, 재개된다 are
        # to come (a resumption decided or announced, not yet done).
        at = cue.end + resumed.end()
        rest = window[resumed.end() :]
        if (
            any(not _PURPOSE.match(rest[m.end() :]) for m in _KO_PLANNED.finditer(rest))
            or (doc is not None and any(at <= d < cue.end + len(window) for d in doc.decisions))
            or (doc is not None and ko.nonpast_end(doc.tokens, at, b))
        ):
            return "planned"
        return "active"
    if doc is not None and cue.type in _TIE_TYPES and ko.conditional(doc.tokens, cue.end, b):
        return "planned"  # 자매결연이 성사되면: a condition, not a deed
    if _KO_ENDED.search(window):
        return "ended"
    if _KO_SUSPENDED.search(window) or _KO_NONE.match(window) or _KO_NOT.match(window):
        return "suspended"
    for m in _KO_PLANNED.finditer(window):
        if not _PURPOSE.match(window[m.end() :]):
            if _BUT.match(text, cue.end + m.end()):
                # 참석할 예정이었으나 … 취소했다: what became of the plan, said after it.
                rest = text[cue.end + m.end() : b]
                if _KO_ENDED.search(rest):
                    return "ended"
                if _KO_SUSPENDED.search(rest):
                    return "suspended"
            return "planned"
    if doc is not None and any(cue.end <= d < cue.end + len(window) for d in doc.decisions):
        return "planned"  # 자매결연을 맺기로 확정했다: decided, to be done
    if _announced_to_come(text[cue.end : min(b, cue.end + 60)], len(window)):
        return "planned"
    if doc is not None and ko.nonpast_end(doc.tokens, cue.end, b):
        return "planned"  # 자매결연은 내년 행사 기간에 이뤄진다, 축제를 연다
    before = text[max(a, cue.start - 30) : cue.start]
    if _KO_FUTURE.search(before) and not re.search(r"지난|했다|됐다", window):
        return "planned"
    return "active"


#: A plan contrasted with what came of it: 예정이었으나, 계획이었지만.
_BUT = re.compile(r"[가-힣]{0,3}?(?:이었|였|했)(?:으나|지만|는데)")

_REPORTED_CLAUSE = re.compile(r"([가-힣])다고\s(?:\d{1,2}일\s)?(?:밝혔|전했|발표했|알렸)")


def _announced_to_come(after: str, clause: int) -> bool:
    """ "마스크를 지원한다고 밝혔다", "축제를 연다고 알렸다": a release reporting the cue's
    act in the non-past (-ㄴ다고, -는다고; not 했다고) announces what is to come. ``after``
    is the text after the cue, ``clause`` the length of the cue's clause in it."""
    m = _REPORTED_CLAUSE.search(after)
    if m is None or m.start() >= clause:
        return False
    syllable = m.group(1)
    return syllable == "는" or (ord(syllable) - 0xAC00) % 28 == 4  # a final ㄴ: 한, 연, 보낸


def _date_for(cue: _Cue, dates: list[DateMention], doc: _Doc) -> str | None:
    if cue.attributive:
        # A tie named in passing takes only a "since" date of its own phrase (a sister city
        # of Munakata since 1983, its sister city since 1957).
        own = next((d for d in dates if d.since and 0 <= d.start - cue.end <= 40), None)
        return own.value if own is not None else None
    if cue.type in ("meeting", "visit"):
        # "since 1983" is where a standing state began, never the date of an event.
        dates = [d for d in dates if not d.since]
    # A date set apart before the cue (who visited in 2019,) is the aside's own.
    dates = [d for d in dates if not any(a <= d.start < b <= cue.start for a, b in doc.asides)]
    # A date in a relative clause (, which became sister cities in 2007.) is its own, and
    # the clause's event takes its own date before any outside it.
    # A clause right after the cue is about the cue (their twinning, which dates back to
    # 1964): the cue's own too.
    inside = next(
        ((a, b) for a, b in doc.relatives if a <= cue.start < b or 0 <= a - cue.end <= 1), None
    )
    theirs = [d for d in dates if inside is not None and inside[0] <= d.start < inside[1]]
    dates = theirs or [
        d for d in dates if not any(a <= d.start < b and (a, b) != inside for a, b in doc.relatives)
    ]
    before = [d for d in dates if d.end <= cue.start]
    after = [d for d in dates if d.start >= cue.end]
    for d in [*reversed(before), *after]:
        if d.same_day:
            return _that_day(doc)
        if d.day_before:
            day = _that_day(doc)
            return _day_before(day) if day is not None and len(day) == 10 else None
        if d.value:
            return d.value
    return None


#: Events a report tells as its news (a meeting, a visit, aid, an exchange held).
_NEWS_EVENTS = frozenset({"meeting", "visit", "aid", "exchange"})
#: English words of a standing practice or a time span, not of one event.
_HABITUAL_EN = re.compile(
    r"\b(?:every|each)\s+(?:year|summer|spring|autumn|fall|winter|month)\b|\bannual(?:ly)?\b"
    r"|\bregular(?:ly)?\b|\bover\s+the\s+(?:years|decades)\b|\busually\b|\boften\b"
    r"|\bfor\s+(?:\d+|many|several|decades|years)\b|\bsince\b|\b(?:have|has|had)\s+been\b",
    re.IGNORECASE,
)


def _dated(cue: _Cue, dates: list[DateMention], doc: _Doc, text: str, s: Sentence) -> str | None:
    """The cue's date (:func:`_date_for`), a year earlier for an event told as done in a
    month after the report's that is written without its year; where its sentence gives
    none, an event that
    the report tells as done (GUIDE.md: the year when that much is certain) is of the
    report's year: an active, suspended or ended meeting, visit, aid or exchange, not one
    planned, named in passing, or done again and again (매년, 교류를 이어왔다, every year,
    have been)."""
    date = _date_for(cue, dates, doc)
    if (
        date is not None
        and doc.published is not None
        and date[:7] > doc.published[:7]
        and cue.type in _NEWS_EVENTS
        and cue.status in ("active", "ended")
        and not cue.attributive
        and any(d.yearless and d.value == date for d in dates)
    ):
        # Told as done, a month after the report's, written without its year, is of the
        # year before (met in December, told in November).
        return f"{int(date[:4]) - 1:04d}{date[4:]}"
    if (
        date is not None
        or doc.published is None
        or cue.type not in _NEWS_EVENTS
        or cue.status == "planned"
        or cue.attributive
        or any(d.value or d.same_day or d.day_before for d in dates)
    ):
        return date
    if doc.korean:
        if ko.habitual(doc.tokens, s.start, s.end):
            return None
    elif _HABITUAL_EN.search(text, s.start, s.end):
        return None
    return doc.published[:4]


def _day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def _that_day(doc: _Doc) -> str | None:
    """The day "이날" names: the last day the text named before; where it has named none,
    the day of the report itself (Korean news writes 이날 for the day it reports)."""
    if doc.last_day is None and doc.korean:
        return doc.published
    return doc.last_day


def _officials_for(
    group: tuple[City, ...], offs: list[Any], doc: _Doc, s: Sentence
) -> list[Official]:
    keys = {c.key for c in group}
    out: dict[str, Official] = {}
    for name, role, mention, at in offs:
        if not s.start <= at < s.end:
            continue
        city = (
            mention.city
            if mention is not None and mention.city is not None
            else _official_city(name, doc)
        )
        if city is not None and city.key in keys:
            full = (
                next((n for n in doc.officials if n.endswith(name) and len(n) > len(name)), name)
                if not doc.korean
                else name
            )
            out.setdefault(full, Official(full, role, city))
    return list(out.values())


def _aggregate(text: str, findings: list[_Finding], source: str | None) -> list[Relation]:
    """One relation per (set of parties, type, status): the first evidence, the best date."""
    merged: dict[tuple[frozenset[str], str, str], list[_Finding]] = {}
    for f in findings:
        if len({c.key for c in f.parties}) < 2:
            continue
        merged.setdefault((frozenset(c.key for c in f.parties), f.type, f.status), []).append(f)
    out: list[Relation] = []
    for (_, rtype, status), group in merged.items():
        best = max(group, key=lambda f: f.confidence)
        # The evidence: the surest reading, preferring a dated one (a body sentence, not a title).
        first = max(group, key=lambda f: (round(f.confidence, 2), f.date is not None))
        dates = [f.date for f in group if f.date]
        date = max(dates, key=len) if dates else None
        officials: dict[str, Official] = {}
        for f in group:
            for o in f.officials:
                officials.setdefault(o.name, o)
        place = next((f.place for f in group if f.place is not None), None)
        sent = first.sentence
        confidence = min(1.0, best.confidence + 0.05 * (len(group) - 1))
        out.append(
            Relation(
                type=RelationType(rtype),
                status=Status(status),
                cities=group[0].parties,
                date=date,
                place=place,
                officials=tuple(officials.values()),
                evidence=Evidence(text[sent.start : sent.end], sent.start, sent.end),
                source=source,
                confidence=round(confidence, 3),
            )
        )
    return out
