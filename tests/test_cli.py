"""The CLI in-process with CliRunner, on a temporary on-disk store (KG_STORE)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.graph import KnowledgeGraph, sample_path

ROOT = Path(__file__).resolve().parent.parent
PARTNERS = ROOT / "examples" / "queries" / "partners.rq"


def _quads(store: Path) -> list[str]:
    with KnowledgeGraph(store, read_only=True) as kg:
        return sorted(map(str, kg.store.quads()))


def test_python_dash_m_kg_is_the_kg_command(tmp_path: Path) -> None:
    """`python -m kg` runs the same command line: a store it writes answers a query."""
    seed = Path(__file__).parents[1] / "data" / "seed" / "goyang-yiwu-2024-10-24.txt"
    store = tmp_path / "store"
    run = [sys.executable, "-m", "kg", "--store", str(store)]
    done = subprocess.run([*run, "ingest", str(seed)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [*run, "query", "--named", "partners", "--bind", "city=고양"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "Yiwu" in done.stdout, done.stderr
    bad = subprocess.run(
        [*run, "ingest", str(tmp_path / "missing.txt")], capture_output=True, text=True
    )
    assert bad.returncode != 0 and "missing.txt" in bad.stderr and "Traceback" not in bad.stderr


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"kg {name} --help has no example"
        assert command.help, name


def test_demo_builds_the_store_and_writes_html(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "view.html"
    result = runner.invoke(cli, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "고양시" in html or json.dumps("고양시").strip('"') in html
    assert "8 relations" in result.output
    # a second demo changes nothing
    before = _quads(store_path)
    assert runner.invoke(cli, ["demo", "-o", str(out)]).exit_code == 0
    assert _quads(store_path) == before


def test_store_option_overrides_the_environment(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    result = runner.invoke(cli, ["--store", str(other), "ingest", str(sample_path())])
    assert result.exit_code == 0, result.output
    assert other.exists() and not store_path.exists()


def test_ingest_compacts_when_asked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--compact` compacts after a small run, which by default is not; `--no-compact`
    never does."""
    from kg.graph import KnowledgeGraph

    calls: list[str] = []
    optimize = KnowledgeGraph.optimize

    def spy(self: KnowledgeGraph) -> None:
        optimize(self)
        calls.append("compacted")

    monkeypatch.setattr(KnowledgeGraph, "optimize", spy)
    for flags, want in (([], []), (["--compact"], ["compacted"]), (["--no-compact"], [])):
        calls.clear()
        store = tmp_path / f"store{len(flags)}{''.join(flags)}"
        result = runner.invoke(cli, ["--store", str(store), "ingest", *flags, str(sample_path())])
        assert result.exit_code == 0, result.output
        assert calls == want, flags


def test_partners_of_goyang(runner: CliRunner, store_path: Path) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    result = runner.invoke(cli, ["query", "-f", str(PARTNERS), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["partner_name"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert set(rows) == {"Yiwu", "Kunming", "Jinju"}
    assert set(rows["Yiwu"]["types"].split(", ")) == {"meeting", "friendship", "cooperation"}
    assert set(rows["Jinju"]["types"].split(", ")) == {"meeting", "friendship"}
    assert set(rows["Kunming"]["types"].split(", ")) == {"friendship", "cooperation"}


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv", "table"])
def test_query_formats(runner: CliRunner, store_path: Path, fmt: str) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    result = runner.invoke(cli, ["query", "-f", str(PARTNERS), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "Kunming" in result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert len(data["results"]["bindings"]) == 3


def test_query_with_a_binding(runner: CliRunner, store_path: Path) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    q = "SELECT ?a ?b WHERE { ?a ic:metWith ?b }"
    jinju = "https://w3id.org/intercity/id/city/gn-1846052"
    result = runner.invoke(cli, ["query", q, "-b", f"a={jinju}", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 2  # header and Goyang


def test_query_syntax_error_gives_line_and_column(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE {\n  ?s ?p ?o .\n  FILTR (?o)\n}\n", encoding="utf-8")
    result = runner.invoke(cli, ["query", "-f", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}, line 3, column 11: SPARQL syntax error" in result.output
    assert "Traceback" not in result.output


def test_query_on_a_missing_store_says_what_to_do(runner: CliRunner, store_path: Path) -> None:
    result = runner.invoke(cli, ["query", "ASK {}"])
    assert result.exit_code == 1
    assert "kg ingest" in result.output


def test_malformed_row_names_file_and_line_and_leaves_the_store_as_it_was(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    before = _quads(store_path)
    bad = tmp_path / "curated.csv"
    bad.write_text(
        "type,status,cities,countries\n"
        "sister_city,active,Suwon;Asheville,KR;US\n"
        "sister_city,active,Suwon;Jinan,KR\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["ingest", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}, line 3" in result.output
    assert _quads(store_path) == before


def test_ingest_goes_on_past_a_bad_file_unless_strict(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-bad.jsonl").write_text('{"type": "meeting", "cities": [\n', encoding="utf-8")
    (folder / "b-good.jsonl").write_text(
        sample_path().read_text(encoding="utf-8"), encoding="utf-8"
    )
    result = runner.invoke(cli, ["ingest", "--strict", str(folder)])
    assert result.exit_code == 1 and not store_path.exists() or _quads(store_path) == []
    result = runner.invoke(cli, ["ingest", str(folder)])
    assert result.exit_code == 1
    assert "a-bad.jsonl, line 1" in result.output
    assert "8 relation(s), 1 file(s) failed" in result.output


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [
        ("turtle", "@prefix"),
        ("nquads", "> ."),
        ("trig", "GRAPH"),
        ("jsonld", "@id"),
        ("graphml", "<graphml"),
        ("ntriples", "> ."),
    ],
)
def test_export_formats(
    runner: CliRunner, store_path: Path, tmp_path: Path, fmt: str, marker: str
) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(cli, ["export", "-o", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert marker in text or (fmt == "trig" and "{" in text)


def test_export_then_import_is_isomorphic(
    runner: CliRunner, store_path: Path, tmp_path: Path
) -> None:
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    runner.invoke(cli, ["ingest", str(sample_path())])
    first = tmp_path / "first.nq"
    assert runner.invoke(cli, ["export", "-o", str(first)]).exit_code == 0
    other = tmp_path / "restored"
    result = runner.invoke(cli, ["--store", str(other), "ingest", str(first)])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.nq"
    assert runner.invoke(cli, ["--store", str(other), "export", "-o", str(second)]).exit_code == 0

    def graphs(path: Path) -> dict[str, Dataset]:
        ds = Dataset()
        ds.parse(data=path.read_text(encoding="utf-8"), format="nquads")
        return {str(g.identifier): g for g in ds.graphs() if len(g)}

    a, b = graphs(first), graphs(second)
    assert set(a) == set(b) and len(a) == 5  # article, cities, officials, relations, ontology
    for name in a:
        assert isomorphic(a[name], b[name]), name


def test_stats(runner: CliRunner, store_path: Path) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    result = runner.invoke(cli, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["relations"] == 8 and figures["cities"] == 4
    assert figures["by_type"] == {"cooperation": 3, "friendship": 3, "meeting": 2}


def test_binding_a_variable_the_query_does_not_select_says_how_to_fix_it(
    runner: CliRunner, store_path: Path
) -> None:
    runner.invoke(cli, ["ingest", str(sample_path())])
    result = runner.invoke(
        cli, ["query", "SELECT ?b WHERE { ?a ic:metWith ?b }", "-b", "a=https://x.example/a"]
    )
    assert result.exit_code == 1
    assert "bind only variables the query selects (?a)" in result.output
    assert "syntax" not in result.output
