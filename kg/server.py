"""The HTTP face of a store: a SPARQL 1.1 Protocol endpoint, a health route and the HTML view.

Routes of :func:`make_app` (a plain WSGI application; :func:`serve` runs it on waitress):

``/sparql``
    SPARQL 1.1 Protocol: ``GET ?query=`` (and ``HEAD``), ``POST`` as
    ``application/x-www-form-urlencoded`` or ``application/sparql-query``, with
    ``default-graph-uri``/``named-graph-uri`` for the dataset (:mod:`kg.protocol`). Results
    by content negotiation (``Accept`` with q-values, or ``format=``/``output=``): SPARQL
    JSON, XML, CSV, TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD, RDF/XML for
    CONSTRUCT and DESCRIBE; 406 when none is acceptable. Without a query: the query page
    (YASGUI, :mod:`kg.sparql_ui`) for a browser, the SPARQL 1.1 Service Description
    (:mod:`kg.service`) for anyone else. Updates (``update=``,
    ``application/sparql-update``) are refused with 403 unless the app allows them.
``/sparql-ui/...``
    The query page's script, style and licences.
``/health``
    JSON: ``status`` and what is served; 503 if the store does not answer.
``/``
    The interactive HTML view of the city network (:meth:`KnowledgeGraph.draw`).

Every answer carries CORS headers, and ``OPTIONS`` answers a preflight.

The time limit. Oxigraph's Python API cannot cancel a query, so on a read-only on-disk
store each query runs in one of a few worker processes that hold the store open
read-only; a query past its limit gets 503 on time and its worker process is killed (the
work really stops) and replaced. On a store that takes updates, in memory or remote,
queries run in threads: the answer (503) still comes on time, but the query runs on to
its end in the background.

The store and other writers (measured with pyoxigraph 0.5): a read-only open
(``Store.read_only``) takes no lock, so ``kg ingest`` can write the store while
``kg serve`` (read-only, the default) runs. A worker opens the store again when a
writer has committed since (:func:`store_version`), so answers follow the store: an
article shows once its batch is in, never half of it (a batch lands in one RocksDB
step). A writable open takes RocksDB's LOCK, so ``kg serve --allow-update`` and
``kg ingest`` exclude each other.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .graph import KnowledgeGraph
    from .guard import Security
    from .protocol import Dataset

log = logging.getLogger(__name__)

__all__ = ["make_app", "serve", "ProcessExecutor", "ThreadExecutor", "Answer"]

MAX_BODY = 10 * 1024 * 1024
CORS_HEADERS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
    ("Access-Control-Max-Age", "86400"),
]


@dataclass
class Answer:
    """What a task gave: an HTTP status, a media type and a body."""

    status: int
    media_type: str
    body: bytes


class QueryTimeoutError(Exception):
    """A task went past the time limit."""


# --- the work, done where the store is open ------------------------------------------


def run_task(kg: KnowledgeGraph, task: tuple[Any, ...]) -> Answer:
    """Do one task on an open graph: ``("query", text, fmt, graph_fmt[, dataset])``,
    ``("update", text)``, ``("html",)`` or ``("ping",)``; errors become answers with their
    status."""
    from .errors import KGError, QueryError

    kind = task[0]
    try:
        if kind == "query":
            body, media = _query(kg, task[1], task[2], task[3], task[4] if len(task) > 4 else None)
            return Answer(200, media, body)
        if kind == "update":
            kg.store.update(task[1])
            return Answer(204, "text/plain", b"")
        if kind == "html":
            from .viz import render, view_graph

            return Answer(200, "text/html; charset=utf-8", render(view_graph(kg)).encode("utf-8"))
        if kind == "network":  # the city network as GEXF or GraphML, for Gephi (Lite) and yEd
            return _network(kg, task[1])
        if kind == "ping":
            kg.query("ASK {}")
            return Answer(200, "text/plain", b"ok")
        return Answer(500, "text/plain", f"unknown task {kind!r}".encode())
    except QueryError as err:
        from .query import explain_query_error

        message = explain_query_error(err, task[1]) if kind in ("query", "update") else str(err)
        return Answer(400, "text/plain; charset=utf-8", message.encode("utf-8"))
    except KGError as err:
        return Answer(500, "text/plain; charset=utf-8", str(err).encode("utf-8"))
    except Exception as err:  # a bug must answer 500, not kill the worker
        log.exception("task %s failed", kind)
        return Answer(
            500,
            "text/plain; charset=utf-8",
            f"internal error: {type(err).__name__}: {err}".encode(),
        )


def _query(
    kg: KnowledgeGraph, sparql: str, fmt: str, graph_fmt: str, dataset: Dataset | None
) -> tuple[bytes, str]:
    """Run a query over the protocol's dataset (``None``: the query's, else the union)."""
    return kg.store.query_serialized(sparql, fmt, graph_format=graph_fmt, dataset=dataset)


#: The routes of the city network files: format and media type.
NETWORK_FILES = {
    "/graph.gexf": ("gexf", "application/gexf+xml"),
    "/graph.graphml": ("graphml", "application/graphml+xml"),
}


def _network(kg: KnowledgeGraph, fmt: str) -> Answer:
    import io

    from .exports import write_gexf, write_graphml

    buffer = io.BytesIO()
    (write_gexf if fmt == "gexf" else write_graphml)(kg.networkx(), buffer)
    media = next(m for f, m in NETWORK_FILES.values() if f == fmt)
    return Answer(200, media + "; charset=utf-8", buffer.getvalue())


# --- executors: where tasks run, and how the time limit is kept ------------------------


def store_version(location: str | os.PathLike[str]) -> tuple[object, ...] | None:
    """What changes on disk when a writer commits to an Oxigraph store (``None``: unreadable).

    RocksDB appends every flush, bulk load and compaction to its MANIFEST, and every
    transaction to its write-ahead log (``*.log``): their names, sizes and times.
    """
    path = Path(location)
    try:
        files = [path / (path / "CURRENT").read_text().strip(), *path.glob("*.log")]
        return tuple(sorted((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files))
    except OSError:  # a log removed between listing and stat: the next request looks again
        return None


def _worker_main(conn: Connection, location: str, options: dict[str, Any] | None = None) -> None:
    """A worker process: open the store read-only, then answer tasks until the pipe closes.

    Before each task the worker looks whether a writer (``kg ingest``) has committed since
    it opened the store, and opens it again if so: answers follow the store, and a reader
    never holds on to table files that a compaction has since removed.

    ``options`` (:func:`kg.guard.confine`): ``writable`` (the one worker that runs
    updates, holding the store's lock), ``memory_mb`` (a limit on the process's data
    memory: past it Oxigraph aborts, and the parent says why) and ``offline`` (no network
    at all, where the system allows it).
    """
    from .guard import confine

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    options = options or {}
    confine(memory_mb=options.get("memory_mb"), offline=bool(options.get("offline")))
    writable = bool(options.get("writable"))
    try:
        version = store_version(location)
        if writable:
            from .graph import KnowledgeGraph

            kg = KnowledgeGraph(location)
        else:
            kg = _open_read_only(location)
    except Exception as err:
        conn.send(Answer(500, "text/plain", f"cannot open the store: {err}".encode()))
        return
    conn.send(Answer(200, "text/plain", b"ready"))
    try:
        while True:
            try:
                task = conn.recv()
            except (EOFError, OSError):
                return
            now = None if writable else store_version(location)
            if now is not None and now != version and (fresh := _reopen(location)) is not None:
                kg.close()
                kg, version = fresh, now
            answer = run_task(kg, task)
            if not writable and answer.status == 500 and b"No such file" in answer.body:
                # A compaction removed a table file under this reader: open afresh, once.
                if (fresh := _reopen(location)) is not None:
                    kg.close()
                    kg, version = fresh, store_version(location)
                    answer = run_task(kg, task)
            conn.send(answer)
    finally:
        kg.close()


def _open_read_only(location: str, tries: int = 10) -> KnowledgeGraph:
    """Open the store read-only, trying again while a writer's compaction races the open.

    RocksDB reads the list of table files, then opens them; a compaction in between
    removes one ("No such file"), and the next try reads the new list.
    """
    from .graph import KnowledgeGraph

    for attempt in range(tries):
        try:
            return KnowledgeGraph(location, read_only=True)
        except Exception as err:
            if attempt + 1 == tries or "No such file" not in str(err):
                raise
            log.debug("opening %s raced a writer (try %d): %s", location, attempt + 1, err)
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def _reopen(location: str) -> KnowledgeGraph | None:
    """The store opened afresh, or ``None`` if a writer still keeps it unreadable (the
    worker then answers from what it has open, and looks again at the next task)."""
    try:
        return _open_read_only(location)
    except Exception:
        log.debug("reopening %s failed", location, exc_info=True)
        return None


class _Worker:
    def __init__(self, ctx: Any, location: str, options: dict[str, Any] | None = None):
        parent, child = ctx.Pipe()
        self.conn: Connection = parent
        self.process = ctx.Process(
            target=_worker_main,
            args=(child, location, options),
            daemon=True,
            name="kg-serve-worker",
        )
        self.process.start()
        child.close()

    def ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError("a query worker did not start in time")
        answer: Answer = self.conn.recv()
        if answer.status != 200:
            self.kill()
            raise RuntimeError(answer.body.decode())

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class ProcessExecutor:
    """Tasks on a read-only on-disk store, in worker processes killed at the time limit.

    ``options`` go to every worker (:func:`_worker_main`): ``writable``, ``memory_mb``,
    ``offline``. A worker that dies (memory limit, a crash of the engine) is replaced,
    and the task that killed it is answered with the reason.
    """

    kills_on_timeout = True

    def __init__(
        self,
        location: str,
        workers: int = 2,
        start_timeout: float = 60.0,
        options: dict[str, Any] | None = None,
    ):
        self.location = location
        self.options = dict(options or {})
        self.start_timeout = start_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [_Worker(self._ctx, location, self.options) for _ in range(max(1, workers))]
        try:
            for w in started:
                w.ready(start_timeout)
        except Exception:
            for w in started:
                w.kill()
            raise
        for w in started:
            self._all.add(w)
            self._idle.put(w)

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.process.pid for w in self._all if w.process.pid is not None)

    def run(self, task: tuple[Any, ...], timeout: float) -> Answer:
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeoutError("every query worker stayed busy") from None
        try:
            worker.conn.send(task)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                answer: Answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError, BrokenPipeError) as err:
            from .guard import death_answer

            worker.process.join(2)
            code = worker.process.exitcode
            log.warning(
                "a query worker died (exit %s%s); starting another",
                code,
                f", {err}" if str(err) else "",
            )
            self._replace(worker)
            status, message = death_answer(code, self.options.get("memory_mb"))
            return Answer(status, "text/plain; charset=utf-8", message.encode("utf-8"))
        self._replace(worker)
        raise QueryTimeoutError("stopped")

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

        def start() -> None:
            if self._closed:
                return
            fresh = _Worker(self._ctx, self.location, self.options)
            try:
                fresh.ready(self.start_timeout)
            except RuntimeError as err:
                log.error("could not start a query worker: %s", err)
                return
            with self._lock:
                if self._closed:
                    fresh.kill()
                    return
                self._all.add(fresh)
            self._idle.put(fresh)

        threading.Thread(target=start, daemon=True, name="kg-serve-respawn").start()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for w in workers:
            w.kill()


class UpdateExecutor:
    """A store that takes updates, on disk: queries in read-only workers, updates in one
    writable worker; both kinds killed at the time limit.

    The writer holds the store's lock (so ``kg ingest`` beside it is refused, as before);
    an update killed at its limit or by the memory limit is not committed (Oxigraph
    applies an update in one transaction), and the readers see a committed one at their
    next task.
    """

    kills_on_timeout = True

    def __init__(self, location: str, workers: int = 2, options: dict[str, Any] | None = None):
        self.writer = ProcessExecutor(location, 1, options={**(options or {}), "writable": True})
        try:
            self.readers = ProcessExecutor(location, workers, options=options)
        except Exception:
            self.writer.close()
            raise

    def pids(self) -> list[int]:
        return sorted(self.writer.pids() + self.readers.pids())

    def run(self, task: tuple[Any, ...], timeout: float) -> Answer:
        return (self.writer if task[0] == "update" else self.readers).run(task, timeout)

    def close(self) -> None:
        self.readers.close()
        self.writer.close()


class ThreadExecutor:
    """Tasks on an open graph in threads: answers on time, but cannot stop a query.

    Daemon threads, one per task (at most ``threads`` at once), so that a query that
    runs on past its limit never keeps the server from exiting.
    """

    kills_on_timeout = False

    def __init__(self, kg: KnowledgeGraph, threads: int = 4):
        self.kg = kg
        self._slots = threading.BoundedSemaphore(threads)

    def pids(self) -> list[int]:
        return [os.getpid()]

    def run(self, task: tuple[Any, ...], timeout: float) -> Answer:
        deadline = time.monotonic() + timeout
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeoutError("every query thread stayed busy")
        box: list[Answer] = []
        done = threading.Event()

        def work() -> None:
            try:
                box.append(run_task(self.kg, task))
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=work, daemon=True, name="kg-query").start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            raise QueryTimeoutError("still running")
        return box[0]

    def close(self) -> None:
        self.kg.close()


# --- HTTP -------------------------------------------------------------------------------


def _query_task(query: str, params: dict[str, list[str]], accept: str) -> tuple[Any, ...] | Answer:
    """The task of a query request: its dataset and negotiated format; 406 when no format
    on offer is acceptable."""
    from .protocol import (
        FORMAT_PARAMS,
        Dataset,
        NotAcceptableError,
        is_graph_form,
        negotiate_query,
        query_form,
    )

    dataset = Dataset.from_protocol(params.get("default-graph-uri"), params.get("named-graph-uri"))
    form = query_form(query)
    asked = [v for name in FORMAT_PARAMS for v in params.get(name, [])]
    try:
        choice = negotiate_query(form, accept, asked)
    except NotAcceptableError as err:
        return Answer(406, "text/plain; charset=utf-8", f"{err}\n".encode())
    if is_graph_form(form):
        return ("query", query, "json", choice.name, dataset)
    return ("query", query, choice.name, "turtle", dataset)


def _no_query(environ: dict[str, Any], allow_update: bool) -> Answer:
    """``GET /sparql`` without a query: the query page for a browser (it asks for HTML
    first), the service description in the RDF format asked for otherwise."""
    from .protocol import GRAPH_TYPES, NotAcceptableError, negotiate_rdf
    from .service import serialize_description

    offered = {
        **{m: f for m, f in GRAPH_TYPES.items() if m != "application/json"},
        "text/html": "html",
        "application/xhtml+xml": "html",
    }
    accept = environ.get("HTTP_ACCEPT") or "*/*"
    try:
        choice = negotiate_rdf(accept, offered)
    except NotAcceptableError as err:
        return Answer(406, "text/plain; charset=utf-8", f"{err}\n".encode())
    if choice.name == "html":
        from .sparql_ui import page

        return Answer(200, "text/html; charset=utf-8", page())
    body = serialize_description(_endpoint_url(environ), choice.name, allow_update=allow_update)
    return Answer(200, choice.media_type, body)


def _endpoint_url(environ: dict[str, Any]) -> str:
    """The endpoint's own URL, as the client reached it."""
    scheme = environ.get("wsgi.url_scheme", "http")
    host = (
        environ.get("HTTP_HOST")
        or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
    )
    return f"{scheme}://{host}{environ.get('SCRIPT_NAME', '')}/sparql"


def make_app(
    executor: ProcessExecutor | ThreadExecutor,
    *,
    allow_update: bool = False,
    timeout: float = 30.0,
    description: dict[str, Any] | None = None,
) -> Callable[..., Iterable[bytes]]:
    """The WSGI application over an executor."""
    from .query import is_update

    info = dict(description or {})

    def respond(
        start_response: Callable[..., Any],
        answer: Answer,
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        reason = _REASONS.get(answer.status, "")
        headers = [("Content-Type", answer.media_type), ("Content-Length", str(len(answer.body)))]
        start_response(f"{answer.status} {reason}", headers + CORS_HEADERS + (extra or []))
        return [answer.body]

    def text(status: int, message: str) -> Answer:
        return Answer(
            status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8")
        )

    def run(task: tuple[Any, ...]) -> Answer:
        try:
            return executor.run(task, timeout)
        except QueryTimeoutError as err:
            what = (
                "was stopped" if executor.kills_on_timeout else "may still be running on the server"
            )
            if str(err).startswith("every"):
                return text(
                    503,
                    f"the server is busy: no query worker became free within {timeout:g} s; try "
                    "again",
                )
            return text(
                503,
                f"the query exceeded the time limit of {timeout:g} s and {what}; "
                "narrow it (LIMIT, a more selective pattern) or ask for a longer --timeout",
            )

    def sparql(environ: dict[str, Any]) -> tuple[Answer, list[tuple[str, str]]]:
        method = environ["REQUEST_METHOD"]
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        query: str | None = None
        update: str | None = None
        if method == "POST":
            ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > MAX_BODY:
                return text(413, f"the request body is larger than {MAX_BODY} bytes"), []
            body = environ["wsgi.input"].read(length) if length else b""
            try:
                decoded = body.decode("utf-8")
            except UnicodeDecodeError:
                return text(400, "the request body is not UTF-8"), []
            if ctype == "application/x-www-form-urlencoded":
                for k, v in urllib.parse.parse_qs(decoded, keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
            elif ctype == "application/sparql-query":
                query = decoded
            elif ctype == "application/sparql-update":
                update = decoded
            else:
                return text(
                    415,
                    "send the query as application/x-www-form-urlencoded (query=...), "
                    "application/sparql-query or application/sparql-update",
                ), []
        elif method not in ("GET", "HEAD"):
            return text(405, "use GET or POST"), [("Allow", "GET, HEAD, POST, OPTIONS")]
        if query is None and "query" in params:
            query = params["query"][0]
        if update is None and "update" in params:
            update = params["update"][0]
        if update is not None or (query is not None and is_update(query)):
            if not allow_update:
                return text(
                    403,
                    "this endpoint is read-only: SPARQL Update is refused "
                    "(start `kg serve --allow-update` to accept updates)",
                ), []
            if update is None:
                return text(
                    400, "send an update as update=... or application/sparql-update, not as query="
                ), []
            if method != "POST":
                return text(405, "send updates with POST"), [("Allow", "POST")]
            return run(("update", update)), []
        if query is None:
            if method == "POST":
                return text(
                    400, "no query: send query=... (POST form) or an application/sparql-query body"
                ), []
            return _no_query(environ, allow_update), [("Vary", "Accept")]
        task = _query_task(query, params, environ.get("HTTP_ACCEPT") or "*/*")
        if isinstance(task, Answer):
            return task, [("Vary", "Accept")]
        return run(task), [("Vary", "Accept")]

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        body = route(environ, start_response)
        # HEAD: the headers of the GET (Content-Length included), without the body.
        return [] if environ["REQUEST_METHOD"] == "HEAD" else body

    def route(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO") or "/"
        if method == "OPTIONS":
            return respond(
                start_response, Answer(204, "text/plain", b""), [("Allow", "GET, POST, OPTIONS")]
            )
        if path == "/sparql":
            answer, extra = sparql(environ)
            return respond(start_response, answer, extra)
        if method not in ("GET", "HEAD"):
            return respond(start_response, text(405, "use GET"), [("Allow", "GET, OPTIONS")])
        if path.startswith("/sparql-ui/"):
            from .sparql_ui import asset

            found = asset(path[len("/sparql-ui/") :])
            if found is None:
                return respond(start_response, text(404, f"no such file {path!r}"))
            return respond(
                start_response, Answer(200, found[1], found[0]), [("Cache-Control", "max-age=3600")]
            )
        if path in NETWORK_FILES:
            return respond(start_response, run(("network", NETWORK_FILES[path][0])))
        if path == "/health":
            ping = run(("ping",))
            state = {
                "status": "ok" if ping.status == 200 else "unavailable",
                **info,
                "workers": executor.pids(),
            }
            if ping.status != 200:
                state["error"] = ping.body.decode("utf-8", "replace").strip()
            body = json.dumps(state, ensure_ascii=False).encode("utf-8")
            return respond(
                start_response, Answer(200 if ping.status == 200 else 503, "application/json", body)
            )
        if path in ("/", "/index.html"):
            return respond(start_response, run(("html",)))
        return respond(
            start_response,
            text(404, f"no such page {path!r}: try /sparql, /health, /graph.gexf or /"),
        )

    return app


_REASONS = {
    200: "OK",
    204: "No Content",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def open_executor(
    location: str | None,
    *,
    allow_update: bool,
    workers: int,
    threads: int,
    options: dict[str, Any] | None = None,
    timeout: float | None = None,
) -> ProcessExecutor | UpdateExecutor | ThreadExecutor:
    """Worker processes for an on-disk store (one more, writable, for updates); threads
    over one open graph for a store in memory or remote. ``options``: see :func:`_worker_main`.
    ``timeout``: a remote store's requests give up a little after it, so that a query the
    server never answers frees its thread (a thread cannot be stopped otherwise)."""
    from .backend import MEMORY
    from .graph import KnowledgeGraph
    from .remote import is_remote

    if location == MEMORY:
        location = None
    if location is not None and not is_remote(location):
        KnowledgeGraph(
            location, read_only=not allow_update
        ).close()  # fail early, with kg's message
        if allow_update:
            return UpdateExecutor(location, workers, options)
        return ProcessExecutor(location, workers, options=options)
    if location is not None and timeout is not None:
        from .remote import RemoteStore

        remote = RemoteStore(location, read_only=not allow_update, timeout=timeout + 1.0)
        return ThreadExecutor(KnowledgeGraph(remote), threads)
    return ThreadExecutor(KnowledgeGraph(location, read_only=not allow_update), threads)


def serve(
    location: str | None,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    allow_update: bool = False,
    timeout: float = 30.0,
    workers: int = 2,
    threads: int = 4,
    on_ready: Callable[[str], None] | None = None,
    security: Security | None = None,
) -> None:
    """Serve a store over HTTP until interrupted (SIGINT or SIGTERM). ``port=0`` picks a free port.

    ``security`` (:class:`kg.guard.Security`): outbound endpoints allowed, host names,
    CORS, the update token, the memory limit of a worker, connection limits.
    """
    import waitress.server

    from . import guard

    security = security or guard.Security()
    guard.check_bind(host, allow_update=allow_update, security=security)
    executor: Any = open_executor(
        location,
        allow_update=allow_update,
        workers=workers,
        threads=threads,
        options=security.worker_options(),
        timeout=timeout,
    )
    executor = guard.GuardedExecutor(executor, security.query_policy(), Answer)
    description = {
        "store": location or ":memory:",
        "read_only": not allow_update,
        "timeout_s": timeout,
        "time_limit": "kills the query" if executor.kills_on_timeout else "answers on time only",
    }
    app = guard.protect(
        make_app(executor, allow_update=allow_update, timeout=timeout, description=description),
        security.http_policy(host),
    )
    server: Any = None
    try:
        try:
            server = waitress.server.create_server(
                app,
                host=host,
                port=port,
                threads=threads,
                ident="kg",
                **security.waitress_options(),
            )
        except OSError as err:
            from .errors import KGError

            raise KGError(
                f"cannot listen on {host}:{port}: {err.strerror or err} "
                "(choose another --port, or 0 for any free one)"
            ) from err
        guard.bound_requests(server, security.idle_timeout)
        bound = server.effective_port
        url = f"http://{'[' + host + ']' if ':' in host else host}:{bound}/"

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        if on_ready:
            on_ready(url)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.close()
        executor.close()
        sys.stdout.flush()
