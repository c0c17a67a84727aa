"""kg: turn news about cities into a knowledge graph of their relations.

>>> from kg import KnowledgeGraph, RelationType
>>> RelationType("sister_city").value
'sister_city'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import InputError, KGError, QueryError, StoreError
from .model import Article, City, Evidence, Official, Relation, RelationType, Status

if TYPE_CHECKING:
    from .extract import extract
    from .graph import KnowledgeGraph

__version__ = "0.1.0"

__all__ = [
    "KnowledgeGraph",
    "extract",
    "Article",
    "City",
    "Evidence",
    "Official",
    "Relation",
    "RelationType",
    "Status",
    "KGError",
    "InputError",
    "QueryError",
    "StoreError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    # The front class and the extractor pull in rdflib and Kiwi: import them on first use.
    if name == "KnowledgeGraph":
        from .graph import KnowledgeGraph

        return KnowledgeGraph
    if name == "extract":
        from .extract import extract

        return extract
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
