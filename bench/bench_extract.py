"""Benchmark: articles per second of extraction against Kiwi's tokenisation of the same texts.

The floor is Kiwi alone (the analysis extraction cannot avoid); the aim is extraction at
no more than twice its cost. Texts: the dev-set excerpts and the seed, read from
``../shared`` beside the checkout (they are not copied into the project), repeated to a
corpus of ``--articles`` texts. Loading (Kiwi's model, the gazetteer) is timed apart.

    python bench/bench_extract.py --articles 400
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus(n: int) -> list[str]:
    files = sorted((SHARED / "devset" / "texts").glob("*.txt")) + [
        SHARED / "seed" / "goyang-yiwu-2024-10-24.txt"
    ]
    texts = [f.read_text(encoding="utf-8") for f in files if f.exists()]
    if not texts:
        raise SystemExit(
            f"no texts under {SHARED}: the benchmark reads ../shared beside the checkout"
        )
    return [texts[i % len(texts)] for i in range(n)]


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="corpus size (texts repeated)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measure (the median is kept)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    from kg.extract import extract, extract_many
    from kg.extract.korean import kiwi
    from kg.extract.text import is_korean
    from kg.gazetteer import Gazetteer

    texts = corpus(args.articles)
    korean = [t for t in texts if is_korean(t)]
    start = time.perf_counter()
    Gazetteer.default()
    gaz_load = time.perf_counter() - start
    start = time.perf_counter()
    analyser = kiwi(threads=2)  # for the batched modes (one by one pays a little for it)
    analyser.tokenize(korean[0])
    kiwi_load = time.perf_counter() - start
    extract(texts[0])  # warm the lexicon and the regexes

    tok_one = timed(lambda: [analyser.tokenize(t) for t in korean], args.repeat)
    tok_batch = timed(lambda: list(analyser.tokenize(korean)), args.repeat)
    ext_one = timed(lambda: [extract(t) for t in texts], args.repeat)
    ext_batch = timed(lambda: list(extract_many(texts)), args.repeat)
    floor = min(tok_one, tok_batch)
    best = min(ext_one, ext_batch)
    figures = {
        "articles": len(texts),
        "korean_articles": len(korean),
        "chars": sum(map(len, texts)),
        "load_s": {"gazetteer": round(gaz_load, 2), "kiwi": round(kiwi_load, 2)},
        "tokenise_articles_per_s": {
            "one_by_one": round(len(korean) / tok_one, 1),
            "batch": round(len(korean) / tok_batch, 1),
        },
        "extract_articles_per_s": {
            "one_by_one": round(len(texts) / ext_one, 1),
            "batch": round(len(texts) / ext_batch, 1),
        },
        # Extracting the whole corpus against tokenising its Korean texts (English needs no Kiwi).
        "ratio_extract_to_tokenise": round(best / floor, 2),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{figures['articles']} articles ({figures['korean_articles']} Korean, {figures['chars']} chars); "  # noqa: E501
        f"load: gazetteer {gaz_load:.2f} s, Kiwi {kiwi_load:.2f} s"
    )
    print(
        f"Kiwi tokenisation alone: {len(korean) / tok_one:8.1f} articles/s one by one, "
        f"{len(korean) / tok_batch:8.1f} batched"
    )
    print(
        f"extraction:              {len(texts) / ext_one:8.1f} articles/s one by one, "
        f"{len(texts) / ext_batch:8.1f} batched (extract_many)"
    )
    print(
        f"extraction of the corpus takes {figures['ratio_extract_to_tokenise']}x the time of tokenising it "  # noqa: E501
        f"(best mode of each; aim: <= 2)"
    )


if __name__ == "__main__":
    main()
