"""Extraction on a Dask cluster (``kg ingest --dask SCHEDULER``): workers extract, kg writes.

The workers run :func:`extract_records`, the pure extraction of :mod:`kg.workers` with
plain data on both sides: articles in, relation records (the ``kg extract`` JSON record of
DESIGN.md) out. This process (the client) turns the records back into relations and writes
them to its store in batches, as a local ingest does, so the guarantees are the same: each
file whole or not at all, a rerun equal to a clean run.

A worker that dies takes its tasks with it; the scheduler gives them to another worker
(Dask's ``distributed.scheduler.allowed-failures`` times), and past that kg sends them again
itself (``retries``) before it reports their articles ``"lost"``, so that their files fail
and a rerun adds them. Nothing is written for an article until its result is here.

Dask is an optional extra (``pip install 'intercity-kg[dask]'``); nothing else in kg imports it.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from .errors import KGError
from .model import Article
from .workers import Outcome, extract_chunk, warm, windowed_map

log = logging.getLogger(__name__)

__all__ = ["DaskExtractor", "extract_records", "parse_scheduler"]

K = TypeVar("K")

#: Workers of ``--dask local`` unless ``local:N`` says otherwise.
LOCAL_WORKERS = 2

_READY_AT: float | None = None


def extract_records(articles: Sequence[Mapping[str, Any]]) -> tuple[int, float, list[Outcome]]:
    """What a Dask worker runs: articles as plain dicts in, records out, per article.

    Returns the worker's process id, when it was ready (Kiwi loaded, for the start-up
    figure), and one :data:`~kg.workers.Outcome` per article whose relations are records.
    """
    from .io import relation_to_record

    global _READY_AT
    if _READY_AT is None:
        warm()
        _READY_AT = time.time()
    outcomes = extract_chunk([Article(**a) for a in articles])
    out: list[Outcome] = [
        (status, [relation_to_record(r) for r in value] if status == "ok" else value)
        for status, value in outcomes
    ]
    return os.getpid(), _READY_AT, out


def parse_scheduler(scheduler: str) -> tuple[str | None, int]:
    """``"local"``/``"local:N"`` -> (None, N); an address -> (address, 0).

    >>> parse_scheduler("local:3"), parse_scheduler("tcp://scheduler.example:8786")
    ((None, 3), ('tcp://scheduler.example:8786', 0))
    """
    name, _, count = scheduler.partition(":")
    if name == "local":
        try:
            n = int(count) if count else LOCAL_WORKERS
        except ValueError:
            n = 0
        if n < 1:
            raise KGError(f"--dask {scheduler!r}: say local, or local:N with N workers (1 or more)")
        return None, n
    if "://" not in scheduler:
        raise KGError(
            f"--dask {scheduler!r} is not a scheduler address: give tcp://HOST:PORT "
            "(what `dask scheduler` prints) or local"
        )
    return scheduler, 0


@dataclasses.dataclass
class _Task:
    payload: list[dict[str, Any]]
    future: Any
    tries: int = 0


class DaskExtractor:
    """Extraction of chunks of articles on a Dask cluster, results in the order given.

    Args:
        scheduler: ``tcp://HOST:PORT`` of a running ``dask scheduler``, or ``local`` /
            ``local:N`` for a :class:`distributed.LocalCluster` of N worker processes here
            (one thread each: extraction holds the GIL between Kiwi's calls).
        window: chunks in flight at most (default four per worker thread).
        retries: how often kg sends a task again after Dask gave up on it (its workers
            died); then its articles are reported ``"lost"``.
        no_workers_timeout: give up when the cluster has had no worker this long.
        connect_timeout: seconds to reach the scheduler.
    """

    def __init__(
        self,
        scheduler: str,
        *,
        window: int | None = None,
        retries: int = 2,
        no_workers_timeout: float = 120.0,
        connect_timeout: float = 20.0,
    ):
        address, local_workers = parse_scheduler(scheduler)
        try:
            import distributed
        except ImportError as err:
            raise KGError(
                "kg ingest --dask needs Dask: pip install 'intercity-kg[dask]' "
                "(here and on every worker)"
            ) from err
        self.scheduler = scheduler
        self.retries = retries
        self.no_workers_timeout = no_workers_timeout
        self._began = time.time()
        self._ready: dict[int, float] = {}
        self._cluster: Any = None
        try:
            if address is None:
                self._cluster = distributed.LocalCluster(
                    n_workers=local_workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",  # its HTTP server: on a free port
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self._cluster, set_as_default=False)
            else:
                self.client = distributed.Client(
                    address, timeout=connect_timeout, set_as_default=False
                )
        except (OSError, TimeoutError) as err:
            self.close()
            raise KGError(
                f"cannot reach the Dask scheduler at {scheduler}: {err} "
                "(is `dask scheduler` running there, and the port open?)"
            ) from err
        self._killed_worker = distributed.KilledWorker
        threads = sum(self.client.nthreads().values()) or local_workers or 1
        self.jobs = threads
        self.window = window or 4 * threads
        log.info("Dask cluster %s: %d worker thread(s)", scheduler, threads)

    @property
    def startup_s(self) -> float | None:
        """Seconds from the start until the last worker seen had loaded Kiwi."""
        if not self._ready:
            return None
        return max(at - self._began for at in self._ready.values())

    def _submit(self, task: _Task) -> None:
        task.future = (
            self.client.submit(
                extract_records, task.payload, key=f"kg-extract-{uuid.uuid4().hex}", pure=False
            )
            if task.payload
            else None
        )

    def map(
        self, items: Iterable[tuple[K, Sequence[Article]]]
    ) -> Iterator[tuple[K, list[Outcome]]]:
        """Each key with the outcomes of its articles (relations, not records), in order."""
        return windowed_map(items, self.window, self._task, self._result, self._cancel)

    def _task(self, key: K, articles: Sequence[Article]) -> _Task:
        task = _Task([dataclasses.asdict(a) for a in articles], None)
        self._submit(task)
        return task

    def _cancel(self, tasks: list[_Task]) -> None:
        pending = [t.future for t in tasks if t.future is not None]
        if pending:
            self.client.cancel(pending)

    def _result(self, task: _Task) -> list[Outcome] | None:
        if task.future is None:
            return []
        try:
            pid, ready_at, outcomes = self._wait(task.future)
        except self._killed_worker as err:
            task.tries += 1
            if task.tries > self.retries:
                message = (
                    f"the Dask workers extracting these articles died {task.tries} times "
                    f"({err}); they were not written"
                )
                return [("lost", message)] * len(task.payload)
            log.warning("Dask workers died on a task; sending it again (%s)", err)
            self._submit(task)
            return None
        except KGError:
            raise
        except Exception as err:  # the worker could not run kg at all
            raise KGError(
                f"a Dask worker could not run kg's extraction ({type(err).__name__}: {err}); "
                "install the same kg, with its [dask] extra, on every worker"
            ) from err
        self._ready.setdefault(pid, ready_at)
        return [_to_relations(status, value) for status, value in outcomes]

    def _wait(self, future: Any) -> Any:
        """The future's result; an error if the cluster stays without workers."""
        alone_since: float | None = None
        while True:
            try:
                return future.result(timeout=2.0)
            except TimeoutError:
                if self.client.nthreads():
                    alone_since = None
                    continue
                alone_since = alone_since or time.monotonic()
                if time.monotonic() - alone_since > self.no_workers_timeout:
                    raise KGError(
                        f"the Dask cluster at {self.scheduler} has had no workers for "
                        f"{self.no_workers_timeout:.0f} s (start some with `dask worker "
                        f"{self.scheduler}`); what was written is whole, run again for the rest"
                    ) from None

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this made one."""
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskExtractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _to_relations(status: str, value: Any) -> Outcome:
    if status != "ok":
        return status, value
    from .io import record_to_relation

    try:
        return "ok", [record_to_relation(r) for r in value]
    except (ValueError, KeyError, TypeError) as err:
        return "internal", f"a worker's record does not read back ({err})"
