"""Words that mark the sentences stating a relation, from a gold file: candidates for the
cue lexicon (`ontologies/relations.ttl`), learned from data rather than read off a text.

A Korean sentence is "relational" for type T when it names every city of a gold relation
of type T (by the Korean name without its suffix); the script counts Kiwi's nouns, verbs
and roots in relational sentences against the other sentences of the same texts and
prints the words the lexicon lacks, by log-odds, with the types they co-occur with.
It reads only the part of the gold file given (default: all but every fifth line, the
held-out part kept unread):

    python scripts/mine_cues.py GOLD TEXTS [--part '!5/5'] [--top 40]

Its output is a list to read, not to paste: a word joins the lexicon when the annotation
guide's type definitions say it is a cue, never because one text uses it.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections import Counter
from pathlib import Path

from kg.eval import _in_part, parse_part
from kg.extract import korean as ko
from kg.extract.lexicon import lexicon
from kg.extract.text import sentences

_SUFFIX = re.compile(r"(특별자치도|특별자치시|광역시|특별시|시|군|구|도|현|성|주)$")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold")
    ap.add_argument("texts")
    ap.add_argument("--part", default="!5/5")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    part = parse_part(args.part)
    kiwi = ko.kiwi()
    known = lexicon().ko_pattern
    by_type: dict[str, Counter[str]] = {}
    relational: Counter[str] = Counter()
    other: Counter[str] = Counter()
    n_rel = n_other = 0
    for i, line in enumerate(Path(args.gold).read_text(encoding="utf-8").splitlines()):
        if not line.strip() or not _in_part(i, part):
            continue
        gold = json.loads(line)
        text = (Path(args.texts) / gold["file"]).read_text(encoding="utf-8")
        if len(_HANGUL.findall(text)) < 100:
            continue
        rels = [
            ([_SUFFIX.sub("", c.get("ko") or "") for c in r["cities"]], r["types"])
            for r in gold["relations"]
            if not r.get("optional")
        ]
        for s in sentences(text):
            body = text[s.start : s.end]
            words = {
                f"{t.form}/{t.tag}"
                for t in kiwi.tokenize(body)
                if t.tag in ("NNG", "VV", "XR") and len(t.form) >= 2
            }
            types = {
                ty for cities, tys in rels if all(c and c in body for c in cities) for ty in tys
            }
            if types:
                n_rel += 1
                relational.update(words)
                for ty in types:
                    by_type.setdefault(ty, Counter()).update(words)
            else:
                n_other += 1
                other.update(words)
    rows = []
    for word, count in relational.items():
        if count < 3 or known.search(word.split("/")[0]):
            continue
        odds = math.log((count + 0.5) / (n_rel + 1)) - math.log((other[word] + 0.5) / (n_other + 1))
        types = {ty: c[word] for ty, c in by_type.items() if c[word]}
        rows.append((odds, count, other[word], word, types))
    print(f"{n_rel} relational and {n_other} other sentences")
    for odds, count, rest, word, types in sorted(rows, reverse=True)[: args.top]:
        print(f"{odds:5.2f}  {count:3d} / {rest:3d}  {word:14s} {types}")


if __name__ == "__main__":
    main()
