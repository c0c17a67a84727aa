"""Convert the Wikipedia twin-town list into kg's relation CSV.

    .venv/bin/python scripts/twin_towns_to_csv.py [SOURCE.csv] [-o OUT.csv]

OUT defaults to data/twin-towns-korea-wikipedia.csv.

SOURCE is the list of 579 pairs in ../shared/data (city1,country1,city2,country2; its first
line names its origin). Each pair becomes one ``sister_city`` relation, status active,
no date, source "Wikipedia", confidence 0.6 (curated by others, not read from a dated
article). Names are resolved with kg's gazetteer; a Korean district written
"Suseong (Daegu)" or "Seoul – Gangnam" is looked up within its parent city. Pairs
listed twice (under both countries) are written once. The text is CC BY-SA 4.0: the
attribution goes in each row's evidence and in data/README.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.gazetteer import Gazetteer, country_code  # noqa: E402
from kg.io import CSV_COLUMNS  # noqa: E402
from kg.model import City  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "twin-towns-korea-wikipedia.csv"
DEFAULT_OUT = ROOT / "data" / "twin-towns-korea-wikipedia.csv"
ATTRIBUTION = (
    "English Wikipedia, 'List of twin towns and sister cities' (via github.com/Hekman/twincities "
    "84ebdec), CC BY-SA 4.0"
)
_PARENS = re.compile(r"^(.*?)\s*\((.*)\)\s*$")
_DASHED = re.compile(r"^(.+?)\s+[–-]\s+(.+)$")

log = logging.getLogger("twin_towns")


def resolve(gaz: Gazetteer, raw: str, country: str | None) -> City:
    name, parent = raw.strip(), None
    m = _PARENS.match(name)
    if m:
        name, parent = m.group(1).strip(), m.group(2).strip()
    elif _DASHED.match(name):  # "Seoul – Gangnam": the district of a metropolitan city
        parent, name = (part.strip() for part in _DASHED.match(name).groups())  # type: ignore[union-attr]
    candidates = gaz.lookup(name, country)
    if parent and candidates:
        context = [c.key for c in gaz.lookup(parent, country)]
        if country:
            context.append(f"cc:{country}")
        city, _ = gaz.choose(candidates, context)
        return city
    if candidates:
        return candidates[0]
    return gaz.resolve(name=name, country=country)


def convert(source: Path) -> tuple[list[dict[str, str]], int]:
    gaz = Gazetteer.default()
    text = source.read_text(encoding="utf-8-sig")
    lines = [ln for ln in io.StringIO(text) if not ln.startswith("#")]
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    unknown = 0
    for rec in csv.DictReader(lines):
        sides = []
        for c, k in (("city1", "country1"), ("city2", "country2")):
            cc = country_code(rec[k] or "")
            city = resolve(gaz, rec[c] or "", cc)
            unknown += city.key.startswith("new:")
            sides.append(city)
        a, b = sides
        pair = tuple(sorted((a.key, b.key)))
        if a.key == b.key or pair in seen:
            continue
        seen.add(pair)  # type: ignore[arg-type]
        pair_text = f"{rec['city1']} ({rec['country1']}) – {rec['city2']} ({rec['country2']})"
        evidence = f"{pair_text}: twin towns. {ATTRIBUTION}"
        rows.append(
            {
                "type": "sister_city",
                "status": "active",
                "cities": ";".join(s.name for s in sides),
                "cities_ko": ";".join(s.name_ko or "" for s in sides),
                "countries": ";".join(s.country or "" for s in sides),
                "geonames": ";".join("" if s.geonames is None else str(s.geonames) for s in sides),
                "date": "",
                "place": "",
                "place_ko": "",
                "place_country": "",
                "officials": "",
                "evidence": evidence,
                "evidence_start": "",
                "evidence_end": "",
                "source": "Wikipedia",
                "confidence": "0.6",
            }
        )
    return rows, unknown


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    rows, unknown = convert(args.source)
    with args.output.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {args.output}: {len(rows)} relations ({unknown} city names not in the gazetteer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
