"""Typed errors of kg: each names the bad value, where it is, and what to do."""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose; the CLI prints its message."""

    exit_code = 1


class InputError(KGError):
    """Input that cannot be read: names the file, the line or position, and the fix."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint
        self.reason = message
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f", line {line}"
                if column is not None:
                    where += f", column {column}"
            where += ": "
        text = where + message
        if hint:
            text += f" ({hint})"
        super().__init__(text)


class StoreError(KGError):
    """The store cannot be opened, read or written (path, lock, disk)."""


class QueryError(KGError):
    """A SPARQL query that does not parse or cannot run: carries line and column."""

    def __init__(
        self,
        reason: str,
        *,
        line: int | None = None,
        column: int | None = None,
        syntax: bool = True,
    ):
        self.reason = reason
        self.line = line
        self.column = column
        self.syntax = syntax
        where = f" at line {line}, column {column}" if line is not None else ""
        what = "SPARQL syntax error" if syntax else "the query cannot run"
        super().__init__(f"{what}{where}: {reason}")


class NotFoundError(KGError):
    """A named thing (city, query file, graph) that does not exist."""


def os_reason(err: OSError) -> str:
    """What an OS error on the store or a file means, and what to do about it."""
    text = str(err)
    if "lock" in text.lower():
        return (
            "another kg process is using it (wait for it to finish, or stop `kg serve` "
            "on this store)"
        )
    if "No space" in text or "ENOSPC" in text:
        return "the disk is full (free some space and run the command again)"
    if "Read-only file system" in text:
        return (
            "the file system is read-only; kg query, export and stats can read the store "
            "there, but to write name a writable folder with --store"
        )
    if "Permission denied" in text:
        return f"permission denied ({text}); name a writable folder with --store"
    return text
