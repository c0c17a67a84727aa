"""Values in records and articles that kg refuses before it builds anything from them.

JSON lets a relation record or an article line carry anything: a number where a name
goes, a list where a language goes, ``Infinity`` or ``1e400`` (a float infinity) where
an offset goes, a lone surrogate (``"\\ud800"``, which no UTF-8 file can hold) inside a
name. Each used to surface deep in the write step as an internal error that took every
good file of the batch with it. These checks name the field and say what it should be;
the readers turn the ``ValueError`` into an :class:`~kg.errors.InputError` naming the
file and line, so one bad file fails alone.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

__all__ = [
    "MAX_CITIES",
    "MAX_ARTICLE_BYTES",
    "max_article_bytes",
    "check_article_size",
    "check_record",
    "check_article",
    "check_file_name",
    "clean_date",
    "check_strings",
]

#: Cities of one relation: a twinning names two, a summit a few dozen; a record naming
#: 1,000 wrote 2 million quads (every pair gets its shortcut edges).
MAX_CITIES = 50

#: The size past which a text is not one article (a dump, a log, a mistake); extraction of
#: such a text takes minutes and gigabytes. ``KG_MAX_ARTICLE_BYTES`` raises it.
MAX_ARTICLE_BYTES = 32 * 1024 * 1024


def max_article_bytes() -> int:
    """The largest article kg reads, in bytes of UTF-8 (``KG_MAX_ARTICLE_BYTES``)."""
    from .errors import InputError

    raw = os.environ.get("KG_MAX_ARTICLE_BYTES")
    try:
        return int(raw) if raw else MAX_ARTICLE_BYTES
    except ValueError:
        raise InputError(f"KG_MAX_ARTICLE_BYTES={raw!r} is not a number of bytes") from None


def check_article_size(text: str) -> None:
    """Refuse an article text of more than :func:`max_article_bytes` (a ``ValueError``
    that says how big it is and what to do)."""
    limit = max_article_bytes()
    if len(text) * 4 <= limit:  # no UTF-8 character takes more than 4 bytes
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limit:
        raise ValueError(
            f"the article text is {size / 2**20:.1f} MiB, more than one article can be "
            f"({limit / 2**20:.1f} MiB): split it, or raise KG_MAX_ARTICLE_BYTES"
        )


_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", re.ASCII)


def check_strings(value: Any, where: str) -> None:
    """Refuse a lone surrogate in any string of ``value`` (keys included), naming where."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            bad = value[err.start]
            raise ValueError(
                f"{where} holds a lone surrogate (U+{ord(bad):04X} at character {err.start + 1}), "
                "which is no character: fix the escape in the file (a \\uD8xx must be followed "
                "by its \\uDCxx pair)"
            ) from None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_strings(key, f"{where} key")
            check_strings(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            check_strings(item, f"{where}[{i}]")


def check_file_name(path: os.PathLike[str] | str) -> None:
    """Refuse a file whose name is not UTF-8 (Python keeps its bytes as lone surrogates,
    which no RDF literal can hold); the message shows the bad bytes as ``\xff``."""
    from .errors import InputError

    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        raise InputError(
            "the file name is not UTF-8 text",
            path=shown,
            hint="rename it, e.g. with `convmv -f cp949 -t utf-8` for a Korean name",
        ) from None


def _text(value: Any, field: str, *, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a string, not {_kind(value)} {_show(value)}")


def _integer(value: Any, field: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not (
        isinstance(value, int)
        or (isinstance(value, str) and value.strip().isascii() and value.strip().isdigit())
        or (isinstance(value, float) and math.isfinite(value) and value.is_integer())
    ):
        raise ValueError(f"{field} must be a whole number, not {_kind(value)} {_show(value)}")
    if abs(int(value)) > 2**53:
        raise ValueError(f"{field} {_show(value)} is too large")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and not math.isfinite(value):
        return "the non-number"
    return {int: "the number", float: "the number", list: "a list", dict: "an object"}.get(
        type(value), type(value).__name__
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def clean_date(value: Any, field: str = "date") -> str | None:
    """A date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` in ASCII digits (full-width digits
    are read as digits), or ``None``; anything else is a ``ValueError``.

    >>> clean_date("２０２４-１０-２３")
    '2024-10-23'
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(
            f'{field} must be a string such as "2024-10-23", not {_kind(value)} {_show(value)}'
        )
    text = unicodedata.normalize("NFKC", value).strip()
    if not _DATE.fullmatch(text):
        raise ValueError(f"{field} {_show(value)} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    return text


def _city(value: Any, field: str) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, Mapping):
        raise ValueError(
            f"{field} must be a name or an object with name, name_ko, country, "
            f"geonames, not {_kind(value)} {_show(value)}"
        )
    for key in ("name", "name_ko", "country"):
        _text(value.get(key), f"{field}.{key}")
    _integer(value.get("geonames"), f"{field}.geonames")


def check_record(record: Mapping[str, Any]) -> None:
    """Refuse a relation record whose values have the wrong JSON type, naming the field."""
    check_strings(record, "")
    _text(record.get("type"), "type")
    _text(record.get("status"), "status")
    cities = record.get("cities")
    if isinstance(cities, list):
        if len(cities) > MAX_CITIES:
            raise ValueError(
                f"cities names {len(cities):,} cities; kg takes at most {MAX_CITIES} "
                "in one relation (split the record, one per pair or group)"
            )
        for i, city in enumerate(cities):
            _city(city, f"cities[{i}]")
    if record.get("place") is not None:
        _city(record["place"], "place")
    officials = record.get("officials")
    if officials is not None and not isinstance(officials, list):
        raise ValueError(f"officials must be a list, not {_kind(officials)} {_show(officials)}")
    for i, official in enumerate(officials or []):
        if isinstance(official, Mapping):
            for key in ("name", "role", "city"):
                _text(official.get(key), f"officials[{i}].{key}")
    evidence = record.get("evidence")
    if isinstance(evidence, Mapping):
        _text(evidence.get("text"), "evidence.text")
        for key in ("start", "end"):
            _integer(evidence.get(key), f"evidence.{key}")
    _text(record.get("source"), "source")
    confidence = record.get("confidence")
    number = confidence
    if isinstance(confidence, str):  # a CSV cell
        try:
            number = float(confidence)
        except ValueError:
            number = None
    if confidence is not None and (
        isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number)
    ):
        raise ValueError(
            f"confidence must be a number from 0 to 1, not {_kind(confidence)} {_show(confidence)}"
        )
    clean_date(record.get("date"))


def check_article(obj: Mapping[str, Any]) -> None:
    """Refuse an article line whose title, url, lang, publisher or date is not a string."""
    check_strings(obj, "")
    for key in ("title", "url", "lang", "publisher"):
        _text(obj.get(key), key)
    for key in ("published", "date"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(
                f'{key} must be a string such as "2024-10-23", not {_kind(value)} {_show(value)}'
            )
