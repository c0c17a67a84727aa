"""How well `Gazetteer.by_sound` finds a foreign place from its Hangul spelling alone.

Usage:
    python scripts/eval_sound_match.py [--show N]

Every foreign place the gazetteer knows by a Hangul name (and a GeoNames id) is looked up
by that name's sound only, as if GeoNames had no Hangul name for it: found (the same
place), wrong (another place) or none. The curated exonyms (``foreign_exonyms.tsv``) are
counted apart from GeoNames' own Hangul names, which are not curated (some are ordinary
words, some not the place's name at all). Chinese places are left out, as by_sound
leaves them out.
"""

from __future__ import annotations

import argparse
import collections
import sys

from kg.gazetteer import _READ_BY_CHARACTER, Gazetteer


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="print this many wrong matches")
    args = ap.parse_args(argv)
    gaz = Gazetteer.default()
    cases = []
    for key in list(gaz._cities):
        city = gaz.get(key)
        if city is None or not city.geonames or not city.name_ko or not city.country:
            continue
        if city.country == "KR" or city.country in _READ_BY_CHARACTER:
            continue
        source = gaz.info(key).source
        cases.append(("curated" if source.startswith("kg") else "geonames", city))
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    wrong = []
    for group, city in cases:
        assert city.name_ko and city.country
        found = gaz.by_sound(city.name_ko, city.country)
        if found is None:
            outcome = "none"
        elif found[0].geonames == city.geonames:
            outcome = "found"
        else:
            outcome = "wrong"
            wrong.append((group, city.name_ko, city.country, city.name, found[0].name, found[1]))
        counts[group][outcome] += 1
    for group, c in sorted(counts.items()):
        n = sum(c.values())
        answered = c["found"] + c["wrong"]
        print(
            f"{group:9s} {n:5d} places: found {c['found']} ({c['found'] / n:.0%}), "
            f"wrong {c['wrong']}, none {c['none']}; "
            f"precision {c['found'] / answered if answered else 0:.3f}"
        )
    for row in wrong[: args.show]:
        print("  wrong:", *row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
