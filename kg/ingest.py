"""The ingest pipeline: files and folders in, articles with their relations into a store.

:func:`ingest` expands folders, checks each file before it is read (it exists, is a
regular file, is not empty, not binary, not bigger than an article can be), reads it
(relation records with :mod:`kg.io`, articles with :mod:`kg.readers`), extracts
relations from articles (in worker processes with ``jobs`` > 1) and writes the files in
the order given, a batch at a time, in a writer thread of its own. The front class
:meth:`kg.KnowledgeGraph.ingest` calls it.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import os
import signal
import stat
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from . import sanity as _sanity
from .errors import InputError, KGError
from .io import group_by_source, read_relation_file
from .model import Article, Relation
from .store import NotFreshError, Undo, WriteReport
from .workers import CHUNK, Outcome

log = logging.getLogger(__name__)

__all__ = [
    "Extractor",
    "IngestReport",
    "ingest",
    "expand_paths",
    "expand_inputs",
    "read_items",
    "read_article_file",
    "read_rdf",
    "RELATION_SUFFIXES",
    "RDF_SUFFIXES",
    "TEXT_SUFFIXES",
]


#: Extensions read as relation records rather than as article text.
RELATION_SUFFIXES = (".csv", ".tsv")
#: Extensions loaded as RDF as they are (the output of ``kg export``).
RDF_SUFFIXES = (".nq", ".trig", ".ttl", ".nt", ".jsonld")
TEXT_SUFFIXES = (
    ".txt",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xml",
    ".rss",
    ".atom",
    ".rdf",
    ".jsonl",
    ".ndjson",
    ".json",
)

#: Quads written by an ingest between two flushes of the on-disk store to its files.
FLUSH_QUADS = 200_000


@dataclass
class IngestReport:
    """What an ingest did: files read, articles written, relations, and failures."""

    files: int = 0
    articles: int = 0
    unchanged: int = 0
    replaced: int = 0
    relations: int = 0
    quads: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: RDF files loaded as they are, and their quads (also counted in ``files``, ``quads``).
    rdf_files: int = 0
    rdf_quads: int = 0
    #: Processes (or Dask worker threads) that extracted, and the seconds until the last
    #: of them had loaded Kiwi (None when nothing was extracted).
    jobs: int = 1
    startup_s: float | None = None

    def add(self, write: WriteReport, relations: int) -> None:
        self.articles += write.added
        self.unchanged += write.unchanged
        self.replaced += write.replaced
        self.relations += relations
        self.quads += write.quads


class Sink(Protocol):
    """Where :func:`ingest` writes: the front class :class:`kg.KnowledgeGraph` is one."""

    def add(self, items: list[tuple[Article, list[Relation]]]) -> WriteReport:
        """Write articles with their relations, all in one transaction."""
        ...

    @property
    def provisional_writes(self) -> bool:
        """True when this sink can take a write back exactly (:meth:`retract`)."""
        ...

    def add_provisional(self, items: list[tuple[Article, list[Relation]]]) -> WriteReport:
        """Write articles where that only adds to the store, else raise NotFreshError."""
        ...

    def retract(self, undos: list[Undo]) -> None:
        """Take provisional writes out again, in one transaction."""
        ...

    def load_rdf(self, path: Path) -> int:
        """Load an RDF file as it is, in one transaction; the number of quads."""
        ...

    def flush(self) -> None:
        """Write what the store holds in memory to its files."""
        ...

    def optimize(self) -> None:
        """Compact the store's files after a large write."""
        ...


def ingest(
    sink: Sink,
    paths: Iterable[str | os.PathLike[str]],
    *,
    strict: bool = False,
    on_file: Callable[[str, str | None], None] | None = None,
    batch: int = 1000,
    jobs: int = 1,
    dask: str | Extractor | None = None,
    compact: bool | None = None,
) -> IngestReport:
    """Read files or folders, extract where needed, and write what they say to ``sink``.

    Relation files (``.jsonl`` of ``kg extract`` records, ``.csv``) are loaded as
    they are; articles (``.txt``, ``.md``, ``.html``, RSS/Atom, ``.jsonl`` of
    articles) go through extraction. Each file is written whole or not at all. A
    bad file is recorded in ``report.failed`` and the rest go on, unless ``strict``,
    where the first bad file raises and nothing more is written.

    ``jobs`` > 1 extracts in that many worker processes (each loads Kiwi once; an
    input of fewer than :data:`MIN_PARALLEL_ARTICLES` articles is extracted here);
    ``dask`` (``tcp://HOST:PORT`` or ``local``) extracts on a Dask cluster instead
    (:mod:`kg.cluster`; or give a :class:`kg.cluster.DaskExtractor`, left open after).
    Either way files are written in the order given, by this process, and an article
    whose worker died is sent again or its file reported.

    ``compact`` compacts an on-disk store at the end (True), never (False), or when the
    run wrote more than ``batch`` articles (None).
    """
    report = IngestReport()
    pending: list[tuple[Article, list[Relation]]] = []
    unflushed = 0
    # Articles written, for compaction: more than one batch's worth, however they were
    # cut (with workers a long file goes in quarter-batch parts).
    articles_written = 0

    def write(items: list[tuple[Article, list[Relation]]], provisional: bool) -> WriteReport:
        nonlocal unflushed, articles_written
        written = sink.add_provisional(items) if provisional else sink.add(items)
        articles_written += len(items)
        # Oxigraph keeps transactional writes in memory until the store is flushed
        # (on 10k articles, 615 MB without this, 363 MB with it).
        unflushed += written.quads
        if unflushed >= FLUSH_QUADS:
            sink.flush()
            unflushed = 0
        return written

    # Batches are written in a thread of their own while the next is read: Oxigraph's
    # bulk load (and an upload to a server) runs without the GIL.
    writer = _BatchWriter(write)
    # The file whose first articles are written while the rest are extracted (see _read),
    # and the one whose rest is being written, its parts provisional until that lands.
    current: _OpenFile | None = None
    closing: _OpenFile | None = None

    def landed(done: _Batch | None) -> None:
        nonlocal closing
        if done is None:
            return
        if done.part is None:
            assert done.written is not None
            report.add(done.written, done.relations)
            if done.closes is not None:
                for written, relations in done.closes.written:
                    report.add(written, relations)
                closing = None
        elif done.written is None:  # the store could not take it back: hold the rest
            done.part.held[:0] = done.items
            done.part.refused = True
        else:
            assert done.written.undo is not None
            done.part.undos.append(done.written.undo)
            done.part.written.append((done.written, done.relations))

    def flush(wait: bool = False) -> None:
        nonlocal pending
        if pending:
            landed(writer.submit(_Batch(pending)))
            pending = []
        if wait:
            landed(writer.wait())

    def retract(open_file: _OpenFile) -> None:
        if open_file.undos:
            sink.retract(open_file.undos)
            open_file.undos.clear()

    def failed(path: Path, message: str) -> None:
        report.failed.append((str(path), message))
        if on_file:
            on_file(str(path), message)

    files = expand_inputs(paths)
    extractor, work = _extractor(files, jobs, dask)
    report.jobs = extractor.jobs
    # With workers the writer keeps up a quarter batch at a time (whole files, or parts
    # of a long one), so that little is left to write after the last article comes back.
    part = None
    if extractor.jobs > 1 and sink.provisional_writes:
        part = max(CHUNK, batch // 4)
    results = _read(work, extractor, part)
    try:
        for path, kind, payload in results:
            if kind == "part":
                # The batch before must have landed: once a part is refused, the rest of
                # the file is held back, so that its articles are written in their order.
                flush(wait=True)
                if current is None:
                    current = _OpenFile(path)
                if current.refused:
                    current.held.extend(payload)
                    continue
                landed(writer.submit(_Batch(payload, part=current)))
                continue
            if current is not None and current.path == path:
                flush(wait=True)  # its last part has landed, or come back refused
                if kind == "items":
                    payload = [*current.held, *payload]
                    current.held = []
                else:
                    retract(current)
                    current = None
            if kind == "rdf":
                try:
                    flush(wait=True)
                    loaded = sink.load_rdf(path)
                    report.quads += loaded
                    report.rdf_quads += loaded
                    report.rdf_files += 1
                    report.files += 1
                    if on_file:
                        on_file(str(path), None)
                except InputError as err:
                    if strict:
                        raise
                    failed(path, str(err))
                continue
            if kind in ("kg", "internal", "lost"):
                if strict:
                    flush(wait=True)
                    if isinstance(payload, BaseException):
                        raise payload
                    raise KGError(str(payload))
                if kind == "internal":
                    # A reader bug on one file must not cost the rest of a folder: record
                    # it as a failure that says it is a bug, go on, and let the exit code
                    # show it.
                    log.debug(
                        "internal error reading %s",
                        path,
                        exc_info=isinstance(payload, BaseException),
                    )
                    failed(
                        path,
                        f"{path}: internal error while reading ({_describe(payload)}); "
                        "this is a bug in kg, please report it with this file",
                    )
                else:
                    failed(path, str(payload))
                continue
            report.files += 1
            if on_file:
                on_file(str(path), None)
            if current is not None and current.path == path:
                # The rest of a file written in parts goes in a batch of its own: the
                # parts stay provisional until it has landed.
                closing, current = current, None
                landed(writer.submit(_Batch(payload, closes=closing)))
                continue
            pending.extend(payload)
            if len(pending) >= (part or batch):
                flush()
        flush(wait=True)
        if compact or (compact is None and articles_written > batch):
            # Each batch is table files of their own; lookups read one of each until
            # they are compacted (2-3x on the example queries at 100k articles). A run
            # of one batch is not worth it (0.3-0.5 s, at its end: with --jobs 2 on 1,000
            # articles in quarter-batch parts, 5% of the run). What was written stays
            # written if compacting fails (a full disk, say).
            try:
                sink.optimize()
            except KGError as err:
                log.warning("%s", err)
    finally:
        # Never leave a write running behind an error or Ctrl-C: the store is closed next.
        last = writer.finish()
        if last is not None and last.closes is not None:
            closing = None  # its rest landed: the file is whole in the store
        if last is not None and last.part is not None and last.written is not None:
            assert last.written.undo is not None
            last.part.undos.append(last.written.undo)
        # A file stopped half way (an error, Ctrl-C) or whose rest failed to land: its
        # parts come out again.
        for unfinished in (current, closing):
            if unfinished is not None:
                try:
                    retract(unfinished)
                except KGError as err:
                    log.error(
                        "%s: the articles written of it so far stay in the store: %s",
                        unfinished.path,
                        err,
                    )
        results.close()
        report.startup_s = extractor.startup_s
        if extractor is not dask:
            extractor.close()
    return report


def read_rdf(path: str | os.PathLike[str]) -> list[ox.Quad]:
    """The quads of an RDF file (``kg export`` output: N-Quads, TriG, Turtle, N-Triples);
    triples without a graph go to the graph named after the file. Raises InputError."""
    p = Path(path)
    fmt = ox.RdfFormat.from_extension(p.suffix.lstrip(".").lower())
    if fmt is None:
        raise InputError(f"unknown RDF file type {p.suffix!r}", path=str(p))
    try:
        parsed = list(ox.parse(path=str(p), format=fmt))
    except SyntaxError as err:
        line = getattr(err, "lineno", None)
        col = getattr(err, "offset", None)
        reason = str(err).split(":", 1)[-1].strip() if line else str(err)
        raise InputError(
            f"not valid {fmt.name}: {reason}", path=str(p), line=line, column=col
        ) from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(p)) from err
    default = ox.NamedNode(p.resolve().as_uri())
    return [
        q
        if isinstance(q, ox.Quad) and not isinstance(q.graph_name, ox.DefaultGraph)
        else ox.Quad(q.subject, q.predicate, q.object, default)
        for q in parsed
    ]


def _describe(err: object) -> str:
    return f"{type(err).__name__}: {err}" if isinstance(err, BaseException) else str(err)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for this thread (they arrive when the block ends)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@dataclass(eq=False)
class _OpenFile:
    """A file written in parts while the rest of it is extracted: what to take out again
    if it fails, and the articles held back once the store refused a part."""

    path: Path
    undos: list[Undo] = field(default_factory=list)
    written: list[tuple[WriteReport, int]] = field(default_factory=list)
    held: list[tuple[Article, list[Relation]]] = field(default_factory=list)
    refused: bool = False


@dataclass(eq=False)
class _Batch:
    """Articles to write in one transaction: whole files, a provisional ``part`` of a file,
    or the rest of a file (``closes``), after which its parts are no longer provisional."""

    items: list[tuple[Article, list[Relation]]]
    part: _OpenFile | None = None
    closes: _OpenFile | None = None
    #: What the write did (None for a part the store refused: nothing was written).
    written: WriteReport | None = None

    @property
    def relations(self) -> int:
        return sum(len(r) for _, r in self.items)


class _BatchWriter:
    """Writes one batch at a time in a thread of its own while the caller reads the next.

    At most one batch is in flight, and its result (or its error) is collected before the
    next one starts: batches land in order, and an error stops the ingest at the batch
    that failed, with the batches before it written and the ones after it not.
    """

    def __init__(self, write: Callable[[list[tuple[Article, list[Relation]]], bool], WriteReport]):
        self._write = write
        self._thread: threading.Thread | None = None
        self._batch: _Batch | None = None
        self._error: BaseException | None = None

    def submit(self, batch: _Batch) -> _Batch | None:
        """Start writing ``batch``; return the previous batch, written, if there was one."""
        previous = self.wait()
        thread = threading.Thread(target=self._run, args=(batch,), name="kg-writer", daemon=True)
        # A Ctrl-C inside Thread.start() would leave a thread that finish() cannot join
        # ("cannot join thread before it is started"): hold the signals until it runs.
        with _signals_held():
            thread.start()
            self._thread, self._batch = thread, batch
        return previous

    def _run(self, batch: _Batch) -> None:
        try:
            batch.written = self._write(batch.items, batch.part is not None)
        except NotFreshError as err:  # a part the store could not take back: written later
            if batch.part is None:
                self._error = err
        except BaseException as err:  # handed to the caller's thread by wait()
            self._error = err

    def wait(self) -> _Batch | None:
        """Wait for the batch in flight and return it written, or raise its error."""
        if self._thread is None:
            return None
        self._thread.join()
        batch, err = self._batch, self._error
        self._thread = self._batch = self._error = None
        if err is not None:
            raise err
        return batch

    def finish(self) -> _Batch | None:
        """Let the batch in flight land (it is all or nothing) before the store closes;
        the batch, if it was written."""
        while self._thread is not None:
            try:
                self._thread.join()
            except KeyboardInterrupt:  # a second Ctrl-C: the write still ends on its own
                continue
            batch, err = self._batch, self._error
            self._thread = self._batch = self._error = None
            return batch if err is None else None
        return None


@dataclass(eq=False)
class _Entry:
    """One file on its way through extraction: what it is, and its articles' outcomes."""

    path: Path
    kind: str  # "rdf", "items" (read, nothing to extract), "articles", "kg", "internal"
    payload: Any
    chunks: int = 1
    outcomes: list[Outcome] = field(default_factory=list)
    done: int = 0
    sent: int = 0  # articles already given out in parts
    failed: tuple[str, Any] | None = None  # the first article that failed


def _work(
    files: list[tuple[Path, InputError | None]],
) -> Iterator[tuple[_Entry, Sequence[Article]]]:
    """Each file read (here, in order), and its articles in chunks for the extractor;
    a file with nothing to extract is one entry with no articles."""
    for path, refused in files:
        if refused is not None:
            yield _Entry(path, "kg", refused), ()
            continue
        if path.suffix.lower() in RDF_SUFFIXES:
            try:  # a pipe named .nq would hang the load: the same checks as other files
                _check_file(path)
            except KGError as err:
                yield _Entry(path, "kg", err), ()
                continue
            yield _Entry(path, "rdf", None), ()
            continue
        try:
            read = _read_file(path)
        except KGError as err:
            yield _Entry(path, "kg", err), ()
            continue
        except (MemoryError, RecursionError):
            raise
        except Exception as err:
            yield _Entry(path, "internal", err), ()
            continue
        if read and isinstance(read[0], Article):
            starts = range(0, len(read), CHUNK)
            entry = _Entry(path, "articles", read, chunks=len(starts))
            for i in starts:
                yield entry, read[i : i + CHUNK]  # type: ignore[misc]
        else:
            yield _Entry(path, "items", read), ()


def _read(
    work: Iterable[tuple[_Entry, Sequence[Article]]], extractor: Extractor, part: int | None = None
) -> Generator[tuple[Path, str, Any], None, None]:
    """Each file's fate, in order: ``("rdf", None)``, ``("items", pairs)``, or an error
    (``"kg"`` for bad input, ``"internal"`` for a bug, ``"lost"`` for articles whose
    worker died) with the exception or its message.

    Files are read here and their articles extracted by ``extractor`` (this process,
    worker processes, a Dask cluster), a chunk at a time, a window ahead; a file comes
    out once all its articles are back, so it can be written whole. With ``part``, a
    long file's articles come out before that as well, ``("part", pairs)`` each time
    ``part`` more are back and none failed: written provisionally while the workers go
    on, then either the rest of the file (``"items"``) or its error follows.
    """
    for entry, outcomes in extractor.map(work):
        if entry.kind != "articles":
            yield entry.path, entry.kind, entry.payload
            continue
        entry.outcomes.extend(outcomes)
        entry.done += 1
        if entry.failed is None:
            entry.failed = next(((s, v) for s, v in outcomes if s != "ok"), None)
        if entry.done < entry.chunks:
            if part and entry.failed is None and _part_due(entry, part):
                yield entry.path, "part", _pairs(entry, len(entry.outcomes))
            continue
        if entry.failed is not None:
            yield entry.path, *entry.failed
        else:
            yield entry.path, "items", _pairs(entry, len(entry.outcomes))
        entry.payload = entry.outcomes = None  # type: ignore[assignment]


def _part_due(entry: _Entry, part: int) -> bool:
    """Whether the articles back from the extractor and not yet written make a part:
    ``part`` of them, or, near the file's end, as many as are still out (halving what
    is left each time, down to a chunk), so that what is written after the file's last
    article comes back is about a chunk, not a whole part (at 1,000 articles a part was
    0.2 s of serial tail)."""
    back = len(entry.outcomes) - entry.sent
    out = len(entry.payload) - len(entry.outcomes)
    return back >= max(CHUNK, min(part, out))


def _pairs(entry: _Entry, end: int) -> list[tuple[Article, list[Relation]]]:
    """The file's articles from the last part sent up to ``end``, with their relations."""
    start, entry.sent = entry.sent, end
    rels = [_capped(entry.path, v) for _, v in entry.outcomes[start:end]]
    return list(zip(entry.payload[start:end], rels, strict=True))


def _capped(path: Path, relations: list[Relation]) -> list[Relation]:
    """An article's relations without those of more than :data:`kg.sanity.MAX_CITIES`
    parties (every pair of parties gets its shortcut edges: 1,000 cities wrote 2 million
    quads), each left out with a warning that names the article; records that name so
    many are refused by :func:`kg.sanity.check_record`."""
    kept = [r for r in relations if len(r.cities) <= _sanity.MAX_CITIES]
    for r in relations:
        if len(r.cities) > _sanity.MAX_CITIES:
            log.warning(
                "%s: a %s relation of %d cities was left out (kg takes at most %d cities in "
                "one relation; the article's other relations are stored)",
                path,
                r.type.value,
                len(r.cities),
                _sanity.MAX_CITIES,
            )
    return kept


class Extractor(Protocol):
    """What extracts for :func:`ingest`: :mod:`kg.workers` and :mod:`kg.cluster` have them."""

    jobs: int

    @property
    def startup_s(self) -> float | None: ...

    def map(
        self, items: Iterable[tuple[Any, Sequence[Article]]]
    ) -> Iterator[tuple[Any, list[Outcome]]]: ...

    def close(self) -> None: ...


#: With ``jobs`` > 1, inputs of fewer articles than this are extracted in this process:
#: the workers cost a process start and a warm-up (about 5 CPU-seconds for Kiwi and the
#: gazetteer, shared by all of them), about what one process needs for 300 articles.
#: ``KG_MIN_PARALLEL_ARTICLES`` changes it (0: always start the workers).
MIN_PARALLEL_ARTICLES = 200


def _min_parallel() -> int:
    raw = os.environ.get("KG_MIN_PARALLEL_ARTICLES")
    try:
        return int(raw) if raw else MIN_PARALLEL_ARTICLES
    except ValueError:
        raise InputError(f"KG_MIN_PARALLEL_ARTICLES={raw!r} is not a number") from None


def _extractor(
    files: list[tuple[Path, InputError | None]], jobs: int, dask: str | Extractor | None
) -> tuple[Extractor, Iterable[tuple[_Entry, Sequence[Article]]]]:
    """The extractor for this run and the work to give it (read ahead to choose it)."""
    from .workers import ProcessExtractor, SerialExtractor

    work: Iterator[tuple[_Entry, Sequence[Article]]] = _work(files)
    if isinstance(dask, str):
        from .cluster import DaskExtractor

        return DaskExtractor(dask), work
    if dask is not None:
        return dask, work
    if jobs <= 1:
        return SerialExtractor(), work
    ahead: list[tuple[_Entry, Sequence[Article]]] = []
    articles, least = 0, _min_parallel()
    for item in work:
        ahead.append(item)
        articles += len(item[1])
        if articles >= least or len(ahead) >= 4 * max(least, 50):
            return ProcessExtractor(jobs), itertools.chain(ahead, work)
    log.info("%d article(s): extracting in this process, not in %d workers", articles, jobs)
    return SerialExtractor(), ahead


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Files named, and the readable files under folders named, in a stable order (what
    :func:`expand_inputs` accepts; the ones it refuses are left out)."""
    return [p for p, refused in expand_inputs(paths) if refused is None]


def expand_inputs(
    paths: Iterable[str | os.PathLike[str]],
) -> list[tuple[Path, InputError | None]]:
    """Each file to read, with the reason it is refused (``None`` when it is not).

    A path named is taken as it is, a link included. Under a folder named, hidden files
    are left out; a link is followed only to a file or folder inside that folder (a link
    to a folder inside it is not walked again: its files are read where they are); a link
    to anything outside, and a subfolder that cannot be read, are refused, named, with
    what to do, so that nothing is skipped in silence and no file outside the folder is
    read unless the user names it.
    """
    out: list[tuple[Path, InputError | None]] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            out.append((p, None))
            continue
        root = Path(os.path.realpath(p))

        def unreadable(err: OSError, top: Path = p) -> None:
            where = Path(err.filename) if err.filename else top
            out.append(
                (
                    where,
                    InputError(
                        f"cannot read this folder ({err.strerror or err}), so none of its "
                        "files was read",
                        path=str(where),
                        hint="make it readable (chmod u+rx), or move it out of the folder",
                    ),
                )
            )

        for top, dirs, files in os.walk(p, followlinks=False, onerror=unreadable):
            dirs.sort()
            here = Path(top)
            for name in [d for d in dirs if (here / d).is_symlink()]:
                dirs.remove(name)  # never walked: inside the folder it is walked anyway
                refused = _outside(here / name, root, p, folder=True)
                if refused is not None:
                    out.append((here / name, refused))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = here / name
                out.append((path, _outside(path, root, p) if path.is_symlink() else None))
    return out


def _outside(link: Path, root: Path, named: Path, *, folder: bool = False) -> InputError | None:
    """The refusal of a link under the folder ``named`` that leads out of it (``None`` for
    one that stays inside, or is broken or a loop: reading it names that)."""
    try:
        target = Path(os.path.realpath(link, strict=True))
    except OSError:
        return None
    if target == root or root in target.parents:
        return None
    what = "folder" if folder else "file"
    return InputError(
        f"is a link to a {what} outside {named} ({target}); kg reads links only to "
        f"{what}s inside the folder it is given",
        path=str(link),
        hint=f"to read it, name it: kg ingest {target}",
    )


#: Formats that hold one article per file, and the size past which such a file is not
#: an article (a dump, a log, a mistake): refused before it is read, so memory stays
#: bounded. ``KG_MAX_ARTICLE_BYTES`` raises the limit, which also holds for each article
#: of a JSON-lines file or a feed, and for a feed file as a whole.
SINGLE_ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MAX_ARTICLE_BYTES = _sanity.MAX_ARTICLE_BYTES
_max_article_bytes = _sanity.max_article_bytes


def read_items(path: Path) -> list[tuple[Article, list[Relation]]]:
    """What one file holds, as (article, relations) pairs; raises InputError if bad."""
    read = _read_file(path)
    if read and isinstance(read[0], Article):
        return _extract_chunk(read)  # type: ignore[arg-type]
    return read  # type: ignore[return-value]


def _read_file(path: Path) -> list[tuple[Article, list[Relation]]] | list[Article]:
    """A relation file's (article, relations) pairs, or a text file's articles (not yet
    extracted); raises InputError if the file is bad."""
    suffix = _check_file(path)
    if suffix in RELATION_SUFFIXES or (
        suffix in (".jsonl", ".ndjson", ".json") and _is_relation_jsonl(path)
    ):
        return [(a, r) for a, r in group_by_source(read_relation_file(path))]
    if suffix not in TEXT_SUFFIXES:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}",
            path=str(path),
            hint=_READ_TYPES,
        )
    return _read_text_file(path, suffix)


#: What ``kg ingest`` reads, for the message about a file it does not.
_READ_TYPES = (
    f"kg reads articles ({' '.join(TEXT_SUFFIXES)}), relation records "
    f"(.jsonl {' '.join(RELATION_SUFFIXES)}) and RDF as it is ({' '.join(RDF_SUFFIXES)})"
)


def read_article_file(path: str | os.PathLike[str]) -> list[Article]:
    """The articles of one text file, after the checks ``kg ingest`` makes (it exists, is
    not empty, not binary, not bigger than an article can be); raises InputError."""
    p = Path(path)
    return _read_text_file(p, _check_file(p))


def _check_file(path: Path) -> str:
    """Stat a file to read, naming what is wrong with it; returns its suffix, lower case."""
    from .sanity import check_file_name

    check_file_name(path)  # a name that is not UTF-8 cannot become the article's source
    try:
        info = path.stat()
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(
                "is a symbolic link loop (it points, through other links, back to itself)",
                path=str(path),
                hint="fix or remove the link",
            ) from None
        if path.is_symlink():
            raise InputError(
                "is a broken symbolic link", path=str(path), hint="fix or remove the link"
            ) from None
        if isinstance(err, FileNotFoundError):
            raise InputError(
                "no such file or folder", path=str(path), hint="check the path"
            ) from None
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from err
    suffix = path.suffix.lower()
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a folder, not a file", path=str(path))
    if not stat.S_ISREG(info.st_mode):  # reading a pipe or /dev/zero would never end
        raise InputError("is not a regular file (a pipe, socket or device)", path=str(path))
    if info.st_size == 0:
        raise InputError(
            "the file is empty", path=str(path), hint="was it saved or downloaded whole?"
        )
    from .readers import FEED_SUFFIXES

    limit = _max_article_bytes()
    if suffix in SINGLE_ARTICLE_SUFFIXES + FEED_SUFFIXES and info.st_size > limit:
        feed = suffix in FEED_SUFFIXES
        raise InputError(
            f"is {info.st_size / 2**20:.1f} MiB, more than "
            f"{'a feed' if feed else 'one article'} can be ({limit / 2**20:.1f} MiB)",
            path=str(path),
            hint=f"split it into {'smaller feeds' if feed else 'one file per article'}, "
            "or raise KG_MAX_ARTICLE_BYTES",
        )
    return suffix


def _read_text_file(path: Path, suffix: str) -> list[Article]:
    binary = _binary_kind(path)
    if binary:
        raise InputError(
            f"is {binary}, not text",
            path=str(path),
            hint="kg reads text, HTML, JSON lines and feeds; convert it to text first",
        )
    from .readers import read_articles

    articles = list(read_articles(path))
    if suffix in SINGLE_ARTICLE_SUFFIXES and not any(a.text.strip() for a in articles):
        raise InputError(
            "holds no article text (once markup and page menus are taken out)",
            path=str(path),
            hint="was the page saved whole?",
        )
    return articles


def _extract_chunk(articles: list[Article]) -> list[tuple[Article, list[Relation]]]:
    """Extraction of some articles (in a worker process with ``ingest(jobs=N)``)."""
    from .extract import extract

    return [(article, list(extract(article))) for article in articles]


_MAGIC = {
    b"%PDF-": "a PDF file",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.hwpx/.xlsx document)",
    b"\x7fELF": "a program (ELF)",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Office/HWP document",
}
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _binary_kind(path: Path) -> str | None:
    """What a file is when it is plainly not text (by its first bytes), else None.

    NUL bytes mean binary unless the bytes read as UTF-16 text (which readers detect).
    """
    try:
        with path.open("rb") as f:
            head = f.read(8192)
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path=str(path)) from err
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith(_BOMS) or b"\0" not in head:
        return None
    even = head[: len(head) // 2 * 2]
    for codec in ("utf-16-le", "utf-16-be"):
        text = even.decode(codec, errors="replace")
        if text and sum(ch.isprintable() or ch.isspace() for ch in text) >= 0.95 * len(text):
            return None
    return "a binary file"


def _is_relation_jsonl(path: Path) -> bool:
    import json

    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as f:
            for line in f:
                if line.strip():
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError:
                        return True  # let the relation reader name the line
                    return isinstance(obj, dict) and "type" in obj and "cities" in obj
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    return False
