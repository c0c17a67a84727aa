"""What several test modules check against: the public `kg extract` record's fields."""

from __future__ import annotations

#: The top-level fields of one JSON record of `kg extract` (and of `kg ingest` input), the
#: public contract of docs/design.md, written out here so that a test sees a change to it.
RECORD_FIELDS = (
    "type",
    "status",
    "cities",
    "date",
    "place",
    "officials",
    "evidence",
    "source",
    "confidence",
)
