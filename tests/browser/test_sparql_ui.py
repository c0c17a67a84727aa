"""The query page of `kg serve` (YASGUI at /sparql) in headless Chromium: it loads from the
server alone, runs a query and shows its rows, completes kg's terms, and no request
leaves 127.0.0.1."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from servers import kg_serve

from kg.graph import KnowledgeGraph, sample_path
from kg.sparql_ui import example_queries


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("ui") / "store"
    with KnowledgeGraph(store) as kg:
        kg.ingest([sample_path()], strict=True)
    with kg_serve(store) as (url, _):
        yield url


@pytest.fixture
def page(browser: Any, base: str) -> Iterator[tuple[Any, list[str], list[str], list[str]]]:
    """A page whose requests to anywhere but the server are aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    seen: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(base):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    p = context.new_page()
    p.on("request", lambda req: seen.append(req.url))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p, outside, seen, errors
    context.close()


def _shot(page: Any, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("KG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def test_yasgui_runs_a_query_with_no_request_leaving_the_machine(
    page: tuple[Any, list[str], list[str], list[str]], base: str, tmp_path: Path
) -> None:
    p, outside, seen, errors = page
    p.goto(base + "sparql")
    p.wait_for_selector("html[data-kg-ready='1']", state="attached", timeout=30_000)
    tabs = p.eval_on_selector_all(".tabsList .tab a", "els => els.map(e => e.textContent.trim())")
    names = ["city pairs", *(name for name, _ in example_queries())]
    assert [t.rstrip("✖").strip() for t in tabs] == names
    gephi = p.get_attribute("#kg-gephi-lite", "href")
    assert gephi == "https://gephi.org/gephi-lite/?gexf=" + urllib.parse.quote(
        base + "graph.gexf", safe=""
    )
    editor = p.evaluate("() => kgYasgui.getTab().getYasqe().getValue()")
    assert editor.startswith("PREFIX ic: <https://w3id.org/intercity/ontology#>")
    p.click(".tabPanel.active .yasqe_queryButton")
    p.wait_for_selector(".tabPanel.active .yasr .dataTable tbody tr td", timeout=30_000)
    rows = p.eval_on_selector_all(
        ".tabPanel.active .yasr .dataTable tbody tr", "els => els.map(e => e.textContent)"
    )
    assert len(rows) == 7 and sum("Goyang" in r for r in rows) == 7
    assert any("ic:metWith" in r and "Yiwu" in r for r in rows)
    _shot(p, tmp_path, "sparql-ui.png")
    # the editor completes kg's own terms, from the page itself
    p.evaluate(
        "() => { const y = kgYasgui.getTab().getYasqe();"
        " y.setValue('PREFIX ic: <https://w3id.org/intercity/ontology#>\\n'"
        " + 'SELECT * WHERE {\\n  ?a ic:sis'); y.focus(); y.setCursor(2, 11); }"
    )
    p.keyboard.type("t")
    p.keyboard.press("Control+Space")
    p.wait_for_selector(".CodeMirror-hints li", timeout=10_000)
    hints = p.eval_on_selector_all(".CodeMirror-hints li", "els => els.map(e => e.textContent)")
    assert hints == ["ic:sisterCityOf"]
    _shot(p, tmp_path, "sparql-ui-completion.png")
    assert outside == []
    assert seen and all(url.startswith(base) for url in seen)
    assert {u[len(base) :].split("?")[0] for u in seen} == {
        "sparql",
        "sparql-ui/yasgui.min.css",
        "sparql-ui/yasgui.min.js",
    }
    assert errors == []


def test_a_construct_tab_shows_turtle(
    page: tuple[Any, list[str], list[str], list[str]], base: str
) -> None:
    p, outside, _, errors = page
    p.goto(base + "sparql")
    p.wait_for_selector("html[data-kg-ready='1']", state="attached", timeout=30_000)
    p.evaluate(
        "() => kgYasgui.getTab().getYasqe().setValue("
        "'PREFIX ic: <https://w3id.org/intercity/ontology#>\\n"
        "CONSTRUCT { ?a ic:metWith ?b } WHERE { ?a ic:metWith ?b }')"
    )
    p.click(".tabPanel.active .yasqe_queryButton")
    p.wait_for_function(
        "() => { const r = kgYasgui.getTab().getYasr().results; return r && r.getType(); }",
        timeout=30_000,
    )
    body = p.evaluate("() => kgYasgui.getTab().getYasr().results.getOriginalResponseAsString()")
    assert body.count("metWith") >= 1 and "gn-1842485" in body
    assert outside == [] and errors == []
