"""Start and stop the HTTP servers the tests talk to (kg serve, Oxigraph server): loopback,
free ports, bounded waits, and always stopped."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

KG = Path(sys.executable).parent / "kg"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; never leaves the process running."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(grace)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def _first_line(proc: subprocess.Popen[bytes], timeout: float) -> str:
    assert proc.stdout is not None
    box: list[bytes] = []
    reader = threading.Thread(target=lambda: box.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout)
    if not box or not box[0]:
        err = b""
        if proc.poll() is not None and proc.stderr is not None:
            err = proc.stderr.read()
        raise RuntimeError(
            f"the server did not start within {timeout} s: {err.decode(errors='replace')}"
        )
    return box[0].decode().strip()


@contextlib.contextmanager
def kg_serve(
    store: Path | str, *args: str, timeout: float = 60.0
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run ``kg serve --port 0`` on ``store``; yields its base URL (``http://127.0.0.1:PORT/``)."""
    env = {**os.environ, "KG_STORE": str(store)}
    proc = subprocess.Popen(
        [str(KG), "serve", "--host", "127.0.0.1", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        line = _first_line(proc, timeout)
        assert line.startswith("listening on http://127.0.0.1:"), line
        yield line.split()[-1], proc
    finally:
        stop(proc)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if not found:
        raise RuntimeError(
            "the `oxigraph` server binary is missing: pip install 'intercity-kg[test]' (or pip "
            "install oxigraph)"
        )
    return found


@contextlib.contextmanager
def oxigraph_server(location: Path, *args: str, timeout: float = 30.0) -> Iterator[str]:
    """Run an Oxigraph server on a free loopback port; yields its base URL (no trailing slash)."""
    for _ in range(3):  # a free port can be taken between finding and binding it
        port = free_port()
        proc = subprocess.Popen(
            [
                oxigraph_binary(),
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2) as resp:
                        if resp.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError):
                    time.sleep(0.1)
            else:
                if proc.poll() is None:
                    raise RuntimeError(
                        f"the Oxigraph server on {url} did not answer within {timeout} s"
                    )
            if proc.poll() is not None:
                continue
            yield url
            return
        finally:
            stop(proc)
    raise RuntimeError("could not start an Oxigraph server")
