"""The relation taxonomy, read once from ``ontologies/relations.ttl``.

``relations.ttl`` (shipped as ``kg.ontologies``) is the one place where a relation type
or a status is defined: its code (``skos:notation``), its Korean and English labels
(``skos:prefLabel``), its cue words (``ic:cueKo``, ``ic:cueEn``; ``ic:statusCueKo`` on a
status) and, for a type, the symmetric shortcut property the store writes between the
parties of an active relation (``ic:shortcutProperty``). Everything in the code that
names, labels, offers or writes a type reads it from :func:`taxonomy`; the enums
:class:`kg.model.RelationType` and :class:`kg.model.Status` hold the same codes (a test
checks it), so that code can name a type statically.

>>> tax = taxonomy()
>>> [t.code for t in tax.types][:3]
['sister_city', 'friendship', 'cooperation']
>>> tax.type("cooperation").label_ko, tax.type("cooperation").shortcut.rsplit("#")[-1]
('교류협력', 'cooperatesWith')
>>> "자매결연" in tax.type("sister_city").cues_ko
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .model import RelationType, Status
from .namespaces import IC

__all__ = ["Concept", "Taxonomy", "taxonomy", "ontology_files", "shapes_file"]

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_NOTATION = ox.NamedNode(_SKOS + "notation")
_PREF_LABEL = ox.NamedNode(_SKOS + "prefLabel")


@dataclass(frozen=True)
class Concept:
    """A relation type or a status as ``relations.ttl`` defines it."""

    code: str
    iri: str
    label_ko: str
    label_en: str
    #: Korean cue words (``ic:cueKo`` of a type, ``ic:statusCueKo`` of a status), sorted.
    cues_ko: tuple[str, ...]
    #: English cue words (``ic:cueEn``), sorted.
    cues_en: tuple[str, ...]
    #: The IRI of the symmetric shortcut property between the parties (types only).
    shortcut: str | None = None

    def label(self, lang: str = "ko") -> str:
        """The label in ``lang`` (``ko`` or ``en``)."""
        return self.label_ko if lang == "ko" else self.label_en


@dataclass(frozen=True)
class Taxonomy:
    """The relation types and the statuses, in the order of the enums."""

    types: tuple[Concept, ...]
    statuses: tuple[Concept, ...]

    def type(self, code: str) -> Concept:
        """The relation type of a code (``sister_city``); KeyError if there is none."""
        return _by_code(self.types)[code]

    def status(self, code: str) -> Concept:
        """The status of a code (``active``); KeyError if there is none."""
        return _by_code(self.statuses)[code]

    @property
    def type_codes(self) -> tuple[str, ...]:
        """The type codes, for choices and messages."""
        return tuple(t.code for t in self.types)

    @property
    def status_codes(self) -> tuple[str, ...]:
        """The status codes, for choices and messages."""
        return tuple(s.code for s in self.statuses)


@functools.cache
def _by_code(concepts: tuple[Concept, ...]) -> dict[str, Concept]:
    return {c.code: c for c in concepts}


def _file_text() -> str:
    return (resources.files("kg.ontologies") / "relations.ttl").read_text(encoding="utf-8")


@functools.cache
def taxonomy() -> Taxonomy:
    """The types and statuses of ``kg.ontologies/relations.ttl``, parsed once per process.

    Cue words are read here and nowhere else; the extractor's lexicon
    (:func:`kg.extract.lexicon.lexicon`) takes them from this function.
    """
    store = ox.Store()
    store.bulk_load(_file_text(), format=ox.RdfFormat.TURTLE)

    def values(subject: ox.NamedNode, prop: str | ox.NamedNode) -> list[Any]:
        p = prop if isinstance(prop, ox.NamedNode) else ox.NamedNode(str(prop))
        return [q.object for q in store.quads_for_pattern(subject, p, None)]

    def literals(subject: ox.NamedNode, prop: str | ox.NamedNode) -> tuple[str, ...]:
        return tuple(sorted(v.value for v in values(subject, prop) if isinstance(v, ox.Literal)))

    def label(subject: ox.NamedNode, lang: str) -> str:
        for v in values(subject, _PREF_LABEL):
            if isinstance(v, ox.Literal) and v.language == lang:
                return v.value
        raise ValueError(f"relations.ttl: {subject.value} has no skos:prefLabel in {lang!r}")

    def concepts(cls: str, korean_cue: str, order: Iterable[str]) -> tuple[Concept, ...]:
        found: dict[str, Concept] = {}
        for q in store.quads_for_pattern(None, _RDF_TYPE, ox.NamedNode(cls)):
            subject = q.subject
            assert isinstance(subject, ox.NamedNode)
            [notation] = values(subject, _NOTATION)
            shortcuts = [v.value for v in values(subject, IC.shortcutProperty)]
            found[notation.value] = Concept(
                code=notation.value,
                iri=subject.value,
                label_ko=label(subject, "ko"),
                label_en=label(subject, "en"),
                cues_ko=literals(subject, korean_cue),
                cues_en=literals(subject, IC.cueEn),
                shortcut=shortcuts[0] if shortcuts else None,
            )
        ordered = [found.pop(code) for code in order if code in found]
        return (*ordered, *sorted(found.values(), key=lambda c: c.code))

    return Taxonomy(
        types=concepts(str(IC.RelationType), str(IC.cueKo), (t.value for t in RelationType)),
        statuses=concepts(str(IC.RelationStatus), str(IC.statusCueKo), (s.value for s in Status)),
    )


def ontology_files() -> list[Path]:
    """The ontology and the relation scheme that ship with the package (``kg.ontologies``)."""
    base = resources.files("kg.ontologies")
    return [Path(str(base / "intercity.ttl")), Path(str(base / "relations.ttl"))]


def shapes_file() -> Path:
    """The SHACL shapes the data must pass (``kg validate``)."""
    return Path(str(resources.files("kg.ontologies") / "shapes.ttl"))
