"""The pair scorer: which (cities, type) candidates a text states, weighed by learned weights.

The rules of :mod:`kg.extract.core` read each sentence and propose relations; beside them
every segment that holds a cue word offers each pair of its cities as a candidate. A
logistic model over what the text shows of a candidate (did the rules pair it and how,
in how many sentences the pair meets a cue of the type, the distance between the names,
a conjunction or "with" between them, the cue between the names, how many cities the
segment holds, whether one is the story's city, the countries) gives each one a
probability; the candidates above the threshold are the relations. No feature names a
word or a city: the model learns how much each kind of evidence counts, not a text.

The weights ship in ``kg.data/pair_scorer.json``; ``scripts/train_pair_scorer.py`` fits
them on a gold file (the development set's read part) and reports the part it did not
train on. Without the file, the rules' relations are kept as they are.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from collections import Counter
from importlib import resources
from typing import TYPE_CHECKING, Any

from kg.model import Relation, RelationType

if TYPE_CHECKING:
    from kg.extract.core import _Doc, _Finding

log = logging.getLogger(__name__)

__all__ = ["Weights", "weights", "features", "rescore", "FEATURES"]

TYPES = tuple(t.value for t in RelationType)

#: The features, in the order of the weight vector.
FEATURES: tuple[str, ...] = (
    "rule",
    "rule_conf",
    "how_explicit",
    "how_home",
    "how_anaphor",
    "how_story",
    "group3",
    "official_any",
    "official_share",
    "n_sent",
    "explicit_both",
    "log_dist",
    "linked",
    "cue_between",
    "cue_near",
    "pool",
    "venue_role",
    "quoted",
    "anaphor",
    "attributive",
    "home_added",
    "implicit",
    "collective",
    "home_in",
    "kr_both",
    "foreign_both",
    "doc_cities",
    "share_min",
    "korean",
    "n_types",
    "planned",
    *(f"type_{t}" for t in TYPES),
)


class Weights:
    """A logistic model's weights over :data:`FEATURES`, with its decision threshold."""

    def __init__(
        self,
        weights: dict[str, float],
        bias: float,
        threshold: float,
        threshold_rule: float | None = None,
    ) -> None:
        self.weights = weights
        self.bias = bias
        #: For candidates the rules did not propose, and for those they did.
        self.threshold = threshold
        self.threshold_rule = threshold if threshold_rule is None else threshold_rule

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@functools.cache
def weights() -> Weights | None:
    """The shipped weights (``kg.data/pair_scorer.json``), or None when absent."""
    try:
        raw = (resources.files("kg.data") / "pair_scorer.json").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        log.info("no pair scorer weights shipped: the rules' relations are kept as they are")
        return None
    data = json.loads(raw)
    return Weights(
        dict(data["weights"]),
        float(data["bias"]),
        float(data["threshold"]),
        data.get("threshold_rule"),
    )


def _key(parties: Any, rtype: str) -> tuple[frozenset[str], str]:
    return frozenset(c.key for c in parties), rtype


def features(
    parties: frozenset[str],
    rtype: str,
    rules: list[_Finding],
    cands: list[_Finding],
    doc: _Doc,
    pair_types: int,
) -> dict[str, float]:
    """What the text shows of one candidate (cities, type), as numbers."""
    f: dict[str, float] = dict.fromkeys(FEATURES, 0.0)
    if rules:
        f["rule"] = 1.0
        f["rule_conf"] = max(r.confidence for r in rules)
        for r in rules:
            if r.how:
                f[f"how_{r.how}"] = 1.0
        with_title = {o.city.key for r in rules for o in r.officials if o.city is not None}
        f["official_any"] = float(bool(with_title))
        f["official_share"] = len(with_title & parties) / len(parties)
    f["group3"] = float(len(parties) >= 3)
    if cands:
        sig = [c.signals for c in cands]
        f["n_sent"] = math.log1p(len({c.sentence.start for c in cands}))
        f["explicit_both"] = max(x["explicit_both"] for x in sig)
        f["log_dist"] = min(x["log_dist"] for x in sig)
        f["linked"] = max(x["linked"] for x in sig)
        f["cue_between"] = max(x["cue_between"] for x in sig)
        f["cue_near"] = min(x["cue_near"] for x in sig)
        f["pool"] = min(x["pool"] for x in sig)
        f["venue_role"] = sum(x["venue_role"] for x in sig) / len(sig)
        f["quoted"] = min(x["quoted"] for x in sig)
        f["anaphor"] = max(x["anaphor"] for x in sig)
        f["attributive"] = max(x["attributive"] for x in sig)
        f["home_added"] = min(x["home_added"] for x in sig)
        f["implicit"] = min(x["implicit"] for x in sig)
        f["collective"] = min(x.get("collective", 0.0) for x in sig)
        f["planned"] = sum(c.status == "planned" for c in cands) / len(cands)
    else:
        f["log_dist"] = 4.0
        f["cue_near"] = 2.0
        f["pool"] = 3.0
    cities = {c.key: c for r in [*rules, *cands] for c in r.parties}
    f["home_in"] = float(doc.home is not None and doc.home.key in parties)
    countries = [cities[k].country if k in cities else None for k in parties]
    f["kr_both"] = float(all(c == "KR" for c in countries))
    f["foreign_both"] = float(all(c not in ("KR", None) for c in countries))
    counts = doc.mention_counts
    f["doc_cities"] = math.log1p(len(counts)) / 3
    top = max(counts.values()) if counts else 1
    f["share_min"] = min(counts.get(k, 0) for k in parties) / top
    f["korean"] = float(doc.korean)
    f["n_types"] = math.log1p(pair_types)
    f[f"type_{rtype}"] = 1.0
    return f


def rescore(
    text: str,
    findings: list[_Finding],
    doc: _Doc,
    source: str | None,
    *,
    collect: list[Any] | None = None,
) -> list[Relation]:
    """The relations whose candidates the model accepts (the rules' alone without weights)."""
    from kg.extract.core import _aggregate

    rule_relations = _aggregate(text, findings, source)
    model = weights()
    if model is None and collect is None:
        return rule_relations
    by_rule: dict[tuple[frozenset[str], str], list[_Finding]] = {}
    for f in findings:
        if len({c.key for c in f.parties}) >= 2:
            by_rule.setdefault(_key(f.parties, f.type), []).append(f)
    by_pair: dict[tuple[frozenset[str], str], list[_Finding]] = {}
    for c in doc.candidates:
        by_pair.setdefault(_key(c.parties, c.type), []).append(c)
    types_of: Counter[frozenset[str]] = Counter(k[0] for k in {*by_pair, *by_rule})
    city_of = {c.key: c for f in [*findings, *doc.candidates] for c in f.parties}

    def cands_for(parties: frozenset[str], rtype: str) -> list[_Finding]:
        keys = sorted(parties)
        out: list[_Finding] = []
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                out.extend(by_pair.get((frozenset((a, b)), rtype), []))
        return out

    def score(parties: frozenset[str], rtype: str, origin: str) -> float:
        feats = features(
            parties,
            rtype,
            by_rule.get((parties, rtype), []),
            cands_for(parties, rtype),
            doc,
            types_of[parties] if len(parties) == 2 else 1,
        )
        if collect is not None:
            collect.append(
                {
                    "cities": [city_of[k] for k in sorted(parties)],
                    "type": rtype,
                    "origin": origin,
                    "features": feats,
                }
            )
        return model.probability(feats) if model is not None else 1.0

    out: list[Relation] = []
    covered: set[tuple[frozenset[str], str]] = set()
    scored: dict[tuple[frozenset[str], str], float] = {}
    for rel in rule_relations:
        key = _key(rel.cities, rel.type.value)
        if key not in scored:
            scored[key] = score(key[0], key[1], "rule")
        keys = sorted(key[0])
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                covered.add((frozenset((a, b)), key[1]))
        if (
            model is None
            or scored[key] >= model.threshold_rule
            or _stated_outright(key, by_rule, doc)
        ):
            out.append(_with_confidence(rel, scored[key] if model is not None else None))
    for key, cands in by_pair.items():
        if key in covered:
            continue
        p = score(key[0], key[1], "candidate")
        if model is None or p < model.threshold:
            continue
        statuses = Counter(c.status for c in cands)
        status = statuses.most_common(1)[0][0]
        group = [c for c in cands if c.status == status]
        for rel in _aggregate(text, group, source):
            out.append(_with_confidence(rel, p))
    return out


def _stated_outright(
    key: tuple[frozenset[str], str], by_rule: dict[Any, list[_Finding]], doc: _Doc
) -> bool:
    """A text of a sentence or two: the scorer learned from articles, whose evidence (how
    often, how central a pair is) such a text cannot give, so the rules' reading stands; so
    does a reading of a whole construction (a body and its counted members)."""
    found = by_rule.get(key) or []
    return any(f.outright for f in found) or (doc.sentences < _SHORT and bool(found))


#: Texts of fewer sentences than this are "short" for :func:`_stated_outright`.
_SHORT = 3


def _with_confidence(rel: Relation, p: float | None) -> Relation:
    if p is None:
        return rel
    from dataclasses import replace

    return replace(rel, confidence=round(p, 3))
