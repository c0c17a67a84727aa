"""Extraction mechanisms that must hold on any text, on sentences written for kg.

Each sentence here was written for these tests (none is taken from a news text); each
holds one mechanism: a cue in the other language's letters, an inflected English cue,
the learned pair scorer, the held-out part of a gold file.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import cli
from kg.extract import extract
from kg.extract.scorer import FEATURES, weights


def _types(text: str) -> dict[frozenset[str], set[str]]:
    out: dict[frozenset[str], set[str]] = {}
    for r in extract(text):
        out.setdefault(frozenset(c.name for c in r.cities), set()).add(r.type.value)
    return out


def test_a_latin_cue_in_korean_text_is_read_not_a_crash() -> None:
    found = _types("수원시는 지난 3월 베트남 하노이시와 MOC를 체결하고 교류협력을 약속했다.")
    assert "cooperation" in found[frozenset({"Suwon", "Hanoi"})]


def test_english_cues_take_their_inflections() -> None:
    twinned = _types("Bristol has been twinned with Hanover since 1947.")
    assert twinned[frozenset({"Bristol", "Hanover"})] == {"sister_city"}
    plural = _types("The partnerships between Seoul and Paris were renewed in 2019.")
    assert "cooperation" in plural[frozenset({"Seoul", "Paris"})]


def test_the_scorer_weights_ship_and_name_no_word() -> None:
    model = weights()
    assert model is not None
    assert set(model.weights) == set(FEATURES)
    assert 0 < model.threshold < 1 and 0 < model.threshold_rule < 1
    # Evidence the rules found and a pair named together is worth more than none.
    strong = dict.fromkeys(FEATURES, 0.0) | {"rule": 1.0, "explicit_both": 1.0, "linked": 1.0}
    weak = dict.fromkeys(FEATURES, 0.0) | {"venue_role": 1.0, "log_dist": 4.0}
    assert model.probability(strong) > model.probability(weak)


def test_eval_scores_a_part_apart(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    lines = []
    for i, (a, b) in enumerate(
        [("안산시", "웨이하이시"), ("춘천시", "쿤밍시"), ("고양시", "이우시")]
    ):
        (texts / f"t{i}.txt").write_text(f"{a}는 중국 {b}와 자매결연을 체결했다.", encoding="utf-8")
        lines.append(
            json.dumps(
                {
                    "file": f"t{i}.txt",
                    "relations": [
                        {
                            "cities": [{"ko": a, "country": "KR"}, {"ko": b, "country": "CN"}],
                            "types": ["sister_city"],
                            "status": "active",
                            "optional": False,
                        }
                    ],
                },
                ensure_ascii=False,
            )
        )
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(cli, ["eval", "--json", "--part", "2/3", str(gold), str(texts)])
    assert one.exit_code == 0, one.output
    assert [f["file"] for f in json.loads(one.stdout)["files"]] == ["t1.txt"]
    rest = runner.invoke(cli, ["eval", "--json", "--part", "!2/3", str(gold), str(texts)])
    assert [f["file"] for f in json.loads(rest.stdout)["files"]] == ["t0.txt", "t2.txt"]
    bad = runner.invoke(cli, ["eval", "--part", "4/3", str(gold), str(texts)])
    assert bad.exit_code != 0 and "K/N" in bad.output and "Traceback" not in bad.output
