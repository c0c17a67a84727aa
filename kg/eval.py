"""Scoring the extractor against a gold file (its format: docs/design.md, "Measuring extraction").

Pairs of cities are unordered; a relation of three or more cities counts each pair; a
predicted city matches a gold city when a normalised name agrees (Korean without its
시/군/구/도 suffix, English without "City", "-si", "-gu", case and punctuation). Optional
gold relations are neither required nor held against the system.

>>> score = Score(tp=9, fp=1, fn=1)
>>> round(score.f1, 2)
0.9
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.gazetteer import norm_en, norm_ko
from kg.io import iter_json_lines
from kg.model import City, Relation

log = logging.getLogger(__name__)

__all__ = [
    "Score",
    "FileResult",
    "EvalResult",
    "evaluate",
    "read_gold",
    "read_sources",
    "parse_part",
]


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class FileResult:
    """The score of one text, with what was missed and what was wrongly found."""

    file: str
    pairs: Score
    typed: Score
    status_correct: int = 0
    status_total: int = 0
    #: Dated gold relations matched (a pair with one of their types), and how many of them
    #: a matching prediction dates right.
    date_correct: int = 0
    date_total: int = 0
    #: of the matching (pair, type)s the gold dates nowhere, how many a prediction dates
    #: (a date the text does not give; date accuracy alone would not see it).
    undated_dated: int = 0
    undated_total: int = 0
    negative: bool = False
    false_pairs: list[str] = field(default_factory=list)
    missed_pairs: list[str] = field(default_factory=list)
    false_typed: list[str] = field(default_factory=list)
    missed_typed: list[str] = field(default_factory=list)
    wrong_dates: list[str] = field(default_factory=list)
    #: The extractor failed on this text (a bug): what it raised. Its gold counts as missed.
    error: str | None = None


@dataclass
class EvalResult:
    """Totals over a gold file (micro-averaged) and the per-file details."""

    files: list[FileResult]

    def _total(self, attr: str) -> Score:
        total = Score()
        for f in self.files:
            total.add(getattr(f, attr))
        return total

    @property
    def pairs(self) -> Score:
        return self._total("pairs")

    @property
    def typed(self) -> Score:
        return self._total("typed")

    @property
    def status_accuracy(self) -> float:
        total = sum(f.status_total for f in self.files)
        return sum(f.status_correct for f in self.files) / total if total else 1.0

    @property
    def date_accuracy(self) -> float:
        """Of the gold relations with a date whose pair was found with one of their types,
        the share where such a prediction gives that date at its precision or finer (gold
        2024-10: found 2024-10 or 2024-10-24, not 2024). A gold relation gives one date
        for all its types, so any of them dated right counts."""
        total = self.date_total
        return sum(f.date_correct for f in self.files) / total if total else 1.0

    @property
    def date_total(self) -> int:
        return sum(f.date_total for f in self.files)

    @property
    def undated_dated(self) -> tuple[int, int]:
        """Of the found (pair, type)s that no gold relation dates, how many the extractor
        dates, and of how many: dates the texts do not give (or the gold left out)."""
        return (
            sum(f.undated_dated for f in self.files),
            sum(f.undated_total for f in self.files),
        )

    @property
    def negative_false_pairs(self) -> int:
        return sum(len(f.false_pairs) for f in self.files if f.negative)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pairs": self.pairs.as_dict(),
            "pair_types": self.typed.as_dict(),
            "status_accuracy": round(self.status_accuracy, 4),
            "date_accuracy": round(self.date_accuracy, 4),
            "dated": self.date_total,
            "dated_where_gold_undated": list(self.undated_dated),
            "negative_texts": sum(f.negative for f in self.files),
            "negative_false_pairs": self.negative_false_pairs,
            "errors": sum(f.error is not None for f in self.files),
            "files": [
                {
                    "file": f.file,
                    "pairs": f.pairs.as_dict(),
                    "pair_types": f.typed.as_dict(),
                    "false_pairs": f.false_pairs,
                    "missed_pairs": f.missed_pairs,
                    "false_pair_types": f.false_typed,
                    "missed_pair_types": f.missed_typed,
                    "wrong_dates": f.wrong_dates,
                    "error": f.error,
                }
                for f in self.files
            ],
        }


def _gold_forms(city: dict[str, Any]) -> set[str]:
    forms = set()
    ko = city.get("ko")
    en = city.get("en")
    if ko:
        forms.add("ko:" + norm_ko(ko))
        # A Korean province by its short form (경남 = 경상남도, 전북 = 전북특별자치도).
        forms |= {"ko:" + norm_ko(p.name_ko) for p in _provinces(ko) if p.name_ko}
    if en:
        forms.add("en:" + norm_en(re.sub(r"\s*\(.*\)\s*$", "", en)))
    return forms


def _city_forms(city: City) -> set[str]:
    forms = {"en:" + norm_en(city.name)} if city.name else set()
    if city.name_ko:
        forms.add("ko:" + norm_ko(city.name_ko))
    # A district is also named with its city: 대구 동구, "Dong-gu, Daegu".
    parent = _parent(city)
    if parent is not None:
        if city.name_ko and parent.name_ko:
            forms.add("ko:" + norm_ko(norm_ko(parent.name_ko) + city.name_ko))
        if city.name and parent.name:
            forms.add("en:" + norm_en(f"{city.name}, {parent.name}"))
    for alt in city.alt_names[:30]:
        if re.search(r"[\uac00-\ud7a3]", alt):
            forms.add("ko:" + norm_ko(alt))
        elif alt.isascii():
            forms.add("en:" + norm_en(alt))
    return forms


def _provinces(name_ko: str) -> list[City]:
    from kg.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    return [
        c
        for c in gaz.lookup(name_ko, "KR")
        if gaz.info(c.key).kind == "province" and gaz.info(c.key).parent is None
    ]


def _parent(city: City) -> City | None:
    from kg.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    return gaz.parent(city.key) if city.key in gaz else None


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold file's lines; InputError naming the line when one is not gold JSON."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(p)) from err
    out = []
    for lineno, obj in iter_json_lines(text, p, invalid="not JSON", hint=None):
        if (
            not isinstance(obj, dict)
            or "file" not in obj
            or not isinstance(obj.get("relations"), list)
        ):
            raise InputError(
                'a gold line needs "file" and a "relations" list',
                path=str(p),
                line=lineno,
                hint='see docs/design.md, "Measuring extraction", for the format',
            )
        out.append(obj)
    return out


def _score_file(name: str, gold: list[dict[str, Any]], predicted: list[Relation]) -> FileResult:
    gold_cities: list[set[str]] = []
    labels: list[str] = []

    def gold_id(city: dict[str, Any]) -> int:
        forms = _gold_forms(city)
        for i, known in enumerate(gold_cities):
            if forms & known:
                known |= forms
                return i
        gold_cities.append(forms)
        labels.append(city.get("en") or city.get("ko") or "?")
        return len(gold_cities) - 1

    required_pairs: set[frozenset[str]] = set()
    optional_pairs: set[frozenset[str]] = set()
    required_typed: dict[tuple[frozenset[str], str], set[str]] = {}
    # A gold relation gives one date for all its types (GUIDE.md: the dated event's, else
    # the standing tie's start): (pair, types, date) of each.
    required_dates: list[tuple[frozenset[str], tuple[str, ...], str]] = []
    optional_typed: set[tuple[frozenset[str], str]] = set()
    gold_dated: set[tuple[frozenset[str], str]] = set()
    for rel in gold:
        ids = sorted({f"g{gold_id(c)}" for c in rel.get("cities", [])})
        for a, b in combinations(ids, 2):
            pair = frozenset((a, b))
            for t in rel.get("types", []):
                if rel.get("optional"):
                    optional_typed.add((pair, t))
                else:
                    required_typed.setdefault((pair, t), set()).add(rel.get("status", "active"))
            if rel.get("date"):
                gold_dated.update((pair, t) for t in rel.get("types", []))
            if rel.get("date") and not rel.get("optional"):
                required_dates.append((pair, tuple(rel.get("types", [])), str(rel["date"])))
            (optional_pairs if rel.get("optional") else required_pairs).add(pair)
    optional_pairs -= required_pairs

    def pred_id(city: City) -> str:
        forms = _city_forms(city)
        for i, known in enumerate(gold_cities):
            if forms & known:
                return f"g{i}"
        return f"p:{city.name}"

    pred_pairs: set[frozenset[str]] = set()
    pred_typed: dict[tuple[frozenset[str], str], set[str]] = {}
    pred_dates: dict[tuple[frozenset[str], str], set[str]] = {}
    for predicted_rel in predicted:
        ids = sorted({pred_id(c) for c in predicted_rel.cities})
        for a, b in combinations(ids, 2):
            pair = frozenset((a, b))
            pred_pairs.add(pair)
            key = (pair, predicted_rel.type.value)
            pred_typed.setdefault(key, set()).add(predicted_rel.status.value)
            if predicted_rel.date:
                pred_dates.setdefault(key, set()).add(predicted_rel.date)

    def show(pair: frozenset[str]) -> str:
        return " – ".join(sorted(labels[int(x[1:])] if x.startswith("g") else x[2:] for x in pair))

    pairs = Score(
        tp=len(pred_pairs & required_pairs),
        fp=len(pred_pairs - required_pairs - optional_pairs),
        fn=len(required_pairs - pred_pairs),
    )
    req_t = set(required_typed)
    typed = Score(
        tp=len(set(pred_typed) & req_t),
        fp=len(set(pred_typed) - req_t - optional_typed),
        fn=len(req_t - set(pred_typed)),
    )
    status_total = status_correct = 0
    for key, statuses in required_typed.items():
        if key in pred_typed:
            for status in statuses:
                status_total += 1
                status_correct += status in pred_typed[key]
    date_total = date_correct = 0
    wrong_dates = []
    for pair, types, day in required_dates:
        matched = [t for t in types if (pair, t) in pred_typed]
        if not matched:
            continue
        date_total += 1
        found = {d for t in matched for d in pred_dates.get((pair, t), ())}
        if any(d.startswith(day) for d in found):
            date_correct += 1
        else:
            got = ", ".join(sorted(found)) or "none"
            wrong_dates.append(f"{show(pair)} {'/'.join(matched)}: {got} (gold {day})")
    undated = [k for k in required_typed if k in pred_typed and k not in gold_dated]
    undated_dated = [k for k in undated if pred_dates.get(k)]
    return FileResult(
        file=name,
        undated_dated=len(undated_dated),
        undated_total=len(undated),
        pairs=pairs,
        typed=typed,
        status_correct=status_correct,
        status_total=status_total,
        date_correct=date_correct,
        date_total=date_total,
        negative=not gold,
        false_pairs=sorted(show(p) for p in pred_pairs - required_pairs - optional_pairs),
        missed_pairs=sorted(show(p) for p in required_pairs - pred_pairs),
        false_typed=sorted(f"{show(p)} {t}" for p, t in set(pred_typed) - req_t - optional_typed),
        missed_typed=sorted(f"{show(p)} {t}" for p, t in req_t - set(pred_typed)),
        wrong_dates=sorted(wrong_dates),
    )


def read_sources(path: str | Path) -> dict[str, str]:
    """Where each text came from: a TSV of lines ``NAME<TAB>URL`` (a development set's
    ``sources.tsv``); blank lines and lines starting with # are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from err
    except UnicodeDecodeError as err:
        raise InputError("is not UTF-8 text", path=str(path), hint="save it as UTF-8") from err
    sources = {}
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, tab, url = line.partition("\t")
        if not tab or not name.strip() or not url.strip():
            raise InputError(
                "a line needs a file name and its URL, separated by a tab",
                path=str(path),
                line=lineno,
                hint="write NAME<TAB>URL, one text per line",
            )
        sources[name.strip()] = url.strip().split("\t")[0]
    return sources


def parse_part(spec: str) -> tuple[frozenset[int], int, bool]:
    """``"5/5"`` (the fifth of every five texts), ``"1,2/5"`` (the first and the second) or
    ``"!5/5"`` (all but the fifth): (the K's, N, negated).

    >>> parse_part("5/5"), parse_part("!1,3/4")
    ((frozenset({5}), 5, False), (frozenset({1, 3}), 4, True))
    """
    m = re.fullmatch(r"(!?)(\d+(?:,\d+)*)/(\d+)", spec.strip())
    ks = frozenset(int(k) for k in m[2].split(",")) if m else frozenset()
    if not m or not all(1 <= k <= int(m[3]) for k in ks):
        raise InputError(
            f"not a part of the gold file: {spec!r}",
            hint="give K/N (the K-th of every N texts, 1 <= K <= N; K may be a list: 1,2/5), "
            "or !K/N for the rest",
        )
    return ks, int(m[3]), bool(m[1])


def _in_part(index: int, part: tuple[frozenset[int], int, bool] | None) -> bool:
    if part is None:
        return True
    ks, n, negated = part
    return ((index % n) + 1 in ks) != negated


def evaluate(
    gold_path: str | Path,
    texts_dir: str | Path,
    extractor: Callable[[Path], Iterable[Relation]] | None = None,
    *,
    part: str | None = None,
    sources: dict[str, str] | None = None,
) -> EvalResult:
    """Score the extractor (default: :func:`kg.readers.read_articles` + :func:`kg.extract.extract`)
    on each text of ``texts_dir`` named in the gold file.

    ``part`` keeps some of the gold file's lines (see :func:`parse_part`): keep a part of
    a development set unread while tuning, and score it apart (``"5/5"``) beside the rest
    (``"!5/5"``). ``sources`` gives a text's URL by its file name (:func:`read_sources`),
    as an article read from a page or a feed carries it: the default extractor then reads
    a publication date the text does not state from the URL.
    """
    selected = parse_part(part) if part else None
    texts = Path(texts_dir)
    if not texts.is_dir():
        raise InputError(
            "is not a folder of texts", path=str(texts), hint="give the folder the gold file names"
        )
    if extractor is None:
        from kg.extract import extract
        from kg.extract.dates import published_from_url
        from kg.readers import read_articles

        def extractor(path: Path) -> list[Relation]:
            url = (sources or {}).get(path.name)
            articles = read_articles(path)
            if url:
                articles = [
                    replace(
                        a,
                        url=a.url or url,
                        published=a.published or published_from_url(a.url or url),
                    )
                    for a in articles
                ]
            return [r for a in articles for r in extract(a)]

    results = []
    for index, line in enumerate(read_gold(gold_path)):
        if not _in_part(index, selected):
            continue
        path = texts / line["file"]
        if not path.exists():
            raise InputError(
                f"the gold file names {line['file']!r}, which is not in {texts}",
                path=str(gold_path),
                hint="give the folder that holds the annotated texts",
            )
        try:
            predicted = list(extractor(path))
            error = None
        except Exception as err:  # one failing text must not hide the others' scores
            log.exception("the extractor failed on %s", path)
            predicted, error = [], f"{type(err).__name__}: {err}"
        result = _score_file(line["file"], line["relations"], predicted)
        result.error = error
        results.append(result)
    return EvalResult(results)
