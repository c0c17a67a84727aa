"""Extraction: from an article's text to :class:`kg.model.Relation` values, with evidence.

Pure: text in, frozen dataclasses out; nothing here touches a store, a file or the
network (reading files is :mod:`kg.readers`). Kiwi's model loads on the first Korean
text, once per process.

>>> rels = extract("Seoul and Los Angeles signed a sister city agreement in 2006.")
>>> sorted(c.name for c in rels[0].cities), rels[0].type.value, rels[0].date
(['Los Angeles', 'Seoul'], 'sister_city', '2006')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.gazetteer import Gazetteer
from kg.model import Article, Relation

__all__ = ["extract", "extract_many"]


def extract(
    text_or_article: str | Article,
    *,
    source: str | None = None,
    published: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Relation]:
    """Relations between cities that a text states, one per (set of parties, type, status).

    Args:
        text_or_article: the text, or an :class:`~kg.model.Article` (its ``source`` and
            ``published`` are used unless given here).
        source: recorded on each relation (a path or URL).
        published: ISO date the text was published, for "지난 23일", "내년"; found in the
            text ("기사입력 2024/10/24") when not given.
        gazetteer: the city names to use (default: :meth:`Gazetteer.default`).

    Returns:
        Relations whose ``evidence`` offsets slice the text as given.
    """
    from .core import extract_text

    if isinstance(text_or_article, Article):
        article = text_or_article
        return extract_text(
            article.text,
            source=source or article.source,
            published=published or article.published,
            gazetteer=gazetteer,
        )
    return extract_text(text_or_article, source=source, published=published, gazetteer=gazetteer)


def extract_many(
    items: Iterable[str | Article], *, gazetteer: Gazetteer | None = None
) -> Iterator[tuple[Article, list[Relation]]]:
    """Extract from many texts, Kiwi analysing the next Korean texts while rules run on this one.

    Yields ``(article, relations)`` in the order given; plain strings become articles
    with no source.

    >>> texts = ["Seoul and Busan signed an MOU.", "no city"]
    >>> [(a.text[:5], len(r)) for a, r in extract_many(texts)]
    [('Seoul', 1), ('no ci', 0)]
    """
    from .core import extract_text
    from .korean import tokenize_stream
    from .text import is_korean

    articles = [a if isinstance(a, Article) else Article(source="", text=a) for a in items]
    korean = [is_korean(a.text) for a in articles]
    stream = (
        tokenize_stream(a.text for a, k in zip(articles, korean, strict=True) if k)
        if any(korean)
        else None
    )
    for article, is_ko in zip(articles, korean, strict=True):
        tokens = next(stream) if is_ko and stream is not None else None
        yield (
            article,
            extract_text(
                article.text,
                source=article.source or None,
                published=article.published,
                gazetteer=gazetteer,
                tokens=tokens,
            ),
        )
