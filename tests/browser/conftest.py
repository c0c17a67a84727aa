"""Headless Chromium (Debian's /usr/bin/chromium) through Playwright, with the network cut off."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Tab:
    """A page whose every request outside file:// is aborted and recorded, with its console."""

    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path, timeout: float = 60_000) -> None:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("html[data-kg-stable='1']", state="attached", timeout=timeout)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    # The page forbids every fetch in its CSP; bypass that here so that any attempt
    # reaches the route below and is recorded, instead of being refused unseen.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    t = Tab(page)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith("file://"):
            r.continue_()
        else:
            t.blocked.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("request", lambda req: t.requests.append(req.url))
    page.on(
        "console",
        lambda m: t.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: t.errors.append(f"page error: {e}"))
    yield t
    context.close()
