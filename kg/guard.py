"""What kg refuses before Oxigraph or the HTTP endpoint act on it: hostile queries and requests.

Two guards, both plain functions of their input:

Query text (:func:`check_query`), checked before Oxigraph parses it, in ``kg query``,
the library's queries and every task of ``kg serve``:

- **Nesting and size.** Oxigraph's parser and evaluator recurse over the query, and a
  deep enough query overflows the native stack: the process dies of SIGSEGV, no message,
  no Python exception. Measured with pyoxigraph 0.5.13 (8 MiB stack): crashes from 1,000
  nested function calls, 3,000 nested ``{``, 5,000 nested ``(``, 3,000 ``OPTIONAL``,
  5,000 ``BIND``, 10,000 ``UNION`` or ``&&``, 20,000 triple patterns. kg refuses more than
  :data:`MAX_DEPTH` open brackets at once and more than :data:`MAX_OPERATORS` operators,
  keywords and brackets in one query (the contents of ``VALUES`` and of ``INSERT DATA`` /
  ``DELETE DATA`` do not count: Oxigraph reads them flat, 100,000 quads measured).
- **Outbound requests.** ``SERVICE <iri>`` in a query and ``LOAD <iri>`` in an update make
  Oxigraph fetch that IRI: from a server, a request to any address the caller names. Both
  are refused unless the endpoint is one the user allowed (``--allow-service URL``); a
  ``SERVICE ?variable`` or a relative IRI is refused always. The scan reads the query the
  way SPARQL's grammar does (comments, strings and IRIs are not keywords; keywords in any
  case; ``\\u`` escapes inside IRIs decoded), and when in doubt refuses.

HTTP (:func:`protect`, the WSGI middleware of ``kg serve``):

- the ``Host`` header must name the address the server is bound to (a page of another
  site that rebinds its DNS name to 127.0.0.1 sends its own name);
- a write (SPARQL Update, any method other than GET/HEAD/OPTIONS or a POSTed query) must
  come from no browser page or from the server's own origin (``Origin``,
  ``Sec-Fetch-Site``), and carry the token when one is set (``Authorization: Bearer``);
- CORS headers go on reads only, for the origins the user chose (``*`` by default); a
  read from a browser page of an origin not chosen is refused.
"""

from __future__ import annotations

import hmac
import io
import ipaddress
import logging
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import KGError, QueryError

log = logging.getLogger(__name__)

__all__ = [
    "MAX_DEPTH",
    "MAX_OPERATORS",
    "QueryPolicy",
    "RefusedQueryError",
    "HttpPolicy",
    "check_query",
    "scan",
    "protect",
    "is_loopback",
]

#: Brackets open at once: real queries use under 15; Oxigraph crashes from about 1,000.
MAX_DEPTH = 64
#: Operators, keywords and brackets in one query; Oxigraph crashes from about 10,000.
MAX_OPERATORS = 2000


class RefusedQueryError(QueryError):
    """A query or update kg will not run: too deep, too large, or asking for the network.

    ``status`` is the HTTP status ``kg serve`` answers with (400 or 403). The message
    names the line and column itself (``line`` stays ``None``: it is no syntax error).
    """

    def __init__(self, message: str, *, status: int = 400) -> None:
        self.status = status
        self.reason, self.line, self.column, self.syntax = message, None, None, False
        KGError.__init__(self, message)


@dataclass(frozen=True)
class QueryPolicy:
    """What a query may do: the endpoints it may call, how deep and large it may be."""

    allow_service: frozenset[str] = frozenset()
    max_depth: int = MAX_DEPTH
    max_operators: int = MAX_OPERATORS
    any_service: bool = False  # the library's own queries: only depth and size are checked


#: What the library checks of every query it runs itself (it trusts its caller's SERVICE).
LIBRARY_POLICY = QueryPolicy(any_service=True)


# --- reading a query the way SPARQL's grammar does ------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'{1,2}(?!'))*'''
              | \"\"\"(?:[^"\\]|\\.|"{1,2}(?!"))*\"\"\"
              | '(?:[^'\\\r\n]|\\.)*'
              | "(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w\-:%.]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<open>[({\[])
  | (?P<close>[)}\]])
  | (?P<op>&&|\|\||!=|<=|>=|\^\^|[|/^!+*\-=<>;.?])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: Tokens that do not count towards the size: terms, punctuation between terms.
_TERMS = {"space", "comment", "string", "iri", "var", "lang", "number", "pname"}
_UNCOUNTED = {"a", "true", "false", ",", "A", "TRUE", "FALSE", "True", "False"}


@dataclass
class Shape:
    """What :func:`scan` found: depth, size, and the endpoints named by SERVICE and LOAD.

    ``services`` and ``loads`` hold ``(as written, resolved IRI or None, line, column)``;
    the IRI is ``None`` when it cannot be known before the query runs (a variable, a
    relative IRI without BASE, an unknown prefix).
    """

    depth: int = 0
    depth_at: tuple[int, int] = (1, 1)
    operators: int = 0
    operators_at: tuple[int, int] = (1, 1)
    services: list[tuple[str, str | None, int, int]] = field(default_factory=list)
    loads: list[tuple[str, str | None, int, int]] = field(default_factory=list)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def scan(text: str, prefixes: dict[str, str] | None = None, *, mark: int = MAX_OPERATORS) -> Shape:
    """Read a query or update once: bracket depth, size, SERVICE and LOAD targets.

    ``prefixes`` are the ones declared for every query (kg's); ``PREFIX`` and ``BASE`` in
    the text are followed in order, as SPARQL does. ``operators_at`` is where the count
    passed ``mark``.

    >>> s = scan("SELECT * WHERE { SERVICE <http://x.example/sparql> { ?s ?p ?o } }")
    >>> s.depth, [iri for _, iri, _, _ in s.services]
    (2, ['http://x.example/sparql'])
    """
    declared = dict(prefixes or {})
    base: str | None = None
    shape = Shape()
    depth = operators = 0
    flat_pending = False  # VALUES or INSERT/DELETE DATA seen: the next { opens a flat block
    flat_until = -1  # the depth of that block while inside it (its contents are not counted)
    previous = ""  # the last keyword
    expect = ""  # what the tokens after PREFIX, BASE, SERVICE or LOAD are
    pending: list[str] = []
    keyword_at = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space" or kind == "comment":
            continue
        value = m.group()
        if expect:
            if expect == "target" and kind == "word" and value.upper() == "SILENT":
                continue
            pending.append(value)
            if expect == "target":
                iri = _target(kind, value, declared, base)
                found = (value, iri, *_position(text, keyword_at))
                (shape.services if previous == "SERVICE" else shape.loads).append(found)
                expect, pending = "", []
            elif expect == "base":
                if kind == "iri":
                    base = _resolve(_iri_value(value), base)
                expect, pending = "", []
            elif expect == "prefix" and len(pending) == 2:
                name, iri_token = pending
                if name.endswith(":") and iri_token.startswith("<"):
                    declared[name[:-1]] = _resolve(_iri_value(iri_token), base) or ""
                expect, pending = "", []
        if kind == "open":
            depth += 1
            if depth > shape.depth:
                shape.depth, shape.depth_at = depth, _position(text, m.start())
            if flat_pending and value == "{":
                flat_pending, flat_until = False, depth
        elif kind == "close":
            if depth == flat_until:
                flat_until = -1
            depth = max(0, depth - 1)
        elif kind in _TERMS or value in _UNCOUNTED:
            continue
        if flat_until < 0:
            operators += 1
            if operators == mark + 1:
                shape.operators_at = _position(text, m.start())
        if kind != "word":
            continue
        word = value.upper()
        if word == "VALUES" or (word == "DATA" and previous in ("INSERT", "DELETE")):
            flat_pending = flat_until < 0
        elif word in ("SERVICE", "LOAD"):
            expect, keyword_at = "target", m.start()
        elif word == "PREFIX":
            expect = "prefix"
        elif word == "BASE":
            expect = "base"
        previous = word
    if expect == "target":
        (shape.services if previous == "SERVICE" else shape.loads).append(
            ("(nothing)", None, *_position(text, keyword_at))
        )
    shape.operators = operators
    return shape


def _iri_value(token: str) -> str:
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])


def _resolve(iri: str, base: str | None) -> str | None:
    if re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
        return iri
    if base is None:
        return None
    return urllib.parse.urljoin(base, iri)


def _target(kind: str | None, value: str, declared: dict[str, str], base: str | None) -> str | None:
    if kind == "iri":
        return _resolve(_iri_value(value), base)
    if kind == "pname" and "\\" not in value:
        prefix, _, local = value.partition(":")
        if prefix in declared and declared[prefix]:
            return declared[prefix] + local.rstrip(".")
    return None


def check_query(text: str, policy: QueryPolicy | None = None, *, what: str = "query") -> Shape:
    """Refuse a query or update that is too deep, too large, or calls another server.

    Raises :class:`RefusedQueryError` naming the line and column and what to do; returns
    what :func:`scan` found otherwise.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }").depth
    1
    >>> check_query("ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.guard.RefusedQueryError: line 1, column 7: SERVICE <http://127.0.0.1:9/> is refused: ...
    """
    from .namespaces import PREFIXES

    policy = policy or QueryPolicy()
    shape = scan(text, dict(PREFIXES), mark=policy.max_operators)
    if shape.depth > policy.max_depth:
        line, col = shape.depth_at
        raise RefusedQueryError(
            f"line {line}, column {col}: the {what} nests brackets {shape.depth:,} deep, and kg "
            f"accepts at most {policy.max_depth} (deeper ones crash the SPARQL engine); "
            "write it flatter, e.g. a chain of && or UNION instead of nested groups"
        )
    if shape.operators > policy.max_operators:
        line, col = shape.operators_at
        raise RefusedQueryError(
            f"line {line}, column {col}: the {what} has {shape.operators:,} operators, keywords "
            f"and brackets, and kg accepts at most {policy.max_operators:,} in one {what} "
            "(larger ones crash the SPARQL engine); split it, or pass long lists of values "
            "as VALUES"
        )
    for keyword, found in (("SERVICE", shape.services), ("LOAD", shape.loads)):
        for written, iri, line, col in [] if policy.any_service else found:
            if iri is not None and iri in policy.allow_service:
                continue
            if iri is None:
                raise RefusedQueryError(
                    f"line {line}, column {col}: {keyword} {written} is refused: kg calls "
                    "other servers only at an endpoint named by a full IRI that the user "
                    "allowed (--allow-service URL); a variable or relative IRI could point "
                    "anywhere",
                    status=403,
                )
            raise RefusedQueryError(
                f"line {line}, column {col}: {keyword} <{iri}> is refused: kg makes no "
                "requests to other servers unless told to (allow this endpoint with "
                f"--allow-service {iri})",
                status=403,
            )
    return shape


# --- HTTP -------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (``127.0.0.0/8``, ``::1``, localhost).

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.lower() in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host == ""


@dataclass(frozen=True)
class HttpPolicy:
    """Who may talk to ``kg serve``: the bound address, extra host names, CORS, a token.

    ``cors`` lists the origins whose pages may read answers (``("*",)``: any; empty: no
    CORS headers, so only same-origin pages and non-browser clients). ``token``, when
    set, must come with every write as ``Authorization: Bearer TOKEN``.
    """

    host: str = "127.0.0.1"
    allowed_hosts: frozenset[str] = frozenset()
    cors: tuple[str, ...] = ("*",)
    token: str | None = None
    max_body: int = 10 * 1024 * 1024


_READ_CORS = [
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Allow-Headers", "Content-Type, Accept"),
    ("Access-Control-Max-Age", "86400"),
]
_UPDATE_TYPES = ("application/sparql-update",)
_FORM = "application/x-www-form-urlencoded"


def _split_host(value: str) -> tuple[str, str | None]:
    """``host[:port]`` or ``[v6]:port`` into the host (lowercase, no brackets) and port."""
    value = value.strip().lower()
    m = re.fullmatch(r"\[([0-9a-f:.]+)\](?::(\d+))?", value)
    if m:
        return m.group(1), m.group(2)
    if value.count(":") == 1:
        host, _, port = value.partition(":")
        return host, port
    return value, None


def host_allowed(header: str, policy: HttpPolicy, port: str) -> bool:
    """True when a ``Host`` header names this server: the bound address and port.

    A loopback server answers to its address and ``localhost``; one bound to every
    interface (``0.0.0.0``) to any IP address and ``localhost``; any server to the names
    in ``allowed_hosts``. A DNS name that is none of these is what a rebinding attack
    sends, and is refused.

    >>> p = HttpPolicy("127.0.0.1")
    >>> host_allowed("127.0.0.1:8000", p, "8000"), host_allowed("evil.example:8000", p, "8000")
    (True, False)
    """
    host, given_port = _split_host(header)
    if (given_port or "80") != port:
        return False
    if host in policy.allowed_hosts:
        return True
    bound = policy.host.strip("[]").lower()
    if host in ("localhost", "localhost."):
        return is_loopback(bound) or _is_wildcard(bound)
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return False
    if _is_wildcard(bound):
        return True
    try:
        return addr == ipaddress.ip_address(bound)
    except ValueError:  # bound to a name: its own name only (in allowed_hosts), or loopback
        return is_loopback(bound) and addr.is_loopback


def _is_write(environ: dict[str, Any], body: bytes) -> bool:
    method = environ["REQUEST_METHOD"]
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if method == "POST" and (environ.get("PATH_INFO") or "/") == "/sparql":
        if ctype == "application/sparql-query":
            return False
        if ctype == _FORM:
            try:
                fields = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return True
            return "update" in fields or "query" not in fields
    return True


def protect(
    app: Callable[..., Iterable[bytes]], policy: HttpPolicy
) -> Callable[..., Iterable[bytes]]:
    """Wrap a WSGI application with the Host, Origin, token and CORS rules of ``policy``.

    The inner application's own ``Access-Control-*`` headers are replaced by the policy's.
    """
    wildcard = "*" in policy.cors

    def refuse(
        start_response: Callable[..., Any],
        status: str,
        message: str,
        extra: list[tuple[str, str]] | None = None,
    ) -> list[bytes]:
        body = (message.rstrip("\n") + "\n").encode("utf-8")
        start_response(
            status,
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(body))),
                *(extra or []),
            ],
        )
        return [body]

    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        port = str(environ.get("SERVER_PORT") or "80")
        host_header = environ.get("HTTP_HOST")
        if host_header is not None and not host_allowed(host_header, policy, port):
            log.warning("refused a request for Host %r", host_header)
            return refuse(
                start_response,
                "421 Misdirected Request",
                f"this server does not answer to the host name {host_header!r}: ask for "
                f"it by its address (http://{_url_host(policy.host)}:{port}/), or start "
                "kg serve with --allow-host NAME if that name is really this machine",
            )
        origin = environ.get("HTTP_ORIGIN")
        own = f"http://{host_header}" if host_header else None
        same_origin = origin is None or (own is not None and origin.lower() == own.lower())
        method = environ["REQUEST_METHOD"]
        body = b""
        if method not in ("GET", "HEAD", "OPTIONS"):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0:
                return refuse(
                    start_response, "400 Bad Request", "the Content-Length header is not a number"
                )
            if length > policy.max_body:
                return refuse(
                    start_response,
                    "413 Payload Too Large",
                    f"the request body is larger than {policy.max_body} bytes",
                )
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        cors_ok = origin is not None and not same_origin and (wildcard or origin in policy.cors)
        if method == "OPTIONS":
            headers = [("Allow", "GET, POST, OPTIONS"), ("Content-Length", "0")]
            if cors_ok:
                headers += [
                    ("Access-Control-Allow-Origin", "*" if wildcard else str(origin)),
                    *_READ_CORS,
                ]
                if not wildcard:
                    headers.append(("Vary", "Origin"))
            start_response("204 No Content", headers)
            return [b""]
        if _is_write(environ, body):
            fetch_site = (environ.get("HTTP_SEC_FETCH_SITE") or "").lower()
            if not same_origin or fetch_site in ("cross-site", "same-site"):
                log.warning("refused a write from origin %r", origin)
                return refuse(
                    start_response,
                    "403 Forbidden",
                    f"updates are accepted only from this server's own pages or from "
                    f"programs, not from a page of another site (Origin: {origin}); "
                    "nothing was changed",
                )
            if policy.token is not None:
                given = environ.get("HTTP_AUTHORIZATION") or ""
                scheme, _, value = given.partition(" ")
                if scheme.lower() != "bearer" or not hmac.compare_digest(
                    value.strip().encode(), policy.token.encode()
                ):
                    return refuse(
                        start_response,
                        "401 Unauthorized",
                        "this endpoint takes updates only with its token: send the header "
                        "'Authorization: Bearer TOKEN' (the token kg serve was started "
                        "with, KG_SERVE_TOKEN); nothing was changed",
                        [("WWW-Authenticate", 'Bearer realm="kg"')],
                    )
        elif origin is not None and not same_origin and not cors_ok:
            return refuse(
                start_response,
                "403 Forbidden",
                f"pages of {origin} may not query this endpoint (kg serve --cors "
                "ORIGIN allows an origin)",
            )

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            if cors_ok and not _is_write(environ, body):
                kept.append(("Access-Control-Allow-Origin", "*" if wildcard else str(origin)))
                if not wildcard:
                    kept.append(("Vary", "Origin"))
            return (
                start_response(status, kept, exc_info) if exc_info else start_response(status, kept)
            )

        return app(environ, start)

    return guarded


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


# --- kg serve: the options above in one place, and the worker processes ----------------


@dataclass(frozen=True)
class Security:
    """The hostile-neighbour settings of ``kg serve`` (``kg serve --help`` names each).

    Args:
        allow_service: endpoints SERVICE and LOAD may call (none by default).
        allowed_hosts: host names besides the bound address that the server answers to.
        cors: origins whose pages may read answers; ``("*",)`` any, ``()`` none.
        token: required with every write (``Authorization: Bearer``), if set.
        memory_mb: data memory of one worker process (the query it runs included).
        max_connections: connections open at once; more wait to be accepted.
        idle_timeout: seconds a connection may stay idle, or take to send one request.
    """

    allow_service: frozenset[str] = frozenset()
    allowed_hosts: frozenset[str] = frozenset()
    cors: tuple[str, ...] = ("*",)
    token: str | None = None
    memory_mb: int | None = 2048
    max_connections: int = 500
    idle_timeout: float = 20.0

    def query_policy(self) -> QueryPolicy:
        return QueryPolicy(allow_service=self.allow_service)

    def http_policy(self, host: str) -> HttpPolicy:
        return HttpPolicy(
            host, frozenset(h.lower() for h in self.allowed_hosts), self.cors, self.token
        )

    def worker_options(self) -> dict[str, Any]:
        return {"memory_mb": self.memory_mb, "offline": not self.allow_service}

    def waitress_options(self) -> dict[str, Any]:
        return {
            "connection_limit": self.max_connections,
            "channel_timeout": self.idle_timeout,
            "cleanup_interval": max(0.5, min(self.idle_timeout / 4, 30.0)),
            "asyncore_use_poll": True,  # select() stops at file descriptor 1024
            "max_request_body_size": HttpPolicy.max_body,
        }


def check_bind(host: str, *, allow_update: bool, security: Security) -> None:
    """Refuse an address that is not one, and writes on a non-loopback address without a token.

    Also raises the limit of open files so that ``max_connections`` fit.
    """
    import resource
    import socket

    try:
        if not host.strip("[] "):
            raise ValueError("an empty name")
        socket.getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as err:
        raise KGError(
            f"--host {host!r} is not an address or a name of this machine ({err}); "
            "give an IP address such as 127.0.0.1 (this machine only) or 0.0.0.0 "
            "(every interface)"
        ) from err
    if allow_update and not is_loopback(host) and security.token is None:
        raise KGError(
            f"kg serve --allow-update on {host} would let anyone who can reach this "
            "machine change the store: set a token (KG_SERVE_TOKEN=..., or "
            "--token-file FILE) that every update must carry, or listen on 127.0.0.1"
        )
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = security.max_connections + 128
    if soft != resource.RLIM_INFINITY and soft < want:
        new = want if hard == resource.RLIM_INFINITY else min(want, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
        except (ValueError, OSError):
            log.warning("could not raise the open-file limit to %d", new)


def bind_warnings(host: str, *, allow_update: bool) -> list[str]:
    """What to tell the user about an address others can reach."""
    if is_loopback(host):
        return []
    where = "every interface of this machine" if _is_wildcard(host) else host
    out = [f"WARNING: kg serve listens on {where}: anyone who can reach it can query the store"]
    if allow_update:
        out.append(
            "WARNING: updates are accepted from any machine that sends the token; "
            "keep KG_SERVE_TOKEN secret and prefer a TLS proxy in front"
        )
    return out


def confine(*, memory_mb: int | None, offline: bool) -> None:
    """Limit the calling (worker) process: data memory, and no network when ``offline``.

    The memory limit is ``RLIMIT_DATA`` (heap and anonymous maps): past it an allocation
    fails and Oxigraph aborts the process, which the parent reports
    (:func:`death_answer`). Offline means a network namespace of its own with no
    interface, so even a request the query scan missed goes nowhere; where the system
    refuses (no privileges, no user namespaces) the scan alone holds.
    """
    import resource

    if memory_mb:
        limit = int(memory_mb) * 2**20
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    if offline:
        _unshare_network()


def _unshare_network() -> bool:
    import ctypes
    import ctypes.util

    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return False
    for flags in (clone_newnet, clone_newuser | clone_newnet):
        if libc.unshare(flags) == 0:
            return True
    log.debug("no network namespace for the worker (errno %d)", ctypes.get_errno())
    return False


def death_answer(exit_code: int | None, memory_mb: int | None) -> tuple[int, str]:
    """The HTTP status and message for a task whose worker process died with ``exit_code``."""
    import signal

    if exit_code in (-signal.SIGABRT, 134) and memory_mb:
        return 503, (
            f"the query needed more memory than a query worker may use ({memory_mb:,} MiB) "
            "and was stopped; nothing was changed. Narrow it (LIMIT, a bound city, fewer "
            "cross products) or start kg serve with a larger --memory-limit"
        )
    if exit_code == -signal.SIGKILL:
        return 503, (
            "the query worker was killed from outside (the system out of memory?) and the "
            "query was not answered; nothing was changed"
        )
    if exit_code in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGABRT, 134, 139):
        return 500, (
            "the query crashed the SPARQL engine and was not answered (its worker was "
            "restarted; nothing was changed); simplify the query"
        )
    return 500, f"the query worker ended (exit {exit_code}); the query was not answered"


class GuardedExecutor:
    """An executor whose query and update tasks pass :func:`check_query` first.

    ``answer`` builds the answer to a refused task from (status, media type, body).
    """

    def __init__(self, inner: Any, policy: QueryPolicy, answer: Callable[[int, str, bytes], Any]):
        self.inner = inner
        self.policy = policy
        self.answer = answer
        self.kills_on_timeout = inner.kills_on_timeout

    def pids(self) -> list[int]:
        return list(self.inner.pids())

    def run(self, task: tuple[Any, ...], timeout: float) -> Any:
        if task and task[0] in ("query", "update") and isinstance(task[1], str):
            try:
                check_query(task[1], self.policy, what=task[0])
            except RefusedQueryError as err:
                body = (str(err) + "\n").encode("utf-8")
                return self.answer(err.status, "text/plain; charset=utf-8", body)
        return self.inner.run(task, timeout)

    def close(self) -> None:
        self.inner.close()


def bound_requests(server: Any, seconds: float) -> None:
    """Close a waitress connection whose request is still incomplete after ``seconds``.

    waitress closes idle connections (``channel_timeout``), but a client that sends one
    byte every few seconds is never idle; this bounds the time one request may take to
    arrive, so a slow sender holds a connection for ``seconds`` at most.
    """
    original = server.maintenance
    first_seen: dict[int, float] = {}

    def maintenance(now: float) -> None:
        original(now)
        alive = set()
        for fd, channel in list(server.active_channels.items()):
            partial = getattr(channel, "request", None) is not None and not channel.requests
            if not partial:
                continue
            alive.add(fd)
            since = first_seen.setdefault(fd, now)
            if now - since > seconds:
                channel.will_close = True
        for fd in list(first_seen):
            if fd not in alive:
                del first_seen[fd]

    server.maintenance = maintenance
