"""Cue words of relation types and statuses, read once from the SKOS scheme.

``ontologies/relations.ttl`` (shipped as ``kg.ontologies``) is the single place where a
relation type is defined: its ``ic:cueKo`` / ``ic:cueEn`` literals are the trigger words,
and ``ic:statusCueKo`` / ``ic:cueEn`` on a status concept mark that status.
:func:`kg.taxonomy.taxonomy` reads the file; this module builds the patterns.

>>> lex = lexicon()
>>> "자매결연" in lex.cues_ko["sister_city"]
True
>>> "중단" in lex.status_ko["suspended"]
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

__all__ = ["Lexicon", "lexicon"]


@dataclass(frozen=True)
class Lexicon:
    """Cue words per relation type and per status, in Korean and English."""

    cues_ko: dict[str, tuple[str, ...]]
    cues_en: dict[str, tuple[str, ...]]
    status_ko: dict[str, tuple[str, ...]]
    status_en: dict[str, tuple[str, ...]]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @functools.cached_property
    def ko_pattern(self) -> re.Pattern[str]:
        """One regex over every Korean cue (spaces inside a cue optional), longest first."""
        return _pattern(self.cues_ko, korean=True)

    @functools.cached_property
    def en_pattern(self) -> re.Pattern[str]:
        """One regex over every English cue, on word boundaries, longest first."""
        return _pattern(self.cues_en, korean=False)

    def type_of(self, cue: str, *, korean: bool) -> str:
        """The relation type of a cue as found in text (an English inflection or plural
        included), looked up in the language given first and in the other next: a Korean
        text writes MOU and MOC in Latin letters.

        >>> lexicon().type_of("MOC", korean=False), lexicon().type_of("twinned", korean=False)
        ('cooperation', 'sister_city')
        """
        squashed, lower = _squash(cue), cue.lower()
        first, second = (
            (self._ko_index, self._en_index) if korean else (self._en_index, self._ko_index)
        )
        for index in (first, second):
            for key in (squashed, lower, _en_base(lower)):
                if key in index:
                    return index[key]
        # The English pattern lets a cue's last word take up to four more letters.
        for stem, rtype in self._en_stems:
            if lower.startswith(stem) and len(lower) - len(stem) <= 4:
                return rtype
        raise KeyError(cue)

    @functools.cached_property
    def _en_stems(self) -> list[tuple[str, str]]:
        stems = {_en_base(c.lower()): t for t, cues in self.cues_en.items() for c in cues}
        return sorted(stems.items(), key=lambda kv: -len(kv[0]))

    @functools.cached_property
    def _ko_index(self) -> dict[str, str]:
        return {_squash(c): t for t, cues in self.cues_ko.items() for c in cues}

    @functools.cached_property
    def _en_index(self) -> dict[str, str]:
        out = {}
        for t, cues in self.cues_en.items():
            for c in cues:
                out[c.lower()] = t
                out.setdefault(_en_base(c.lower()), t)
        return out


_EN_INFLECTION = re.compile(r"(?:s|es|ed|d|ing)$")


def _en_base(phrase: str) -> str:
    """An English cue without the inflection of its last word: twinned -> twinn, partnerships
    -> partnership, donated -> donat (the same stem as the cue's own)."""
    words = phrase.split()
    if not words:
        return phrase
    last = words[-1]
    if len(last) > 4:
        last = _EN_INFLECTION.sub("", last)
        if len(last) > 3 and last[-1] == last[-2]:
            last = last[:-1]  # twinned -> twin
        last = last.rstrip("e")  # donate / donated / donating -> donat
    return " ".join([*words[:-1], last])


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ko_body(word: str) -> str:
    """A Korean cue's pattern: a space is optional where the cue writes one, and inside a
    word only between two parts of two syllables or more (자매 결연, 교류 협력, 청소년
    교류), never next to a single syllable: 내한 is no cue in "혁신도시 내 한국콘텐츠
    진흥원", nor 교류전 in "국제교류 전담인력".
    """
    pieces = []
    for part in word.split():
        chars = [re.escape(ch) for ch in part]
        body = chars[0]
        for i in range(1, len(chars)):
            body += (r"\s?" if i >= 2 and len(chars) - i >= 2 else "") + chars[i]
        pieces.append(body)
    return r"\s?".join(pieces)


def _pattern(cues: dict[str, tuple[str, ...]], *, korean: bool) -> re.Pattern[str]:
    words = sorted({c for cs in cues.values() for c in cs}, key=lambda c: (-len(_squash(c)), c))
    parts = []
    for word in words:
        if korean:
            parts.append(_ko_body(word))
        else:
            # The last word takes its inflections: twinned, partnerships, donated, visiting.
            stem = _en_base(word.lower())
            body = re.escape(stem).replace(r"\ ", r"\s+")
            parts.append(r"\b" + body + r"[a-z]{0,4}\b")
    return re.compile("|".join(parts), 0 if korean else re.IGNORECASE)


@functools.cache
def lexicon() -> Lexicon:
    """The cue words of ``kg.ontologies/relations.ttl``, as :func:`kg.taxonomy.taxonomy`
    reads them (once per process)."""
    from kg.taxonomy import taxonomy

    tax = taxonomy()
    return Lexicon(
        cues_ko={t.code: t.cues_ko for t in tax.types},
        cues_en={t.code: t.cues_en for t in tax.types},
        status_ko={s.code: s.cues_ko for s in tax.statuses},
        status_en={s.code: s.cues_en for s in tax.statuses},
        labels={t.code: {"ko": t.label_ko, "en": t.label_en} for t in tax.types},
    )
