"""The query page of ``kg serve``: YASGUI (vendored in ``kg/yasgui/``) at ``/sparql``.

The page runs offline: the script and style come from ``/sparql-ui/``, and the editor's
autocompleters that call outside services (Linked Open Vocabularies for classes and
properties) are replaced by ones that offer kg's own terms and prefixes. The kg prefixes
are declared in every tab, and each example query is a tab of its own. Nothing is kept
in the browser's storage: every visit starts from the examples.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import PREFIXES, SH

__all__ = ["page", "asset", "example_queries", "ASSET_PREFIX"]

#: Where the vendored files are served.
ASSET_PREFIX = "/sparql-ui/"
_ASSETS = {
    "yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui.min.css": "text/css; charset=utf-8",
    "LICENSE": "text/plain; charset=utf-8",
    "THIRD-PARTY-LICENSES.txt": "text/plain; charset=utf-8",
    "README.md": "text/markdown; charset=utf-8",
}
_FIRST_QUERY = """# Pairs of cities and how they are related (active relations), in English.
SELECT DISTINCT ?a_name ?edge ?b_name WHERE {
  ?edge rdfs:subPropertyOf ic:relatedTo ; ic:edgeStatus icstatus:active .
  ?a ?edge ?b .
  FILTER (STR(?a) < STR(?b))
  ?a rdfs:label ?a_name . ?b rdfs:label ?b_name .
  FILTER (lang(?a_name) = "en" && lang(?b_name) = "en")
}
ORDER BY ?a_name ?b_name
LIMIT 200
"""


def asset(name: str) -> tuple[bytes, str] | None:
    """A vendored file by name, with its media type; ``None`` for any other name."""
    media = _ASSETS.get(name)
    if media is None:
        return None
    return (resources.files("kg") / "yasgui" / name).read_bytes(), media


def _example_dirs() -> list[Path]:
    here = Path(str(resources.files("kg")))
    return [here / "examples" / "queries", here.parent / "examples" / "queries"]


def example_queries() -> list[tuple[str, str]]:
    """The example queries as ``(name, text)``: those shipped with the package, else the
    checkout's ``examples/queries``."""
    for folder in _example_dirs():
        files = sorted(folder.glob("*.rq")) if folder.is_dir() else []
        if files:
            return [(f.stem.replace("_", " "), f.read_text(encoding="utf-8")) for f in files]
    return []


def with_prefixes(query: str) -> str:
    """The query with ``PREFIX`` lines for the kg prefixes it uses (the server declares
    them anyway; the editor checks the syntax and wants them written).

    >>> with_prefixes("SELECT * WHERE { ?a ic:metWith ?b }").splitlines()[0]
    'PREFIX ic: <https://w3id.org/intercity/ontology#>'
    """
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w.-]*):", query)}
    used = [
        p
        for p in PREFIXES
        if p not in declared and re.search(rf"(?<![\w?$:]){re.escape(p)}:", query)
    ]
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used)
    return head + query


@lru_cache(maxsize=1)
def _terms() -> tuple[list[str], list[str]]:
    """kg's properties and classes (and the reused ones the ontology and shapes name), for
    the editor's autocompletion."""
    from .graph import ontology_files, shapes_file

    props: set[str] = set()
    classes: set[str] = set()
    prop_types = {
        str(OWL.ObjectProperty),
        str(OWL.DatatypeProperty),
        str(OWL.AnnotationProperty),
        str(RDF.Property),
    }
    for path in [*ontology_files(), shapes_file()]:
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            p, o = t.predicate.value, t.object
            if not isinstance(o, ox.NamedNode):
                continue
            if p == str(RDF.type) and o.value in prop_types:
                props.add(t.subject.value)
            elif p == str(RDF.type) and o.value in (str(OWL.Class), str(RDFS.Class)):
                classes.add(t.subject.value)
            elif p in (str(RDFS.subPropertyOf), str(SH.path)):
                props.add(o.value)
            elif p in (str(RDFS.subClassOf), str(SH.targetClass), str(SH["class"])):
                classes.add(o.value)
    props |= {str(RDFS.label), str(RDF.type)}
    return sorted(props), sorted(classes)


def page(title: str = "kg SPARQL") -> bytes:
    """The HTML of the query page."""
    props, classes = _terms()
    examples = [{"name": name, "query": with_prefixes(text)} for name, text in example_queries()]
    examples.insert(0, {"name": "city pairs", "query": with_prefixes(_FIRST_QUERY)})
    config = {
        "prefixes": [f"{p}: <{iri}>" for p, iri in sorted(PREFIXES.items())],
        "properties": props,
        "classes": classes,
        "examples": examples,
        "newTab": with_prefixes("SELECT * WHERE {\n  ?s ic:relatedTo ?o\n}\nLIMIT 10\n"),
    }
    # "</" inside a script element would end it: JSON escapes it.
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    text = (
        _PAGE.replace("@TITLE@", html.escape(title))
        .replace("@ASSETS@", ASSET_PREFIX)
        .replace("@CONFIG@", data)
    )
    return text.encode("utf-8")


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@TITLE@</title>
<link rel="stylesheet" href="@ASSETS@yasgui.min.css">
<style>
  body { margin: 0; font-family: system-ui, sans-serif; }
  header { padding: 0.5rem 1rem; background: #24425c; color: #fff; display: flex; gap: 1rem;
           align-items: baseline; flex-wrap: wrap; }
  header h1 { font-size: 1.1rem; margin: 0; }
  header a { color: #cfe3f5; }
  header small { opacity: 0.85; }
  #yasgui { padding: 0 0.5rem; }
</style>
</head>
<body>
<header>
  <h1>kg SPARQL</h1>
  <small>The default graph is the union of all graphs; each article is a named graph.
  The kg prefixes are declared for every query.</small>
  <small><a href="/">network view</a> &middot; <a href="/graph.gexf" download>GEXF</a>
  (<a id="kg-gephi-lite" href="https://gephi.org/gephi-lite/" target="_blank" rel="noopener">open
  in Gephi Lite</a>) &middot; <a href="/graph.graphml" download>GraphML</a> &middot;
  <a href="@ASSETS@LICENSE">YASGUI (MIT)</a></small>
</header>
<div id="yasgui"></div>
<script src="@ASSETS@yasgui.min.js"></script>
<script id="kg-config" type="application/json">@CONFIG@</script>
<script>
(function () {
  "use strict";
  var kg = JSON.parse(document.getElementById("kg-config").textContent);
  var endpoint = window.location.origin + window.location.pathname;
  // Gephi Lite reads a GEXF file from ?gexf=URL (a link only: nothing is fetched here).
  document.getElementById("kg-gephi-lite").href = "https://gephi.org/gephi-lite/?gexf=" +
    encodeURIComponent(window.location.origin + "/graph.gexf");
  var Yasqe = Yasgui.Yasqe;
  // Offline completers: kg's prefixes and terms instead of prefix.cc and LOV.
  Yasqe.forkAutocompleter("prefixes", {name: "kgPrefixes", persistenceId: null,
    get: function () { return kg.prefixes; }}, false);
  Yasqe.forkAutocompleter("property", {name: "kgProperties", bulk: true, persistenceId: null,
    get: function () { return kg.properties; }}, false);
  Yasqe.forkAutocompleter("class", {name: "kgClasses", bulk: true, persistenceId: null,
    get: function () { return kg.classes; }}, false);
  var completers = ["kgPrefixes", "kgProperties", "kgClasses", "variables"];
  Yasqe.defaults.autocompleters = completers;
  Yasqe.defaults.prefixCcApi = null;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }},
    yasqe: {value: kg.newTab, autocompleters: completers, persistenceId: null,
            prefixCcApi: null, createShortLink: undefined},
  });
  kg.examples.forEach(function (ex, i) {
    yasgui.addTab(i === 0, {name: ex.name, yasqe: {value: ex.query},
                            requestConfig: {endpoint: endpoint}});
  });
  window.kgYasgui = yasgui;
  document.documentElement.setAttribute("data-kg-ready", "1");
})();
</script>
</body>
</html>
"""
