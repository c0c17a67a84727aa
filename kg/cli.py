"""The ``kg`` command line: a thin click layer that parses, calls the library and prints.

Heavy modules (rdflib, pyshacl, Kiwi, pyvis) are imported inside the commands that need
them, so ``kg --help`` starts fast. Library errors (:class:`kg.errors.KGError`) become
one-line messages and exit codes here, and nowhere else.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .model import RelationType, Status

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

#: Exit codes scripts can rely on (pySHACL's convention for validate).
EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


@dataclass
class Context:
    """What the group passes to every command: where the store is."""

    store: str | None

    @property
    def location(self) -> str:
        if self.store:
            return self.store
        from .store import default_store_path

        return str(default_store_path())

    def open(self, *, read_only: bool = False) -> KnowledgeGraph:
        """Open the store; read-only opens need an existing store."""
        from .graph import KnowledgeGraph

        return KnowledgeGraph(self.location, read_only=read_only)


pass_context = click.make_pass_decorator(Context)


def serve_security_options(f: Any) -> Any:
    """The options of ``kg serve`` against hostile queries and neighbours
    (:class:`kg.guard.Security`)."""
    options = [
        click.option(
            "--allow-service",
            multiple=True,
            metavar="URL",
            help="An endpoint SERVICE and LOAD may call (repeat for more); none by default.",
        ),
        click.option(
            "--allow-host",
            multiple=True,
            metavar="NAME",
            help="A host name besides the bound address that requests may name (Host header).",
        ),
        click.option(
            "--cors",
            multiple=True,
            metavar="ORIGIN",
            help="An origin whose pages may read answers (repeat; 'none' for no CORS). "
            "Default: any.",
        ),
        click.option(
            "--token-file",
            type=click.Path(path_type=Path, dir_okay=False),
            metavar="FILE",
            help="Updates must carry the token in FILE (Authorization: Bearer); "
            "or set KG_SERVE_TOKEN.",
        ),
        click.option(
            "--memory-limit",
            type=click.IntRange(0),
            default=2048,
            show_default=True,
            metavar="MIB",
            help="Memory of one query worker, its query included (0: no limit).",
        ),
        click.option(
            "--max-connections",
            type=click.IntRange(1, 10000),
            default=500,
            show_default=True,
            metavar="N",
            help="Connections open at once.",
        ),
        click.option(
            "--idle-timeout",
            type=Seconds(minimum=0.5, maximum=3600),
            default=20.0,
            show_default=True,
            metavar="SECONDS",
            help="Close a connection idle, or sending one request, this long.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _security(
    allow_service: tuple[str, ...],
    allow_host: tuple[str, ...],
    cors: tuple[str, ...],
    token_file: Path | None,
    memory_limit: int,
    max_connections: int,
    idle_timeout: float,
) -> Any:
    import re

    from .guard import Security

    token = os.environ.get("KG_SERVE_TOKEN") or None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as err:
            raise click.BadParameter(
                f"cannot read {token_file}: {err}", param_hint="--token-file"
            ) from err
        if not token:
            raise click.BadParameter(f"{token_file} is empty", param_hint="--token-file")
    for url in allow_service:
        if not re.match(r"https?://[^\s/?#]+", url):
            raise click.BadParameter(f"{url!r} is not an http(s) URL", param_hint="--allow-service")
    origins = () if tuple(c.lower() for c in cors) == ("none",) else (tuple(cors) or ("*",))
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[^\s/?#]+", origin):
            raise click.BadParameter(
                f"{origin!r} is not an origin such as https://example.org "
                "(scheme and host, no path), '*' or 'none'",
                param_hint="--cors",
            )
    return Security(
        allow_service=frozenset(allow_service),
        allowed_hosts=frozenset(allow_host),
        cors=origins,
        token=token,
        memory_mb=memory_limit or None,
        max_connections=max_connections,
        idle_timeout=idle_timeout,
    )


class Seconds(click.ParamType):
    """A finite number of seconds within bounds (``inf`` and ``nan`` are refused, not
    crashed on)."""

    name = "seconds"

    def __init__(self, minimum: float = 0.0, maximum: float = 7 * 86400):
        self.minimum, self.maximum = minimum, maximum

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        import math

        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds):
            self.fail(
                f"{value!r} is not a number of seconds (leave the option out for the default)",
                param,
                ctx,
            )
        if (
            not (seconds > self.minimum or (self.minimum > 0 and seconds == self.minimum))
            or seconds > self.maximum
        ):
            self.fail(
                f"{value!r} is not between {self.minimum:g} and {self.maximum:g} seconds",
                param,
                ctx,
            )
        return seconds


class KGGroup(click.Group):
    """A group that turns kg's errors into messages and exit codes, never tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import KGError

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _quiet_exit()
        except KGError as err:
            if _closed_pipe(err):
                _quiet_exit()
            _fail(str(err), getattr(err, "exit_code", EXIT_FAIL))
        except KeyboardInterrupt:
            command = ctx.invoked_subcommand
            if command in ("ingest", "demo"):
                _fail(
                    "interrupted; the store holds what was written before (each file is all "
                    "or nothing)",
                    130,
                )
            if command in ("reject", "confirm", "correct", "serve"):
                _fail("interrupted; every write to the store is whole or not at all", 130)
            _fail("interrupted; the store is unchanged", 130)
        except OSError as err:
            _fail(f"{err.filename or ''}: {err.strerror or err}".lstrip(": "), EXIT_FAIL)
        except RuntimeError as err:
            # RocksDB reports damage found while reading (not at open) as RuntimeError.
            if not str(err).startswith("Corruption"):
                raise
            _fail(
                f"{ctx.obj.location if ctx.obj else 'the store'}: the store is damaged "
                f"({str(err).splitlines()[0][:300]}). Restore it from a copy or a `kg export`, "
                "or build it again with `kg ingest`",
                EXIT_FAIL,
            )


def _closed_pipe(err: BaseException | None) -> bool:
    """True when an error comes from writing to a pipe whose reader has gone (``| head``)."""
    while err is not None:
        if isinstance(err, BrokenPipeError):
            return True
        err = err.__cause__ or err.__context__
    return False


def _quiet_exit() -> NoReturn:
    """End quietly after the reader of standard output closed it, as ``cat`` does: point
    standard output at /dev/null so that the exit's flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_FAIL)


def _fail(message: str, code: int = EXIT_FAIL) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    envvar="KG_STORE",
    metavar="PATH",
    help="Folder of the on-disk store (default: $KG_STORE, else ~/.local/share/kg/store); "
    "':memory:' for a throw-away store.",
)
@click.version_option(version=__version__, prog_name="kg")
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Build and query a knowledge graph of relations between cities from news.

    \b
    Example:
        kg demo && kg query "SELECT * WHERE { ?a ic:sisterCityOf ?b } LIMIT 5"
    """
    if store is not None and not store.strip():
        raise click.BadParameter(
            "is empty; name a store folder (or :memory:), or leave --store out for the "
            "default (~/.local/share/kg/store, or $KG_STORE)",
            param_hint="--store",
        )
    ctx.obj = Context(store=store)


# --- ingest ---------------------------------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Stop at the first bad file; write nothing after it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only the summary.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0),
    default=1,
    show_default=True,
    metavar="N",
    help="Extract in N worker processes (0: one per core); used from 200 articles on.",
)
@click.option(
    "--dask",
    "dask",
    metavar="SCHEDULER",
    help="Extract on a Dask cluster: tcp://HOST:PORT (`dask scheduler`), or local (2 workers).",
)
@click.option(
    "--batch",
    type=click.IntRange(1),
    default=1000,
    show_default=True,
    metavar="N",
    help="Write articles N at a time, each batch all or nothing (larger: faster, more memory).",
)
@click.option(
    "--compact/--no-compact",
    default=None,
    help="Compact the store's files after the run (default: when it wrote more than a "
    "batch): each run's files slow down lookups until they are merged.",
)
@pass_context
def ingest(
    obj: Context,
    paths: tuple[Path, ...],
    strict: bool,
    quiet: bool,
    jobs: int,
    dask: str | None,
    batch: int,
    compact: bool | None,
) -> None:
    """Read articles or relation files (and folders of them) into the store.

    Articles (.txt .md .html .jsonl RSS/Atom) go through extraction; relation files
    (.jsonl of `kg extract` records, .csv) are loaded as they are. Each file goes in
    whole or not at all; a bad file is reported and the rest go on (exit code 1),
    unless --strict.

    \b
    Example:
        kg ingest news/ press-release.txt curated.csv
        kg ingest --jobs 2 archive/
        kg ingest --dask tcp://HOST:8786 archive/
    """
    from .ingest import expand_inputs

    files = expand_inputs(paths)  # for the progress bar; the refused are reported in turn
    with obj.open() as kg:
        failures: list[tuple[str, str]] = []
        show = not quiet and len(files) > 1 and sys.stderr.isatty()
        with (
            click.progressbar(length=len(files), label="ingesting", file=sys.stderr)
            if show
            else _Null() as bar
        ):

            def on_file(path: str, error: str | None) -> None:
                bar.update(1)
                if error:
                    failures.append((path, error))

            report = kg.ingest(
                paths,
                strict=strict,
                on_file=on_file,
                jobs=jobs or os.cpu_count() or 1,
                dask=dask,
                batch=batch,
                compact=compact,
            )
    for _, error in failures:
        click.echo(f"Error: {error}", err=True)
    rdf = (
        f"{report.rdf_quads} quad(s) loaded as they are from {report.rdf_files} RDF file(s), "
        if report.rdf_files
        else ""
    )
    click.echo(
        f"{report.files} file(s) read, {report.articles} article(s) added, "
        f"{report.replaced} replaced, {report.unchanged} unchanged, "
        f"{report.relations} relation(s), {rdf}{len(report.failed)} file(s) failed",
        err=True,
    )
    if report.failed:
        sys.exit(EXIT_FAIL)


class _Null:
    def __enter__(self) -> _Null:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None


# --- query ----------------------------------------------------------------------------


@cli.command()
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(path_type=Path),
    help="Read the query from a .rq file.",
)
@click.option(
    "-n",
    "--named",
    metavar="NAME",
    help="Run a query that ships with kg: partners, timeline, relations_of_type, officials_met, "
    "two_hops.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        ["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld", "rdfxml"]
    ),
    default="table",
    show_default=True,
    help="SELECT/ASK: an aligned table, CSV, TSV, SPARQL results JSON or XML; CONSTRUCT/"
    "DESCRIBE: Turtle (table), N-Triples, JSON-LD (json) or RDF/XML (xml).",
)
@click.option(
    "-b",
    "--bind",
    "binds",
    multiple=True,
    metavar="VAR=VALUE",
    help="Bind a variable (IRI or literal).",
)
@click.option(
    "--timeout",
    type=Seconds(),
    default=None,
    metavar="SECONDS",
    help="Stop the query after this long (exit 1); no limit unless given.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="An endpoint SERVICE may call (none by default: kg makes no outbound requests).",
)
@pass_context
def query(
    obj: Context,
    sparql: str | None,
    query_file: Path | None,
    named: str | None,
    fmt: str,
    binds: tuple[str, ...],
    timeout: float | None,
    allow_service: tuple[str, ...],
) -> None:
    """Run a SPARQL query over all graphs (the kg prefixes are declared for you).

    A named query's parameters take a city in any form (city=고양), a type or a status
    code (type=meeting).

    \b
    Example:
        kg query --named partners --bind city=고양
        kg query -f examples/queries/partners.rq --format csv
        kg query "SELECT ?b WHERE { ?a rdfs:label 'Goyang'@en ; ic:relatedTo ?b }"
        kg query --timeout 30 -f my-heavy-query.rq
    """
    import tempfile

    from .protocol import query_form
    from .query import format_result, named_query, read_query_file, write_table

    if sum(x is not None for x in (sparql, query_file, named)) != 1:
        raise click.UsageError(
            "give a query as text, with -f FILE or with --named NAME (one of them)"
        )
    if named is not None:
        text = named_query(named)
    else:
        text = read_query_file(query_file) if query_file else str(sparql)
    from .guard import QueryPolicy, RefusedQueryError, check_query

    try:  # before the store opens: too deep a query would crash Oxigraph, SERVICE goes out
        check_query(text, QueryPolicy(allow_service=frozenset(allow_service)))
    except RefusedQueryError as err:
        _fail(f"{query_file}, {err}" if query_file is not None else str(err))
    bindings = _bindings(binds)
    with obj.open(read_only=True) as kg:
        from .readback import query_parameters

        bindings = query_parameters(kg, text, bindings)
        try:
            # Oxigraph cannot cancel a query; the store is open read-only here, so at the
            # limit the process may simply end (nothing to lose), before any output.
            graph_fmt = _graph_format(text, fmt)
            streamed = fmt != "table" or graph_fmt is not None
            watchdog = _query_watchdog(timeout, streamed) if timeout else None
            try:
                # Written as the store gives the rows, never whole in memory (CSV of 656k
                # rows held 1.6 GB): the table goes through a TSV file, read twice.
                stdout = sys.stdout.buffer
                if graph_fmt is not None:
                    kg.query_serialized(text, graph_format=graph_fmt, output=stdout, **bindings)
                elif fmt != "table":
                    kg.query_serialized(text, fmt, output=stdout, **bindings)
                elif query_form(text) == "ask":
                    click.echo(format_result(kg.query(text, **bindings)), nl=False)
                else:
                    with tempfile.TemporaryFile() as spool:
                        kg.query_serialized(text, "tsv", output=spool, **bindings)
                        spool.seek(0)
                        write_table(spool, sys.stdout)
                sys.stdout.flush()
            finally:
                if watchdog is not None:
                    watchdog.cancel()
        except Exception as err:
            if _closed_pipe(err):
                _quiet_exit()
            from .errors import QueryError
            from .query import explain_query_error, is_update

            if isinstance(err, QueryError) and is_update(text):
                _fail(
                    "this is a SPARQL update, and kg query only reads: add data with "
                    "`kg ingest`. The store is unchanged"
                )
            if isinstance(err, QueryError) and err.line is not None:
                source = str(query_file) if query_file is not None else None
                _fail(explain_query_error(err, text, source=source))
            raise


def _bindings(binds: tuple[str, ...]) -> dict[str, str]:
    """``--bind VAR=VALUE`` options as a dict, each name a SPARQL variable name and each
    value that looks like an IRI a valid IRI (else a usage error naming it)."""
    import pyoxigraph as ox

    out = {}
    for b in binds:
        name, sep, value = b.partition("=")
        name = name.strip().lstrip("?$")
        if not sep:
            raise click.BadParameter(f"{b!r} is not VAR=VALUE", param_hint="--bind")
        try:
            ox.Variable(name)
        except ValueError:
            raise click.BadParameter(
                f"{b!r}: {name!r} is not a variable name; write the name without ? "
                "(letters, digits, _), e.g. --bind city=고양",
                param_hint="--bind",
            ) from None
        if value.startswith(("http://", "https://", "urn:")):
            try:
                ox.NamedNode(value)
            except ValueError as err:
                raise click.BadParameter(
                    f"{b!r}: {value!r} is not a valid IRI ({err}); escape spaces and "
                    "quotes as %20 and %22, or give a city by its name",
                    param_hint="--bind",
                ) from None
        out[name] = value
    return out


_GRAPH_OUTPUT = {"table": "turtle", "json": "jsonld", "xml": "rdfxml"}
_GRAPH_ONLY = ("turtle", "ntriples", "jsonld", "rdfxml")


def _graph_format(sparql: str, fmt: str) -> str | None:
    """The graph format of a CONSTRUCT or DESCRIBE query's output; ``None`` for the other
    forms. A format that does not fit the query's form is a usage error."""
    from .protocol import is_graph_form, query_form

    form = query_form(sparql)
    if is_graph_form(form):
        if fmt in ("csv", "tsv"):
            raise click.UsageError(
                f"a {str(form).upper()} query gives a graph: "
                "use --format turtle, ntriples, jsonld or rdfxml"
            )
        return _GRAPH_OUTPUT.get(fmt, fmt)
    if fmt in _GRAPH_ONLY and form is not None:
        raise click.UsageError(
            f"a {form.upper()} query gives solutions: use --format table, csv, tsv, json or xml"
        )
    return None


def _query_watchdog(seconds: float, streamed: bool = False) -> threading.Timer:
    """End the process with a clear message if the query is not done in ``seconds``
    (``streamed``: rows may have been printed already, and the message says so)."""
    printed = "what was printed is incomplete" if streamed else "nothing was printed"

    def stop() -> None:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        sys.stderr.write(
            f"Error: the query did not finish in {seconds:g} s and was stopped; {printed}. "
            "Give it longer with --timeout, or narrow it (a LIMIT, a bound city, "
            "DISTINCT sub-selects; see examples/queries)\n"
        )
        sys.stderr.flush()
        os._exit(EXIT_FAIL)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    return timer


# --- export ---------------------------------------------------------------------------

_EXPORT_FORMATS = [
    "turtle",
    "ntriples",
    "nquads",
    "trig",
    "jsonld",
    "rdfxml",
    "graphml",
    "gexf",
    "csv",
]


def _export_format(output: Path | None, fmt: str | None) -> str:
    """The format asked for, else the one the file's extension names; an extension that
    names none is a usage error, not a file of some other format under that name."""
    from .errors import KGError
    from .graph import export_format

    if fmt is not None:
        return fmt
    if output is None:
        return "turtle"
    try:
        return export_format(output)
    except KGError as err:
        raise click.UsageError(f"{err} with --format") from err


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File to write (default: standard output).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_EXPORT_FORMATS),
    help="Named by the output file's extension (an unknown one is an error); Turtle on "
    "standard output.",
)
@pass_context
def export(obj: Context, output: Path | None, fmt: str | None) -> None:
    """Write the graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, GraphML, GEXF or CSV.

    Turtle, N-Triples and RDF/XML hold the union of all graphs; N-Quads, TriG and JSON-LD
    (compact, with an @context of kg's prefixes) keep one named graph per article, and
    the curation graph of decisions; GraphML and GEXF are the city network for Gephi or
    yEd (labels, weights, colours, positions; GEXF with the year of the first dated
    relation for Gephi's timeline); CSV is the relation records in the columns `kg
    ingest` reads (rejected relations left out, corrected ones as corrected).

    \b
    Example:
        kg export -o graph.trig
        kg export -o cities.gexf
        kg export -o relations.csv
    """
    fmt = _export_format(output, fmt)
    with obj.open(read_only=True) as kg:
        if output is None:
            try:
                _interruptible(lambda: kg.export(sys.stdout.buffer, fmt), "standard output")
                sys.stdout.flush()
            except Exception as err:
                if _closed_pipe(err):
                    _quiet_exit()
                raise
        else:
            # Written in full before it takes the name; links, read-only files, pipes and
            # devices are never replaced (the library's kg.exports.check_target).
            _interruptible(lambda: kg.export(output, fmt), str(output))
            click.echo(f"wrote {output} ({fmt})", err=True)


def _interruptible(work: Callable[[], None], target: str) -> None:
    """Run ``work`` (an export) so that Ctrl-C ends it at once: Oxigraph's writers hold
    no Python lock but take no signal either, so ``work`` runs in a thread of its own and
    this one waits for it, or for Ctrl-C. The store is open read-only and the export is
    an unnamed file until complete: ending the process there loses nothing."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            work()
            outcome.append(None)
        except BaseException as err:  # handed to the caller's thread
            # without its tracebacks: their frames hold pyoxigraph objects (solutions)
            # that must be dropped in the thread that made them
            cause: BaseException | None = err
            while cause is not None:
                cause.__traceback__ = None
                cause = cause.__cause__ or cause.__context__
            outcome.append(err)

    thread = threading.Thread(target=run, name="kg-export", daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.2)
    except KeyboardInterrupt:
        kept = "is incomplete" if target == "standard output" else "was not written"
        sys.stderr.write(
            f"Error: interrupted; the export to {target} {kept}, and the store is unchanged\n"
        )
        sys.stderr.flush()
        os._exit(130)  # the writer thread cannot be stopped from Python; nothing to keep
    err = outcome[0] if outcome else None
    if err is not None:
        raise err


# --- validate -------------------------------------------------------------------------


@cli.command()
@click.option(
    "--report",
    "show_report",
    is_flag=True,
    help="Print the full SHACL report even when it conforms.",
)
@pass_context
def validate(obj: Context, show_report: bool) -> None:
    """Check the graph against the SHACL shapes (exit 0 conforms, 1 does not, 2 could not run).

    \b
    Example:
        kg validate || echo "the graph does not conform"
    """
    from .errors import KGError

    try:
        kg = obj.open(read_only=True)
    except KGError as err:
        _fail(str(err), EXIT_USAGE)
    with kg, _ill_typed_literals() as ill_typed:
        try:
            conforms, _, text = kg.validate()
        except Exception as err:  # pySHACL raises its own types: could not run
            _fail(f"validation could not run: {err}", EXIT_USAGE)
    if ill_typed:
        # rdflib reads such a literal as having no value, so SHACL may pass it: it is not
        # data that conforms, whatever the shapes say
        shown = "; ".join(ill_typed[:3]) + (
            f"; and {len(ill_typed) - 3} more" if len(ill_typed) > 3 else ""
        )
        _fail(
            f"the store holds {len(ill_typed)} literal(s) that are not a value of their "
            f"datatype ({shown}); they came in as they are (an RDF file given to `kg ingest`, "
            "or the library): fix them in the file (dates as YYYY-MM-DD in ASCII digits) and "
            "load it again",
            EXIT_FAIL,
        )
    if conforms:
        click.echo("conforms: the graph passes the SHACL shapes")
        if show_report:
            click.echo(text)
        return
    click.echo(text)
    sys.exit(EXIT_FAIL)


@contextlib.contextmanager
def _ill_typed_literals() -> Iterator[list[str]]:
    """Collect what rdflib's logger says of literals whose text is not a value of their
    datatype (``"２０２４-１０-２３"^^xsd:date``), instead of the traceback it prints."""
    import logging

    found: list[str] = []

    class Collect(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if not record.getMessage().startswith("Failed to convert Literal"):
                return True
            datatype = record.getMessage().split("Datatype=", 1)[-1].split(",", 1)[0]
            why = record.exc_info[1] if record.exc_info else None
            entry = f"{datatype}: {why}" if why else datatype
            if entry not in found:  # rdflib reads the same literal more than once
                found.append(entry)
            return False

    logger = logging.getLogger("rdflib.term")
    collect = Collect()
    logger.addFilter(collect)
    try:
        yield found
    finally:
        logger.removeFilter(collect)


# --- stats ----------------------------------------------------------------------------


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--top", default=10, show_default=True, metavar="N", help="How many central cities to list."
)
@pass_context
def stats(obj: Context, as_json: bool, top: int) -> None:
    """Counts of the graph and its most central cities.

    Triples, articles, cities, relations by type and status, and a table of the cities
    with the most partners (degree centrality), with betweenness centrality and
    community (Louvain).

    \b
    Example:
        kg stats --top 5
    """
    import json

    from .analysis import central_cities

    with obj.open(read_only=True) as kg:
        figures = kg.stats()
        central = central_cities(kg.networkx(), top=top)
    if as_json:
        figures["central"] = central
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    for key in ("triples", "articles", "cities", "relations", "officials"):
        click.echo(f"{key:<10} {figures.get(key, 0):>8}")
    click.echo("by type:")
    for k, v in figures["by_type"].items():
        click.echo(f"  {k:<12} {v:>6}")
    click.echo("by status:")
    for k, v in figures["by_status"].items():
        click.echo(f"  {k:<12} {v:>6}")
    _print_central(central)


def _print_central(rows: list[dict[str, Any]]) -> None:
    click.echo("most central cities:")
    click.echo(
        f"  {'#':>3}  {'city':<24} {'cc':<3} {'partners':>8} {'relations':>9} {'degree':>7} "
        f"{'between':>7} {'group':>5}"
    )
    for i, r in enumerate(rows, 1):
        group = "" if r["community"] is None else r["community"]
        click.echo(
            f"  {i:>3}  {_fit(str(r['name']), 24)} {r['country'] or '':<3} {r['partners']:>8} "
            f"{r['relations']:>9}"
            f" {r['degree']:>7.3f} {r['betweenness']:>7.3f} {group:>5}"
        )


def _fit(text: str, width: int) -> str:
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)


# --- viz, path, neighbors ---------------------------------------------------------------

# The codes of kg.model's enums, which hold those of ontologies/relations.ttl (a test checks).
_TYPES = tuple(t.value for t in RelationType)
_STATUSES = tuple(s.value for s in Status)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("graph.html"),
    show_default=True,
    help="HTML file to write.",
)
@click.option(
    "--city", metavar="NAME", help="Only the relations of this city (고양, 고양시, Goyang...)."
)
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(_TYPES),
    help="Only this relation type (repeatable).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(_STATUSES),
    help="Only this status (repeatable).",
)
@click.option(
    "--since", metavar="DATE", help="Only relations dated on or after DATE (YYYY[-MM[-DD]])."
)
@click.option("--until", metavar="DATE", help="Only relations dated on or before DATE.")
@click.option(
    "--layout",
    type=click.Choice(["force", "geo"]),
    default="force",
    show_default=True,
    help="The layout the page opens with: force, the network; geo, the map (switchable).",
)
@click.option(
    "--labels",
    type=click.Choice(["ko", "en"]),
    default="ko",
    show_default=True,
    help="Language of the city labels when the page opens (switchable in the page).",
)
@click.option(
    "--max-relations",
    default=20000,
    show_default=True,
    metavar="N",
    help="Above N relations draw only the best-connected cities (0: all).",
)
@pass_context
def viz(
    obj: Context,
    output: Path,
    city: str | None,
    types: tuple[str, ...],
    statuses: tuple[str, ...],
    since: str | None,
    until: str | None,
    layout: str,
    labels: str,
    max_relations: int,
) -> None:
    """Write the city network as one self-contained HTML file (opens offline).

    A network (hubs labelled, components packed) and a map over country outlines; one
    edge per pair of cities in the colour of its strongest tie, as wide as their number
    of relations, that opens into its relations on click; a search box (any name of a
    city), a city panel with its partners, dates, evidence sentences and sources (and a
    CSV of them), a timeline to choose years, and filters by type, status and country.

    \b
    Example:
        kg viz -o goyang.html --city 고양 --since 2020 --layout geo
    """
    with obj.open(read_only=True) as kg:
        path = kg.draw(
            output,
            city=city,
            types=types,
            statuses=statuses,
            since=since,
            until=until,
            layout=layout,
            labels=labels,
            max_relations=max_relations,
        )
    click.echo(f"wrote {path}")


@cli.command()
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@click.option(
    "--labels",
    type=click.Choice(["en", "ko"]),
    default="en",
    show_default=True,
    help="Language of the names.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the path as JSON.")
@pass_context
def path(obj: Context, source: str, target: str, labels: str, as_json: bool) -> None:
    """The shortest chain of relations between two cities, named in any form.

    Prints the chain, then the relation types of each step.

    \b
    Example:
        kg path 진주 Kunming
    """
    import json

    from .analysis import city_name, find_city, path_steps, shortest_path

    with obj.open(read_only=True) as kg:
        g = kg.networkx()
    cities = shortest_path(g, find_city(g, source), find_city(g, target))
    names = [city_name(g, c, labels) for c in cities]
    steps = path_steps(g, cities, labels)
    if as_json:
        click.echo(
            json.dumps(
                {"path": names, "cities": [str(c) for c in cities], "steps": steps},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(" -> ".join(names))
    for s in steps:
        click.echo(f"  {s['from']} - {s['to']}: {', '.join(s['types'])}")


@cli.command()
@click.argument("city", metavar="CITY")
@click.option(
    "--labels",
    type=click.Choice(["en", "ko"]),
    default="en",
    show_default=True,
    help="Language of the names.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the partners as JSON.")
@pass_context
def neighbors(obj: Context, city: str, labels: str, as_json: bool) -> None:
    """The partner cities of a city (named in any form: 고양, 고양시, Goyang) and their relations.

    \b
    Example:
        kg neighbors 고양시 --json
    """
    import json

    from .analysis import city_name, find_city
    from .analysis import neighbors as partners_of

    with obj.open(read_only=True) as kg:
        g = kg.networkx()
    node = find_city(g, city)
    rows = partners_of(g, node)
    for r in rows:
        r["name"] = city_name(g, r["city"], labels)
        r["country"] = g.nodes[r["city"]].get("country")
    if as_json:
        click.echo(
            json.dumps(
                {"city": city_name(g, node, labels), "iri": str(node), "partners": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(
        f"{city_name(g, node, labels)}: {len(rows)} partner cit{'y' if len(rows) == 1 else 'ies'}"
    )
    for r in rows:
        rels = "; ".join(
            f"{x['type']} ({x['status']}{', ' + x['date'] if x.get('date') else ''})"
            for x in r["relations"]
        )
        click.echo(f"  {_fit(str(r['name']), 20)} {r['country'] or '':<3} {rels}")


# --- review and curation -----------------------------------------------------------------


@cli.command()
@click.option("--city", metavar="NAME", help="Only the relations of this city (any form).")
@click.option("--type", "type_", type=click.Choice(_TYPES), help="Only this relation type.")
@click.option("--status", type=click.Choice(_STATUSES), help="Only this status.")
@click.option(
    "--limit", default=20, show_default=True, metavar="N", help="How many to list (0: all)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the relations as JSON.")
@pass_context
def review(
    obj: Context, city: str | None, type_: str | None, status: str | None, limit: int, as_json: bool
) -> None:
    """Relations to check, lowest confidence first, with their evidence and sources.

    Each line starts with the relation's id, for kg reject, kg confirm and kg correct.
    Confirmed and corrected relations come last.

    \b
    Example:
        kg review --city 고양 --limit 5
    """
    import json

    with obj.open(read_only=True) as kg:
        rows = kg.review(city=city, type=type_, status=status)
    if limit:
        rows = rows[:limit]
    if as_json:
        from .io import relation_to_record

        out = [
            {"id": r.short, "iri": r.iri, "confidence": r.confidence, "confirmed": r.confirmed,
             "sources": list(r.sources), "evidence": list(r.evidence),
             "relation": relation_to_record(r.relation)}
            for r in rows
        ]  # fmt: skip
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in rows:
        rel = r.relation
        cities = " – ".join(c.name_ko or c.name for c in rel.cities)
        mark = " (confirmed)" if r.confirmed else ""
        click.echo(
            f"{r.short}  {r.confidence:.2f}  {rel.type.value} {rel.status.value}"
            f"{' ' + rel.date if rel.date else ''}  {cities}{mark}"
        )
        for quote in r.evidence[:2]:
            click.echo(f"    “{_fit(quote, 100).rstrip()}”")
        click.echo(f"    sources: {'; '.join(r.sources)}")


_BY = click.option(
    "--by", metavar="NAME", help="Who decides (default: $KG_USER, else the login name)."
)
_WHY = click.option("--why", default="", metavar="TEXT", help="Why, for the record.")


@cli.command()
@click.argument("relation", metavar="REL")
@_BY
@_WHY
@pass_context
def reject(obj: Context, relation: str, by: str | None, why: str) -> None:
    """Reject a relation: queries, stats, the view and exports leave it out.

    The decision is recorded in the curation graph (who, when, why); ingesting its
    articles again does not bring it back; kg confirm does.

    \b
    Example:
        kg reject 228a0e9d4138 --why "the article names a bank, not the city"
    """
    with obj.open() as kg:
        d = kg.reject(relation, by=by, why=why)
    click.echo(f"rejected {d.relation} (by {d.by}, {d.at})")


@cli.command()
@click.argument("relation", metavar="REL")
@_BY
@_WHY
@pass_context
def confirm(obj: Context, relation: str, by: str | None, why: str) -> None:
    """Confirm a relation (undoing an earlier reject or correction of it).

    \b
    Example:
        kg confirm 228a0e9d4138
    """
    with obj.open() as kg:
        d = kg.confirm(relation, by=by, why=why)
    click.echo(f"confirmed {d.relation} (by {d.by}, {d.at})")


@cli.command()
@click.argument("relation", metavar="REL")
@click.option("--type", "type_", type=click.Choice(_TYPES), help="The right relation type.")
@click.option("--status", type=click.Choice(_STATUSES), help="The right status.")
@click.option("--date", metavar="DATE", help="The right date (YYYY[-MM[-DD]]; '' for none).")
@_BY
@_WHY
@pass_context
def correct(
    obj: Context,
    relation: str,
    type_: str | None,
    status: str | None,
    date: str | None,
    by: str | None,
    why: str,
) -> None:
    """Correct a relation's type, status or date; it keeps its sources and evidence.

    \b
    Example:
        kg correct 31ea06de21ac --type visit --date 2024-10-22 --why "a visit, per the city"
    """
    from .model import parse_partial_date

    if type_ is None and status is None and date is None:
        raise click.UsageError("give --type, --status or --date")
    if date:
        try:
            date = parse_partial_date(date)
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--date") from None
    with obj.open() as kg:
        d = kg.correct(relation, by=by, why=why, type=type_, status=status, date=date)
    click.echo(f"corrected {d.relation} -> {(d.corrected_to or '')[1:-1]} (by {d.by}, {d.at})")


# --- serve ----------------------------------------------------------------------------


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback unless told otherwise).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0 picks a free one).",
)
@click.option(
    "--allow-update", is_flag=True, help="Accept SPARQL Update (refused with 403 by default)."
)
@click.option(
    "--timeout",
    type=Seconds(minimum=0.1),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Time limit of one query.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Query worker processes (read-only on-disk store).",
)
@serve_security_options
@pass_context
def serve(
    obj: Context,
    host: str,
    port: int,
    allow_update: bool,
    timeout: float,
    workers: int,
    **security: Any,
) -> None:
    """Serve the store over HTTP: SPARQL 1.1 Protocol at /sparql, /health, HTML view at /.

    Results by content negotiation: SPARQL JSON, XML, CSV, TSV; Turtle, N-Triples,
    JSON-LD for CONSTRUCT and DESCRIBE. Read-only unless --allow-update; a query past
    --timeout gets 503 (on the read-only on-disk store its worker is killed). Stop with
    Ctrl-C.

    \b
    Example:
        kg serve --port 8000 &
        curl -H 'Accept: text/csv' http://127.0.0.1:8000/sparql \\
          --data-urlencode 'query=SELECT * WHERE { ?a ic:sisterCityOf ?b }'
    """
    from .server import serve as run_server

    settings = _security(**security)
    location = obj.location
    mode = "read-write" if allow_update else "read-only"

    def ready(url: str) -> None:
        from .guard import bind_warnings

        for warning in bind_warnings(host, allow_update=allow_update):
            click.echo(warning, err=True)
        click.echo(f"kg serve: {url}sparql ({mode}, store {location}); Ctrl-C to stop", err=True)
        click.echo(
            f"kg serve: the city network as {url}graph.gexf (Gephi; in Gephi Lite: "
            f"https://gephi.org/gephi-lite/?gexf={url}graph.gexf) and {url}graph.graphml (yEd)",
            err=True,
        )
        click.echo(f"listening on {url}")
        sys.stdout.flush()

    run_server(
        location,
        host,
        port,
        allow_update=allow_update,
        timeout=timeout,
        workers=workers,
        on_ready=ready,
        security=settings,
    )


# --- demo -----------------------------------------------------------------------------


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("kg-demo.html"),
    show_default=True,
    help="Where to write the HTML view.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Also load the 558 twin-town pairs of Wikipedia (CC BY-SA 4.0, see data/README.md).",
)
@click.option(
    "--layout",
    type=click.Choice(["force", "geo"]),
    default="force",
    show_default=True,
    help="The layout the page opens with: force, the network; geo, the map (switchable).",
)
@pass_context
def demo(obj: Context, output: Path, full: bool, layout: str) -> None:
    """Load the bundled sample data into the store and write the full HTML view.

    The sample is the seed press release's relations; --full adds the Wikipedia list
    of twin towns involving Korea.

    \b
    Example:
        kg demo -o goyang.html && xdg-open goyang.html
    """
    from .graph import demo_paths

    with obj.open() as kg:
        report = kg.ingest(demo_paths(full=full), strict=True)
        path = kg.draw(output, layout=layout)
        figures = kg.stats()
    click.echo(
        f"store {obj.location}: {figures['triples']} triples, {figures['cities']} cities, "
        f"{figures['relations']} relations ({report.articles} article(s) added, {report.unchanged} "
        "unchanged)"
    )
    click.echo(f"wrote {path}")


# --- extract and eval -------------------------------------------------------------------


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="One JSON record per relation, or a table for reading.",
)
def extract(files: tuple[Path, ...], fmt: str) -> None:
    """Print the relations that articles state; the store is not touched.

    Reads .txt, .md, .html, .jsonl (one article per line) and RSS/Atom files. Each
    JSON record (see docs/design.md) carries its ``source``, the path or URL as given, so
    the output of many files can be split again or loaded with ``kg ingest``.

    \b
    Example:
        kg extract news/goyang-yiwu.txt --format table
    """
    import json

    from .errors import KGError
    from .extract import extract as extract_relations
    from .ingest import read_article_file
    from .io import relation_to_record

    failed = internal = 0
    for path in files:
        # kg ingest's checks first: a program, an empty file or a 100 MB "article" is
        # named, not decoded as UTF-16 or fed to Kiwi for minutes. One file that fails is
        # named and the others are still read.
        try:
            relations = [r for a in read_article_file(path) for r in extract_relations(a)]
        except KGError as err:
            click.echo(f"Error: {err}", err=True)
            failed += 1
            continue
        except Exception as err:  # a bug in kg: named with its file, the batch goes on
            click.echo(
                f"Error: {path}: internal error ({type(err).__name__}: {err}). This is a bug "
                "in kg; please report it with the file.",
                err=True,
            )
            internal += 1
            continue
        for relation in relations:
            record = relation_to_record(relation)
            if fmt == "jsonl":
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                cities = " – ".join(c["name_ko"] or c["name"] for c in record["cities"])
                evidence = (record["evidence"] or {}).get("text", "")
                click.echo(
                    f"{record['type']:<12} {record['status']:<9} {record['date'] or '-':<10} "
                    f"{record['confidence']:<5} {_fit(cities, 40)}  {_fit(evidence, 60)}"
                )
    if internal:
        sys.exit(EXIT_INTERNAL)
    if failed:
        click.echo(
            f"{failed} of {len(files)} file(s) could not be read; the others were.", err=True
        )
        sys.exit(EXIT_FAIL)


@cli.command("eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.argument("texts_dir", metavar="TEXTS_DIR", type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the scores (and per-file details) as JSON."
)
@click.option(
    "-v",
    "--misses",
    "--verbose",
    "verbose",
    is_flag=True,
    help="List the missed and the false pairs (and types) of each text.",
)
@click.option(
    "--part",
    metavar="K/N",
    help="Score only the K-th of every N texts of the gold file (!K/N: all the others).",
)
@click.option(
    "--sources",
    type=click.Path(path_type=Path),
    help="A TSV of NAME<TAB>URL: where each text came from. A date the URL carries "
    "(/2024/08/07/, AKR20240807...) is the text's publication date when the text states none.",
)
def eval_(
    gold: Path,
    texts_dir: Path,
    as_json: bool,
    verbose: bool,
    part: str | None,
    sources: Path | None,
) -> None:
    """Score the extractor on annotated texts: P/R/F1 over city pairs and (pair, type).

    GOLD is a JSON-lines file, one line per text of TEXTS_DIR:
    {"file": NAME, "relations": [{"cities": [{"ko": .., "en": .., "country": ..}, ..],
    "types": [..], "status": .., "date": .., "optional": false}, ..]}
    (docs/design.md, "Measuring extraction"). Also prints status and date accuracy and the pairs
    found in texts that state no relation. Keep a part of your texts unread while you
    tune rules and score it apart with --part.

    \b
    Example:
        kg eval gold.jsonl texts/ --misses
        kg eval gold.jsonl texts/ --part 5/5     # the held-out fifth
        kg eval gold.jsonl texts/ --sources sources.tsv
    """
    import json

    from .eval import evaluate, read_sources

    result = evaluate(
        gold, texts_dir, part=part, sources=read_sources(sources) if sources else None
    )
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(result.files)} text(s)")
    for label, score in (("pairs", result.pairs), ("pair+type", result.typed)):
        click.echo(
            f"{label:<10} P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}  "
            f"(tp {score.tp}, fp {score.fp}, fn {score.fn})"
        )
    # One line with the status, so that the summary stays the same four lines at the end.
    click.echo(
        f"status accuracy {result.status_accuracy:.3f} over matched (pair, type); "
        f"date accuracy {result.date_accuracy:.3f} over {result.date_total} dated relations "
        "(dated where the gold gives no date: {} of {})".format(*result.undated_dated)
    )
    negatives = sum(f.negative for f in result.files)
    click.echo(
        f"false pairs on the {negatives} text(s) stating no relation: {result.negative_false_pairs}"
    )
    failed = [f for f in result.files if f.error]
    for f in failed:
        click.echo(f"  {f.file}: the extractor failed ({f.error}); this is a bug in kg", err=True)
    if verbose:
        for f in result.files:
            for kind, items in (
                ("false", f.false_pairs),
                ("missed", f.missed_pairs),
                ("false type", f.false_typed),
                ("missed type", f.missed_typed),
                ("wrong date", f.wrong_dates),
            ):
                for item in items:
                    click.echo(f"  {f.file}: {kind}: {item}")
    if failed:
        sys.exit(EXIT_INTERNAL)


def main() -> None:
    """Entry point of the ``kg`` console script."""
    try:
        cli.main(prog_name="kg")
    except SystemExit:
        raise
    except Exception as err:  # the last guard: a bug must not print a bare traceback
        click.echo(
            f"Error: internal error ({type(err).__name__}: {err}). This is a bug in kg; "
            "please report it with the command you ran.",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
