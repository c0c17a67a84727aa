"""Extraction fanned out to worker processes on this machine (``kg ingest --jobs N``).

Each worker loads Kiwi and the gazetteer once, as it starts; articles go to the workers
in chunks, with only a few chunks per worker in flight, so memory stays bounded however
long the input is; results come back in the order the chunks were given, so that the one
writer (the process that holds the store) can stream them into the store as they come.

Extraction itself is :func:`extract_chunk`, a pure function of the articles, the same on
one process, on worker processes and (through :mod:`kg.cluster`) on a Dask cluster.
Errors come back as values, one per article: a bad article names itself and the others
go on.

>>> outcomes = extract_chunk([Article(source="a", text="Seoul and Busan signed an MOU.")])
>>> [(status, len(relations)) for status, relations in outcomes]
[('ok', 1)]
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .errors import KGError
from .model import Article

log = logging.getLogger(__name__)

__all__ = ["CHUNK", "Outcome", "extract_chunk", "warm", "ProcessExtractor", "SerialExtractor"]

K = TypeVar("K")

#: Articles per task: large enough to amortise the round trip (a chunk is about 0.15 s of
#: extraction here), small enough to keep every worker busy to the end of a run.
CHUNK = 16

#: What extraction made of one article: ``("ok", [Relation, ...])``, or an error as
#: ``(kind, message)``: ``"kg"`` for bad input, ``"internal"`` for a bug in kg, ``"lost"``
#: for an article whose worker died (more often than the retries allow).
Outcome = tuple[str, Any]

#: Texts that load everything extraction needs (Kiwi with the gazetteer's names, the
#: gazetteer, the rules of both languages) without touching any real article.
_WARM_TEXTS = ("고양시와 진주시는 우호협력 협약을 맺었다.", "Seoul and Busan signed an MOU.")


def extract_chunk(articles: Sequence[Article]) -> list[Outcome]:
    """The relations of each article, in order, each as an :data:`Outcome`."""
    from .extract import extract

    out: list[Outcome] = []
    for article in articles:
        try:
            out.append(("ok", list(extract(article))))
        except KGError as err:
            out.append(("kg", str(err)))
        except Exception as err:  # a bug on one article must not cost the others
            log.debug("extraction failed on %s", article.source, exc_info=True)
            out.append(("internal", f"{type(err).__name__}: {err}"))
    return out


def warm() -> float:
    """Load Kiwi and the gazetteer in this process now; the seconds it took."""
    from .extract import extract

    t = time.perf_counter()
    for text in _WARM_TEXTS:
        extract(text)
    return time.perf_counter() - t


@dataclass
class _Startup:
    """When each worker was ready, for the start-up figure."""

    began: float = field(default_factory=time.time)
    ready: dict[int, float] = field(default_factory=dict)

    def seen(self, pid: int, ready_at: float | None) -> None:
        if ready_at is not None:
            self.ready.setdefault(pid, ready_at - self.began)

    def seconds(self) -> float | None:
        return max(self.ready.values()) if self.ready else None


class SerialExtractor:
    """Extraction in this process (``--jobs 1``), with the interface of the others."""

    jobs = 1

    def __init__(self) -> None:
        self._startup = _Startup()
        self._warmed = False

    @property
    def startup_s(self) -> float | None:
        """Seconds until extraction could start (Kiwi and gazetteer loaded)."""
        return self._startup.seconds()

    def map(
        self, items: Iterable[tuple[K, Sequence[Article]]]
    ) -> Iterator[tuple[K, list[Outcome]]]:
        """Each key with the outcomes of its articles, in the order given."""
        for key, articles in items:
            if articles and not self._warmed:
                warm()
                self._warmed = True
                self._startup.seen(0, time.time())
            yield key, extract_chunk(articles) if articles else []

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- worker processes -------------------------------------------------------------------

_READY_AT: float | None = None


def _init_worker(parent: int) -> None:
    """Worker initializer: watch the parent, then load Kiwi and the gazetteer once."""
    global _READY_AT
    _exit_with(parent)
    try:
        warm()
    except Exception:  # the articles will meet the same error and name it, one by one
        log.debug("warm-up failed in worker %d", os.getpid(), exc_info=True)
    _READY_AT = time.time()


def _run_chunk(articles: Sequence[Article]) -> tuple[int, float | None, list[Outcome]]:
    return os.getpid(), _READY_AT, extract_chunk(articles)


def _exit_with(parent: int) -> None:
    """End this worker when the process that started it is gone.

    A worker waits on a pipe whose other end it holds itself, so a parent killed with
    SIGKILL would leave it (and its ~600 MB of Kiwi) running for ever.
    """

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except OSError:  # gone (or its pid now someone else's)
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


@dataclass
class _Task(Generic[K]):
    key: K
    articles: Sequence[Article]
    future: Future[Any] | None
    tries: int = 0


class ProcessExtractor:
    """``jobs`` worker processes extracting chunks of articles, results in order.

    Args:
        jobs: worker processes (each holds its own Kiwi, about 0.6 GB).
        window: chunks in flight at most (default ``4 * jobs``): bounds memory and how far
            the results may run ahead of the writer.
        retries: how often the chunks of a worker that died are sent again before their
            articles are reported ``"lost"``.
    """

    def __init__(self, jobs: int, *, window: int | None = None, retries: int = 2):
        if jobs < 1:
            raise ValueError(f"jobs must be 1 or more, not {jobs}")
        self.jobs = jobs
        self.window = window or 4 * jobs
        self.retries = retries
        self._startup = _Startup()
        self._pool: ProcessPoolExecutor | None = None

    @property
    def startup_s(self) -> float | None:
        """Seconds from the start until the last worker that extracted had loaded Kiwi."""
        return self._startup.seconds()

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver: the parent holds Oxigraph's threads, which a plain fork must not copy.
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(os.getpid(),),
        )

    def _submit(self, task: _Task[K]) -> None:
        if self._pool is None:
            self._pool = self._new_pool()
        task.future = self._pool.submit(_run_chunk, task.articles) if task.articles else None

    def map(
        self, items: Iterable[tuple[K, Sequence[Article]]]
    ) -> Iterator[tuple[K, list[Outcome]]]:
        """Each key with the outcomes of its articles, in the order given.

        ``items`` is read lazily, a window ahead of what has been yielded; an empty
        sequence of articles passes through in its place without a round trip.
        """
        flight: deque[_Task[K]] = deque()
        source = iter(items)
        exhausted = False
        try:
            while True:
                while not exhausted and len(flight) < self.window:
                    try:
                        key, articles = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    task = _Task(key, articles, None)
                    self._submit(task)
                    flight.append(task)
                if not flight:
                    return
                head = flight[0]
                outcomes = self._result(head, flight)
                if outcomes is None:
                    continue  # the pool broke: the chunks in flight were sent again
                flight.popleft()
                yield head.key, outcomes
        finally:
            for task in flight:
                if task.future is not None:
                    task.future.cancel()

    def _result(self, head: _Task[K], flight: deque[_Task[K]]) -> list[Outcome] | None:
        if head.future is None:
            return []
        try:
            pid, ready_at, outcomes = head.future.result()
        except BrokenProcessPool:
            self._restart(flight)
            return None
        self._startup.seen(pid, ready_at)
        return list(outcomes)

    def _restart(self, flight: deque[_Task[K]]) -> None:
        """A worker died (killed, out of memory): start a new pool, send its chunks again."""
        log.warning("a worker process died; starting new workers and sending their articles again")
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        for task in flight:
            if not task.articles:
                continue
            done = task.future is not None and task.future.done() and not task.future.cancelled()
            if done and task.future is not None and task.future.exception() is None:
                continue  # finished before the break: its result stands
            task.tries += 1
            if task.tries > self.retries:
                message = (
                    f"a worker process died {task.tries} times while extracting these articles "
                    "(killed, or out of memory?); they were not written"
                )
                lost: Future[Any] = Future()
                lost.set_result((0, None, [("lost", message)] * len(task.articles)))
                task.future = lost
            else:
                self._submit(task)

    def close(self) -> None:
        """Stop the workers (what is in flight is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ProcessExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
