"""The README's command-line tour, run command by command on a fresh store, conforms."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _tour() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### The command line\s+```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no command-line tour"
    lines = []
    for line in block.group(1).splitlines():
        line = re.sub(r"\s{2,}#.*$", "", line).strip()
        if line.startswith("kg "):
            lines.append(line)
    return lines


def test_readme_tour_on_a_fresh_store_then_validate_conforms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    # The files the tour names, made here: the seed as text, a curated list, an archive.
    seed = ROOT / "data" / "seed" / "goyang-yiwu-2024-10-24.txt"
    shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "archive").mkdir()
    shutil.copy(seed, tmp_path / "archive" / "copy.txt")
    (tmp_path / "heavy.rq").write_text("SELECT * WHERE { ?a ic:relatedTo ?b }\n", encoding="utf-8")
    (tmp_path / "my-curated-list.csv").write_text(
        "type,status,cities,cities_ko,countries\nsister_city,active,Busan;Fukuoka,부산;후쿠오카,KR;JP\n",
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    runner = CliRunner()
    tour = _tour()
    assert any(line.startswith("kg review") for line in tour)
    relation = None
    for line in tour:
        args = shlex.split(line)[1:]
        if "REL" in args:
            assert relation, "the tour rejects a relation before kg review listed one"
            args = [relation if a == "REL" else a for a in args]
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, f"{line}: {result.output}"
        if args[0] == "review":
            listed = json.loads(runner.invoke(cli, ["review", "--json"]).output)
            relation = listed[0]["id"]
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    stats = json.loads(runner.invoke(cli, ["stats", "--json"]).output)
    assert stats["articles"] == 2  # the seed (text, record and the archive's copy) and the list
