"""Relation records: the ``kg extract`` JSON record and its CSV twin, both ways.

A record is the public contract of docs/design.md; :func:`relation_to_record` writes it and
:func:`record_to_relation` reads it back, so ``kg extract`` output can be loaded with
``kg ingest``. :func:`read_relation_file` reads a whole ``.jsonl`` or ``.csv`` file
first and raises :class:`~kg.errors.InputError` naming the file and line of the first
bad row, before anything is written.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Article, City, Evidence, Official, Relation, RelationType, Status

__all__ = [
    "CSV_COLUMNS",
    "relation_to_record",
    "record_to_relation",
    "record_to_csv_row",
    "read_relation_file",
    "write_records",
    "group_by_source",
    "is_relation_record",
]

#: Columns of the CSV form of a record; list-valued cells are joined with ``;``,
#: the fields of an official with ``|`` (``이동환|mayor|Goyang``).
CSV_COLUMNS = (
    "type",
    "status",
    "cities",
    "cities_ko",
    "countries",
    "geonames",
    "date",
    "place",
    "place_ko",
    "place_country",
    "officials",
    "evidence",
    "evidence_start",
    "evidence_end",
    "source",
    "confidence",
)
_REQUIRED_CSV = ("type", "cities")
_HANGUL = re.compile("[\uac00-\ud7a3]")
_TYPES = ", ".join(t.value for t in RelationType)
_STATUSES = ", ".join(s.value for s in Status)


def _city_record(city: City) -> dict[str, Any]:
    return {
        "name": city.name,
        "name_ko": city.name_ko,
        "country": city.country,
        "geonames": city.geonames,
    }


def relation_to_record(relation: Relation) -> dict[str, Any]:
    """The JSON record of a relation (docs/design.md) (a plain dict, ready for ``json.dumps``)."""
    ev = relation.evidence
    return {
        "type": relation.type.value,
        "status": relation.status.value,
        "cities": [_city_record(c) for c in relation.cities],
        "date": relation.date,
        "place": None
        if relation.place is None
        else {
            "name": relation.place.name,
            "name_ko": relation.place.name_ko,
            "country": relation.place.country,
        },
        "officials": [
            {"name": o.name, "role": o.role, "city": o.city.name if o.city else None}
            for o in relation.officials
        ],
        "evidence": None if ev is None else {"text": ev.text, "start": ev.start, "end": ev.end},
        "source": relation.source,
        "confidence": round(relation.confidence, 3),
    }


def is_relation_record(obj: Mapping[str, Any]) -> bool:
    """True for a relation record, False for an article line (``text``, ``url``...)."""
    return "type" in obj and "cities" in obj


def _resolver():  # type: ignore[no-untyped-def]
    from .gazetteer import Gazetteer

    return Gazetteer.default()


def _to_city(obj: Any, what: str) -> City:
    if isinstance(obj, str):
        obj = {"name": obj}
    if not isinstance(obj, Mapping):
        raise ValueError(f"{what} must be an object with name, name_ko, country, geonames")
    name, name_ko = obj.get("name"), obj.get("name_ko")
    if not (name or name_ko):
        raise ValueError(f"{what} has neither name nor name_ko")
    geonames = obj.get("geonames")
    if geonames is not None:
        try:
            geonames = int(geonames)
        except (TypeError, ValueError) as err:
            raise ValueError(f"{what}: geonames {geonames!r} is not a number") from err
    country = obj.get("country")
    if country is not None and (not isinstance(country, str) or len(country) != 2):
        raise ValueError(f"{what}: country {country!r} is not an ISO 3166 two-letter code")
    country = country.upper() if country else None
    # A name is in the language its script says: 광주 in the English column is Korean.
    if name and not name_ko and _HANGUL.search(name):
        name, name_ko = None, name
    city = _resolver().resolve(name=name, name_ko=name_ko, country=country, geonames=geonames)
    # The gazetteer's names are the city's labels; the record's other spellings are kept
    # as other names (skos:altLabel in the store).
    others = tuple(
        n for n in (name, name_ko) if n and n not in (city.name, city.name_ko, *city.alt_names)
    )
    if others or (country and not city.country):
        city = City(
            key=city.key,
            name=city.name,
            name_ko=city.name_ko,
            country=city.country or country,
            geonames=city.geonames,
            lat=city.lat,
            lon=city.lon,
            alt_names=(*city.alt_names, *others),
        )
    return city


def record_to_relation(record: Mapping[str, Any], *, default_source: str | None = None) -> Relation:
    """Read one record back into a :class:`Relation`; raises ``ValueError`` saying what is wrong."""
    if not isinstance(record, Mapping):
        raise ValueError("a record must be a JSON object")
    raw_type = record.get("type")
    try:
        rtype = RelationType(str(raw_type))
    except ValueError as err:
        raise ValueError(f"type {raw_type!r} is not one of: {_TYPES}") from err
    status = record.get("status") or "active"
    try:
        status = Status(status)
    except ValueError as err:
        raise ValueError(f"status {status!r} is not one of: {_STATUSES}") from err
    raw_cities = record.get("cities")
    if not isinstance(raw_cities, list):
        raise ValueError("cities must be a list of two or more cities")
    cities = tuple(_to_city(c, f"cities[{i}]") for i, c in enumerate(raw_cities))
    if len({c.key for c in cities}) < 2:
        raise ValueError("a relation needs two or more different cities")
    place = record.get("place")
    place_city = _to_city(place, "place") if place else None
    by_name = {n: c for c in cities for n in (c.name, c.name_ko, *c.alt_names) if n}
    officials = []
    for i, o in enumerate(record.get("officials") or []):
        if not isinstance(o, Mapping) or not o.get("name") or not o.get("role"):
            raise ValueError(f"officials[{i}] needs a name and a role")
        city_name = o.get("city")
        city = by_name.get(city_name) if city_name else None
        if city_name and city is None:
            raise ValueError(
                f"officials[{i}]: city {city_name!r} is not one of the relation's cities"
            )
        officials.append(Official(name=str(o["name"]), role=str(o["role"]), city=city))
    ev = record.get("evidence")
    evidence = None
    if ev:
        if not isinstance(ev, Mapping) or not isinstance(ev.get("text"), str):
            raise ValueError("evidence must be an object with text, start, end")
        try:
            start = int(ev.get("start") or 0)
            raw_end = ev.get("end")
            end = int(raw_end) if raw_end is not None else start + len(ev["text"])
        except (TypeError, ValueError) as err:
            raise ValueError("evidence start and end must be numbers") from err
        evidence = Evidence(ev["text"], start, end)
    confidence = record.get("confidence")
    try:
        confidence = 1.0 if confidence is None else float(confidence)
    except (TypeError, ValueError) as err:
        raise ValueError(f"confidence {confidence!r} is not a number") from err
    return Relation(
        type=rtype,
        status=status,
        cities=cities,
        date=record.get("date") or None,
        place=place_city,
        officials=tuple(officials),
        evidence=evidence,
        source=record.get("source") or default_source,
        confidence=confidence,
    )


def record_to_csv_row(record: Mapping[str, Any]) -> dict[str, str]:
    """Flatten a record into the CSV columns (:data:`CSV_COLUMNS`)."""
    cities = record.get("cities") or []
    place = record.get("place") or {}
    ev = record.get("evidence") or {}

    def join(values: Iterable[Any]) -> str:
        return ";".join("" if v is None else str(v) for v in values)

    return {
        "type": record.get("type") or "",
        "status": record.get("status") or "",
        "cities": join(c.get("name") for c in cities),
        "cities_ko": join(c.get("name_ko") for c in cities),
        "countries": join(c.get("country") for c in cities),
        "geonames": join(c.get("geonames") for c in cities),
        "date": record.get("date") or "",
        "place": place.get("name") or "",
        "place_ko": place.get("name_ko") or "",
        "place_country": place.get("country") or "",
        "officials": ";".join(
            f"{o.get('name')}|{o.get('role')}|{o.get('city') or ''}"
            for o in record.get("officials") or []
        ),
        "evidence": ev.get("text") or "",
        "evidence_start": "" if ev.get("start") is None else str(ev["start"]),
        "evidence_end": "" if ev.get("end") is None else str(ev["end"]),
        "source": record.get("source") or "",
        "confidence": "" if record.get("confidence") is None else str(record["confidence"]),
    }


def _csv_row_to_record(row: Mapping[str, str | None]) -> dict[str, Any]:
    def split(key: str) -> list[str]:
        value = (row.get(key) or "").strip()
        return [v.strip() for v in value.split(";")] if value else []

    names, names_ko, countries, ids = (
        split("cities"),
        split("cities_ko"),
        split("countries"),
        split("geonames"),
    )
    n = max(len(names), len(names_ko))
    for key, values in (("cities_ko", names_ko), ("countries", countries), ("geonames", ids)):
        if values and len(values) != n:
            raise ValueError(f"column {key} has {len(values)} entries but there are {n} cities")
    cities = []
    for i in range(n):
        cities.append(
            {
                "name": (names[i] if i < len(names) else "") or None,
                "name_ko": (names_ko[i] if i < len(names_ko) else "") or None,
                "country": (countries[i] if i < len(countries) else "") or None,
                "geonames": (ids[i] if i < len(ids) else "") or None,
            }
        )
    officials = []
    for item in split("officials"):
        fields = item.split("|")
        if len(fields) < 2:
            raise ValueError(f"official {item!r} is not name|role|city")
        officials.append(
            {
                "name": fields[0],
                "role": fields[1],
                "city": (fields[2] if len(fields) > 2 else "") or None,
            }
        )
    place = None
    if (row.get("place") or row.get("place_ko") or "").strip():
        place = {
            "name": (row.get("place") or "").strip() or None,
            "name_ko": (row.get("place_ko") or "").strip() or None,
            "country": (row.get("place_country") or "").strip() or None,
        }
    evidence = None
    if (row.get("evidence") or "").strip():
        evidence = {
            "text": row["evidence"],
            "start": (row.get("evidence_start") or "").strip() or None,
            "end": (row.get("evidence_end") or "").strip() or None,
        }
    return {
        "type": (row.get("type") or "").strip(),
        "status": (row.get("status") or "").strip() or "active",
        "cities": cities,
        "date": (row.get("date") or "").strip() or None,
        "place": place,
        "officials": officials,
        "evidence": evidence,
        "source": (row.get("source") or "").strip() or None,
        "confidence": (row.get("confidence") or "").strip() or None,
    }


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file", path=str(path), hint="check the path") from err
    except IsADirectoryError as err:
        raise InputError("is a folder, not a file", path=str(path)) from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line_start = data.rfind(b"\n", 0, err.start) + 1
        line = data[: err.start].count(b"\n") + 1
        hint = "save relation files as UTF-8"
        if b"\0" not in data[:4096]:
            try:
                data.decode("cp949")
            except UnicodeDecodeError:
                pass
            else:
                hint = (
                    f"it looks like CP949/EUC-KR: convert it with `iconv -f cp949 -t utf-8 {path}`"
                )
        raise InputError(
            f"is not UTF-8 text (byte 0x{data[err.start]:02x})",
            path=str(path),
            line=line,
            column=err.start - line_start + 1,
            hint=hint,
        ) from err


def _lines(text: str) -> Iterator[str]:
    """Lines ending at \n only, one at a time (no list of a whole 100 MB file).

    str.splitlines() also breaks at U+2028, U+0085 and other characters that are legal
    inside a JSON string, and would cut a valid record in two and miscount lines.
    """
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def iter_json_lines(
    text: str,
    path: str | Path,
    *,
    invalid: str = "not valid JSON",
    hint: str | None = "each line must be one JSON object",
) -> Iterator[tuple[int, Any]]:
    r"""(line number, value) for each non-blank line of JSON Lines text: kg's one JSON
    Lines reader (relation records, articles, gold files).

    Lines end at ``\n`` only (U+2028 and the like are legal inside a JSON string). A line
    that is not JSON is an InputError naming the file, line and column (``invalid`` and
    ``hint`` say what it should have been).

    >>> [v for _, v in iter_json_lines('{"a": "x\u2028y"}\n\n[1]\n', "t.jsonl")]
    [{'a': 'x\u2028y'}, [1]]
    """
    for lineno, line in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(
                f"{invalid}: {err.msg}",
                path=str(path),
                line=lineno,
                column=err.colno,
                hint=hint,
            ) from err


def iter_jsonl_records(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; InputError on a broken line."""
    for lineno, obj in iter_json_lines(text, path):
        if not isinstance(obj, dict):
            raise InputError("a line must be a JSON object", path=str(path), line=lineno)
        yield lineno, obj


def read_relation_file(path: str | Path, *, source: str | None = None) -> list[Relation]:
    """Read every relation of a ``.jsonl`` or ``.csv`` relation file, or fail before any.

    ``source`` is the default source of records that name none (the file's path).
    """
    p = Path(path)
    text = _read_text(p)
    default_source = source or str(path)
    relations: list[Relation] = []
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        for lineno, obj in iter_jsonl_records(p, text):
            if not is_relation_record(obj):
                raise InputError(
                    "not a relation record (needs type and cities)",
                    path=str(p),
                    line=lineno,
                    hint="see the `kg extract` record in the README",
                )
            try:
                relations.append(record_to_relation(obj, default_source=default_source))
            except ValueError as err:
                raise InputError(str(err), path=str(p), line=lineno) from err
    elif suffix in (".csv", ".tsv"):
        delimiter = "\t" if suffix == ".tsv" else ","
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = next(_csv_rows(reader, p))
        except StopIteration:
            raise InputError(
                "the file is empty",
                path=str(p),
                hint=f"a header line {','.join(CSV_COLUMNS)} is needed",
            ) from None
        header = [h.strip() for h in header]
        unknown = [h for h in header if h not in CSV_COLUMNS]
        missing = [h for h in _REQUIRED_CSV if h not in header]
        if unknown or missing:
            problems = []
            if unknown:
                problems.append("unknown column(s) " + ", ".join(repr(u) for u in unknown))
            if missing:
                problems.append("missing column(s) " + ", ".join(missing))
            raise InputError(
                "; ".join(problems),
                path=str(p),
                line=1,
                hint="columns are: " + ",".join(CSV_COLUMNS),
            )
        for row in _csv_rows(reader, p):
            lineno = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(
                    f"{len(row)} fields where the header has {len(header)}",
                    path=str(p),
                    line=lineno,
                    hint="quote cells that contain the delimiter",
                )
            try:
                record = _csv_row_to_record(dict(zip(header, row, strict=True)))
                relations.append(record_to_relation(record, default_source=default_source))
            except ValueError as err:
                raise InputError(str(err), path=str(p), line=lineno) from err
    else:
        raise InputError(
            f"unknown relation file type {p.suffix!r}",
            path=str(p),
            hint="use .jsonl or .csv",
        )
    return relations


def _csv_rows(reader: Any, path: Path) -> Iterator[list[str]]:
    """The rows of a CSV reader, with its own errors (a cell past the size limit, a bad
    quote) turned into an InputError naming the line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise InputError(
                f"not valid CSV: {err}",
                path=str(path),
                line=reader.line_num,
                hint="check the quoting of that row",
            ) from err
        yield row


def group_by_source(relations: Iterable[Relation]) -> list[tuple[Article, list[Relation]]]:
    """One article per distinct source, in order of first appearance."""
    groups: dict[str, list[Relation]] = {}
    for rel in relations:
        groups.setdefault(rel.source or "", []).append(rel)
    out = []
    for src, rels in groups.items():
        url = src if src.startswith(("http://", "https://")) else None
        out.append((Article(source=src, url=url), rels))
    return out


def write_records(
    relations: Iterable[Relation], out: io.TextIOBase | Any, fmt: str = "jsonl"
) -> int:
    """Write relations as JSON lines or CSV to a text stream; returns the count."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for rel in relations:
            writer.writerow(record_to_csv_row(relation_to_record(rel)))
            count += 1
    else:
        for rel in relations:
            out.write(json.dumps(relation_to_record(rel), ensure_ascii=False) + "\n")
            count += 1
    return count
