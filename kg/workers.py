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

import contextlib
import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import recv_handle, send_handle
from typing import Any, TypeVar, cast

from .errors import KGError
from .model import Article

log = logging.getLogger(__name__)

__all__ = [
    "CHUNK",
    "Outcome",
    "extract_chunk",
    "warm",
    "windowed_map",
    "ProcessExtractor",
    "SerialExtractor",
]

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
#
# A "zygote" process (spawned clean: this process holds Oxigraph's threads, which a fork
# must not copy) loads Kiwi and the gazetteer once, then forks the
# workers, which start warm and share its memory (Kiwi's model) copy-on-write. A worker
# that dies is forked again from the zygote at no start-up cost.


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the writer decides what happens (it stops
    # the workers); a worker dying of it would only look like a crash.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _exit_with(parent: int) -> None:
    """End this process when the process that started it is gone.

    A worker waits on a pipe whose other end the zygote may still hold, so a writer
    killed with SIGKILL would leave it (and Kiwi's model) running for ever.
    """

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(parent, 0)
            except OSError:  # gone (or its pid now someone else's)
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _zygote(control: Connection, parent: int) -> None:
    """The zygote: warm up, then fork a worker for each request on ``control``."""
    _ignore_interrupts()
    _exit_with(parent)
    try:
        warm()
    except Exception:  # the articles will meet the same error and name it, one by one
        log.debug("warm-up failed in the zygote %d", os.getpid(), exc_info=True)
    control.send(("ready", os.getpid(), time.time()))
    while True:
        try:
            if not control.poll(1.0):
                _reap(block=False)
                continue
            if control.recv() != "fork":
                break
        except (EOFError, OSError):
            break
        mine, theirs = multiprocessing.Pipe()
        with warnings.catch_warnings():
            # Python 3.12 warns of fork() beside threads; the only others here are the
            # parent watch and Kiwi's idle pool, which a worker never uses (see _serve).
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:
            control.close()
            mine.close()
            _serve(theirs, parent)
        theirs.close()
        control.send(("worker", pid, time.time()))
        send_handle(control, mine.fileno(), parent)
        mine.close()
    _reap(block=True)  # the workers have been told to stop: their CPU time adds to ours
    os._exit(0)


def _reap(*, block: bool) -> None:
    """Collect the workers that ended (all of them, waiting, with ``block``)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _serve(conn: Connection, parent: int) -> None:
    """A forked worker: extract each chunk it is sent until told to stop; never returns.

    It analyses one text at a time (Kiwi's ``tokenize`` of a string runs in the calling
    thread): Kiwi's thread pool, whose threads a fork does not copy, stays unused.
    """
    code = 0
    try:
        _exit_with(parent)
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message is None:
                break
            number, articles = message
            conn.send((number, extract_chunk(articles)))
    except BaseException:  # the writer sees the closed pipe and sends the chunk again
        code = 1
    finally:
        os._exit(code)


@dataclass
class _Worker:
    conn: Connection
    pid: int
    ready_at: float
    busy: dict[int, _Chunk] = field(default_factory=dict)


@dataclass
class _Chunk:
    number: int
    articles: Sequence[Article]
    outcomes: list[Outcome] | None = None
    tries: int = 0


class ProcessExtractor:
    """``jobs`` worker processes extracting chunks of articles, results in order.

    The workers are forked from one process that loaded Kiwi and the gazetteer (the
    zygote), so start-up costs one warm-up whatever ``jobs`` is, and the workers share
    Kiwi's model.

    Args:
        jobs: worker processes.
        window: chunks in flight at most (default ``4 * jobs``): bounds memory and how far
            the results may run ahead of the writer.
        retries: how often the chunks of a worker that died are sent again before their
            articles are reported ``"lost"``.
    """

    #: Chunks sent to one worker ahead of its answers, so that it never waits for the next.
    DEPTH = 2

    def __init__(self, jobs: int, *, window: int | None = None, retries: int = 2):
        if jobs < 1:
            raise ValueError(f"jobs must be 1 or more, not {jobs}")
        self.jobs = jobs
        self.window = window or 4 * jobs
        self.retries = retries
        self._startup = _Startup()
        self._zygote: Any = None
        self._control: Connection | None = None
        self._workers: dict[Connection, _Worker] = {}
        self._forking = 0  # forks asked of the zygote, not yet answered
        self._failures = 0  # zygotes that died in a row before they were ready
        self._queue: deque[_Chunk] = deque()
        self._numbers = itertools.count()

    @property
    def startup_s(self) -> float | None:
        """Seconds from the start until the last worker that extracted was ready."""
        return self._startup.seconds()

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (the zygote's children), for tests and monitoring."""
        return sorted(w.pid for w in self._workers.values())

    def map(
        self, items: Iterable[tuple[K, Sequence[Article]]]
    ) -> Iterator[tuple[K, list[Outcome]]]:
        """Each key with the outcomes of its articles, in the order given.

        ``items`` is read lazily, a window ahead of what has been yielded; an empty
        sequence of articles passes through in its place without a round trip.
        """
        return windowed_map(items, self.window, self._submit, self._result, self._cancel)

    # -- the zygote and its workers --

    def _start(self) -> None:
        # Spawned: a clean process (this one holds Oxigraph's threads, which a fork must not
        # copy) and a child of this one, so that its CPU time and its workers' add to ours.
        ctx: Any = multiprocessing.get_context("spawn")
        control, theirs = ctx.Pipe()
        zygote = ctx.Process(
            target=_zygote, args=(theirs, os.getpid()), name="kg-extract-zygote", daemon=True
        )
        try:
            zygote.start()
        finally:
            theirs.close()
        self._zygote = zygote
        self._control = control
        self._forking = 0
        for _ in range(self.jobs - len(self._workers)):
            self._fork()

    def _fork(self) -> None:
        if self._control is None:
            self._start()  # asks for every missing worker
            return
        try:
            self._control.send("fork")
            self._forking += 1
        except OSError:
            self._zygote_died()

    def _zygote_died(self) -> None:
        if self._control is not None:
            self._control.close()
        self._control = None
        code = None
        if self._zygote is not None:
            self._zygote.join(timeout=5)
            code = self._zygote.exitcode
        self._zygote = None
        self._failures += 1
        if self._failures > self.retries:
            raise KGError(
                f"the extraction worker processes could not start (exit code {code}, "
                f"{self._failures} times); run without --jobs to see why"
            )
        log.warning("the process that forks the workers died; starting it again")
        self._start()

    def _on_control(self) -> None:
        assert self._control is not None
        try:
            kind, pid, at = self._control.recv()
            if kind == "worker":
                fd = recv_handle(self._control)
        except (EOFError, OSError):
            self._zygote_died()
            return
        if kind == "ready":
            self._failures = 0
        elif kind == "worker":
            self._forking -= 1
            conn = Connection(fd)
            self._workers[conn] = _Worker(conn, pid, at)

    def _on_worker(self, worker: _Worker) -> None:
        try:
            number, outcomes = worker.conn.recv()
        except (EOFError, OSError):
            self._worker_died(worker)
            return
        chunk = worker.busy.pop(number)
        chunk.outcomes = list(outcomes)
        self._startup.seen(worker.pid, worker.ready_at)

    def _worker_died(self, worker: _Worker) -> None:
        """A worker died (killed, out of memory): send its chunks again, fork another."""
        log.warning("worker process %d died; sending its articles again", worker.pid)
        del self._workers[worker.conn]
        worker.conn.close()
        for chunk in sorted(worker.busy.values(), key=lambda c: c.number, reverse=True):
            chunk.tries += 1
            if chunk.tries > self.retries:
                message = (
                    f"a worker process died {chunk.tries} times while extracting these "
                    "articles (killed, or out of memory?); they were not written"
                )
                chunk.outcomes = [("lost", message)] * len(chunk.articles)
            else:
                self._queue.appendleft(chunk)
        self._fork()

    def _dispatch(self) -> None:
        while self._queue:
            idle = [w for w in self._workers.values() if len(w.busy) < self.DEPTH]
            if not idle:
                return
            worker = min(idle, key=lambda w: len(w.busy))
            chunk = self._queue.popleft()
            try:
                worker.conn.send((chunk.number, chunk.articles))
            except OSError:
                self._queue.appendleft(chunk)
                self._worker_died(worker)
                continue
            worker.busy[chunk.number] = chunk

    def _pump(self) -> None:
        """Wait for what comes next (a result, a new worker, a death) and deal with it."""
        if self._control is None:
            self._start()
        self._dispatch()
        conns: list[Any] = [*self._workers, self._control]
        for conn in wait(conns, timeout=5.0):
            if conn is self._control:
                self._on_control()
            elif conn in self._workers:
                self._on_worker(self._workers[conn])
        self._dispatch()

    # -- the window's three hooks --

    def _submit(self, key: K, articles: Sequence[Article]) -> _Chunk:
        chunk = _Chunk(next(self._numbers), articles)
        if articles:
            self._queue.append(chunk)
            self._dispatch()
        else:
            chunk.outcomes = []
        return chunk

    def _result(self, chunk: _Chunk) -> list[Outcome] | None:
        while chunk.outcomes is None:
            self._pump()
        return chunk.outcomes

    def _cancel(self, chunks: list[_Chunk]) -> None:
        dropped = {c.number for c in chunks}
        self._queue = deque(c for c in self._queue if c.number not in dropped)

    def close(self) -> None:
        """Stop the workers and the zygote (what is in flight is dropped)."""
        for worker in self._workers.values():
            try:
                worker.conn.send(None)
            except OSError:
                pass
        # Wait for each to hang up (it has exited), so that none outlives the ingest.
        deadline = time.monotonic() + 10
        left = dict(self._workers)
        while left and time.monotonic() < deadline:
            for ready in wait(list(left), timeout=max(0.0, deadline - time.monotonic())):
                conn = cast(Connection, ready)
                try:
                    conn.recv()
                except (EOFError, OSError):
                    left.pop(conn).conn.close()
        for worker in left.values():
            log.warning("worker process %d did not stop; killing it", worker.pid)
            with contextlib.suppress(OSError):
                os.kill(worker.pid, signal.SIGKILL)
            worker.conn.close()
        self._workers.clear()
        if self._control is not None:
            try:
                self._control.send(None)
            except OSError:
                pass
            self._control.close()
            self._control = None
        if self._zygote is not None:
            self._zygote.join(timeout=10)
            if self._zygote.is_alive():
                self._zygote.kill()
                self._zygote.join()
            self._zygote = None
        self._queue.clear()

    def __enter__(self) -> ProcessExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- the window, shared with kg.cluster -------------------------------------------------

T = TypeVar("T")


def windowed_map(
    items: Iterable[tuple[K, Sequence[Article]]],
    window: int,
    submit: Callable[[K, Sequence[Article]], T],
    result: Callable[[T], list[Outcome] | None],
    cancel: Callable[[list[T]], None],
) -> Iterator[tuple[K, list[Outcome]]]:
    """Each key with the outcomes of its articles, in the order given, ``window`` ahead.

    ``submit`` starts the extraction of a chunk and returns its task; ``result`` waits
    for a task's outcomes, or returns None when it sent the task again (it is asked
    again); ``cancel`` drops the tasks still in flight when the caller stops early.
    """
    flight: deque[tuple[K, T]] = deque()
    source = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(flight) < window:
                try:
                    key, articles = next(source)
                except StopIteration:
                    exhausted = True
                    break
                flight.append((key, submit(key, articles)))
            if not flight:
                return
            key, task = flight[0]
            outcomes = result(task)
            if outcomes is None:
                continue  # sent again
            flight.popleft()
            yield key, outcomes
    finally:
        if flight:
            cancel([task for _, task in flight])
