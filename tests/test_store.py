"""The store: deterministic IRIs, idempotent loads, one graph per article, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.errors import InputError, StoreError
from kg.graph import KnowledgeGraph, sample_path
from kg.io import group_by_source, read_relation_file
from kg.model import Article, City, Evidence, Relation, RelationType, Status
from kg.namespaces import CITIES_GRAPH, IC, TYPE
from kg.store import article_iri, article_quads, relation_iri

GOYANG = City("gn:1842485", "Goyang", "고양시", "KR", 1842485)
YIWU = City("gn:1814870", "Yiwu", "이우시", "CN", 1814870)
JINJU = City("gn:1846052", "Jinju", "진주시", "KR", 1846052)


def _meeting(source: str, confidence: float = 0.9) -> Relation:
    return Relation(
        RelationType.MEETING,
        Status.ACTIVE,
        (GOYANG, YIWU),
        date="2024-10-23",
        evidence=Evidence("고양시장은 이우시 부시장과 간담회를 가졌다.", 0, 24),
        source=source,
        confidence=confidence,
    )


def test_loading_the_same_input_twice_changes_nothing(tmp_path: Path) -> None:
    with KnowledgeGraph(tmp_path / "s") as kg:
        kg.ingest([sample_path()])
        before = sorted(map(str, kg.store.quads()))
        second = kg.ingest([sample_path()])
        assert second.unchanged == 1 and second.articles == 0
        assert sorted(map(str, kg.store.quads())) == before
    # and across processes: reopen the store from disk and load again
    with KnowledgeGraph(tmp_path / "s") as kg:
        kg.ingest([sample_path()])
        assert sorted(map(str, kg.store.quads())) == before


def test_one_named_graph_per_article_plus_cities_and_ontology(seed_kg: KnowledgeGraph) -> None:
    graphs = seed_kg.store.graphs()
    articles = [g for g in graphs if "/id/article/" in g]
    assert len(articles) == 1
    assert str(CITIES_GRAPH) in graphs


def test_iris_are_deterministic() -> None:
    a = _meeting("https://a.example/1")
    b = _meeting("https://b.example/2", confidence=0.5)
    assert relation_iri(a) == relation_iri(b)
    article = Article(source="x.txt", text="some text")
    assert article_quads(article, [a]) == article_quads(article, [a])
    assert article_iri(article) == article_iri(Article(source="elsewhere.txt", text="some text"))


def test_same_relation_from_two_outlets_is_one_node_with_two_sources() -> None:
    kg = KnowledgeGraph()
    kg.add_relations([_meeting("https://a.example/1"), _meeting("https://b.example/2")])
    rows = kg.query(
        "SELECT ?rel (COUNT(DISTINCT ?src) AS ?n) WHERE { ?rel a ic:Relation ; prov:wasDerivedFrom "
        "?src } GROUP BY ?rel"
    ).values()
    assert len(rows) == 1
    assert rows[0]["n"] == "2"


def test_removing_one_source_keeps_the_relation_from_the_other() -> None:
    kg = KnowledgeGraph()
    kg.add_relations([_meeting("https://a.example/1"), _meeting("https://b.example/2")])
    first = article_iri(Article(source="https://a.example/1", url="https://a.example/1"))
    assert kg.store.remove_article(first.value)
    rows = kg.query(
        "SELECT DISTINCT ?src WHERE { ?rel a ic:Relation ; prov:wasDerivedFrom ?src }"
    ).values()
    assert len(rows) == 1 and rows[0]["src"] != first.value
    assert kg.query("ASK { ?a ic:metWith ?b }").boolean


def test_replacing_an_article_is_atomic_and_drops_what_it_no_longer_says() -> None:
    kg = KnowledgeGraph()
    article = Article(source="a.txt", text="same text, read twice")
    kg.add([(article, [_meeting("a.txt")])])
    jinju = Relation(RelationType.FRIENDSHIP, Status.ACTIVE, (GOYANG, JINJU), source="a.txt")
    report = kg.add([(article, [jinju])])
    assert report.replaced == 1
    assert not kg.query("ASK { ?a ic:metWith ?b }").boolean
    assert kg.query("ASK { ?a ic:friendshipWith ?b }").boolean


def test_shortcut_edges_only_for_active_relations() -> None:
    kg = KnowledgeGraph()
    planned = Relation(RelationType.SISTER_CITY, Status.PLANNED, (GOYANG, JINJU), source="p")
    kg.add_relations([planned])
    assert not kg.query("ASK { ?a ic:sisterCityOf ?b }").boolean
    assert kg.query("ASK { ?a ic:relatedTo ?b }").boolean
    # The planned relation has its own pair edge, both ways, which the ontology describes.
    rows = kg.query(
        "SELECT ?a ?type ?status WHERE { GRAPH ?rg { ?a ic:plannedSisterCityOf ?b } "
        "GRAPH ?og { ic:plannedSisterCityOf ic:edgeType/skos:notation ?type ; "
        "ic:edgeStatus/skos:notation ?status } }"
    ).values()
    assert sorted((r["type"], r["status"]) for r in rows) == [("sister_city", "planned")] * 2


def test_pair_edges_follow_the_relations_they_summarise() -> None:
    """One edge per pair and (type, status), rewritten when an article changes what it says."""
    kg = KnowledgeGraph()
    planned = Relation(RelationType.SISTER_CITY, Status.PLANNED, (GOYANG, JINJU), source="p")
    met = Relation(RelationType.MEETING, Status.ACTIVE, (GOYANG, JINJU), source="m")
    kg.add_relations([planned, met])
    edges = "SELECT ?e WHERE { GRAPH ?g { ?a ?e ?b } ?e ic:edgeType ?t } ORDER BY ?e"

    def names() -> list[str]:
        return [str(r["e"]).rsplit("#", 1)[1] for r in kg.query(edges).values()]

    assert names() == ["metWith", "metWith", "plannedSisterCityOf", "plannedSisterCityOf"]
    ended = Relation(RelationType.SISTER_CITY, Status.ENDED, (GOYANG, JINJU), source="p")
    kg.add_relations([ended])
    assert names() == ["endedSisterCityOf", "endedSisterCityOf", "metWith", "metWith"]
    assert kg.store.remove_article(article_iri(Article(source="m")).value)
    assert names() == ["endedSisterCityOf", "endedSisterCityOf"]


def test_city_labels_in_korean_and_english(seed_kg: KnowledgeGraph) -> None:
    rows = seed_kg.query(
        "SELECT ?l WHERE { ?c gn:countryCode 'CN' ; rdfs:label ?l . FILTER(lang(?l) = 'ko') } "
        "ORDER BY ?l"
    ).values()
    # The gazetteer's name is the label; the sample's own spelling is another name.
    assert "이우" in [r["l"] for r in rows]
    alt = seed_kg.query("SELECT ?l WHERE { ?c rdfs:label '이우'@ko ; skos:altLabel ?l }").values()
    assert "이우시" in [r["l"] for r in alt]


def test_rdflib_view_is_the_same_store_not_a_copy() -> None:
    kg = KnowledgeGraph()
    ds = kg.rdflib
    assert len(list(ds.triples((None, URIRef(str(IC.metWith)), None)))) == 0
    kg.add_relations([_meeting("https://a.example/1")])
    assert len(list(ds.triples((None, URIRef(str(IC.metWith)), None)))) == 2


def test_malformed_file_writes_nothing(tmp_path: Path) -> None:
    good = sample_path().read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join(good[:3] + ['{"type": "meeting", "cities": [}'] + good[3:]) + "\n",
        encoding="utf-8",
    )
    with KnowledgeGraph(tmp_path / "s") as kg:
        with pytest.raises(InputError) as info:
            kg.ingest([bad], strict=True)
        assert info.value.line == 4 and info.value.path == str(bad)
        assert len(kg.store) == 0


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    with KnowledgeGraph(tmp_path / "s") as kg:
        kg.ingest([sample_path()])
    with KnowledgeGraph(tmp_path / "s", read_only=True) as kg:
        assert len(kg) > 0
        with pytest.raises(StoreError, match="read-only"):
            kg.add_relations([_meeting("x")])


def test_store_path_that_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        KnowledgeGraph(f)


def test_quads_of_relation_files_group_by_source() -> None:
    items = group_by_source(read_relation_file(sample_path()))
    assert len(items) == 1
    article, relations = items[0]
    assert article.source.endswith("goyang-yiwu-2024-10-24.txt")
    assert len(relations) == 8
    assert isinstance(article_iri(article), ox.NamedNode)


def test_a_store_of_an_older_kg_is_brought_up_to_date(tmp_path: Path) -> None:
    """A store written before pair edges existed (no edge for the planned relation, an
    ontology without ic:edgeType) answers partners fully once opened by this kg."""
    path = tmp_path / "store"
    planned = Relation(RelationType.SISTER_CITY, Status.PLANNED, (GOYANG, JINJU), source="p")
    partners = "SELECT ?p WHERE { GRAPH ?g { ?c ic:plannedSisterCityOf ?p } }"
    with KnowledgeGraph(path) as kg:
        kg.add_relations([planned])
        assert len(kg.query(partners).values()) == 2
        # what an older kg left: no stamp, no edge of the planned relation
        kg.store.update(
            "DELETE WHERE { GRAPH ?g { ?a ic:plannedSisterCityOf ?b } } ;"
            "DELETE WHERE { GRAPH ?g { ?o dcterms:identifier ?d } }"
        )
        assert not kg.query(partners).values()
    with KnowledgeGraph(path, read_only=True) as kg:
        assert not kg.query(partners).values()  # reading only changes nothing
    with KnowledgeGraph(path) as kg:
        assert len(kg.query(partners).values()) == 2
        stamp = "ASK { GRAPH ?g { ?g dcterms:identifier ?d FILTER STRSTARTS(?d, 'sha256:') } }"
        assert kg.query(stamp).boolean


def test_evidence_quotes_its_sentence_and_an_older_store_gets_the_quote(tmp_path: Path) -> None:
    """Each evidence node carries its sentence as ic:quote (the quote selector's text);
    a store written before ic:quote existed gets it when this kg opens it for writing,
    and relations_of_type lists the sentence from it."""
    path = tmp_path / "store"
    said = "고양시와 진주시는 우호도시 협약을 맺었다."
    rel = Relation(
        RelationType.FRIENDSHIP,
        Status.ACTIVE,
        (GOYANG, JINJU),
        source="f.txt",
        evidence=Evidence(said, 0, len(said)),
    )
    pairs = (
        "SELECT ?q ?x WHERE { GRAPH ?g { ?e oa:hasTarget/oa:hasSelector ?s . ?s oa:exact ?x "
        "OPTIONAL { ?e ic:quote ?q } } }"
    )
    with KnowledgeGraph(path) as kg:
        kg.add([(Article("f.txt", said), [rel])])
        assert kg.query(pairs).values() == [{"q": said, "x": said}]
        assert [
            r["evidence"] for r in kg.named("relations_of_type", type=TYPE.friendship).values()
        ] == [said]
        # what an older kg left: no ic:quote, no stamp of this kg's ontology
        kg.store.update(
            "DELETE WHERE { GRAPH ?g { ?e ic:quote ?q } } ;"
            "DELETE WHERE { GRAPH ?g { ?o dcterms:identifier ?d } }"
        )
        assert kg.query(pairs).values() == [{"q": None, "x": said}]
        assert [
            r["evidence"] for r in kg.named("relations_of_type", type=TYPE.friendship).values()
        ] == [None]
    with KnowledgeGraph(path) as kg:
        assert kg.query(pairs).values() == [{"q": said, "x": said}]
        assert [
            r["evidence"] for r in kg.named("relations_of_type", type=TYPE.friendship).values()
        ] == [said]


def test_a_provisional_write_taken_back_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    """Cities the store knows (by another name too), a relation it holds and a new city:
    retracting the provisional write restores every quad and graph name, also when the
    store was opened anew in between (so that its memory of what it described is empty)."""
    known = Relation(RelationType.FRIENDSHIP, Status.ACTIVE, (GOYANG, JINJU), source="a.txt")
    with KnowledgeGraph(tmp_path / "s") as kg:
        kg.add([(Article("a.txt", "고양시와 진주시는 우호도시다."), [known])])
    other_name = City("gn:1842485", "Goyang-si", "고양특례시", "KR", 1842485)
    again = Relation(RelationType.FRIENDSHIP, Status.ACTIVE, (other_name, JINJU), source="b.txt")
    new = Relation(RelationType.SISTER_CITY, Status.ACTIVE, (GOYANG, YIWU), source="b.txt")
    with KnowledgeGraph(tmp_path / "s") as kg:
        before, graphs = set(kg.store.quads()), kg.store.graphs()
        article = Article("b.txt", "고양특례시, 진주시, 이우시.")
        written = kg.add_provisional([(article, [again, new])])
        assert written.undo is not None and len(kg.store) > len(before)
        assert any(str(q.object) == '"고양특례시"@ko' for q in kg.store.quads())
        kg.retract([written.undo])
        assert set(kg.store.quads()) == before and kg.store.graphs() == graphs
