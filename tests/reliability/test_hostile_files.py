"""Files and folders that used to be skipped in silence, read from outside the folder, hang
the ingest or take minutes (issue 17): each is named with what to do, exit 1, and the good
files of the same folder are stored exactly as if alone (sorted N-Quads equal to a store
built from the good files only, at the same paths)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from kgrun import SEED, Result, record, run_kg, snapshot

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
TEXT = "고양시와 이우시는 우호도시 협약을 맺었다."

#: Run kg as root without the capabilities that let root read any file, so that a
#: folder of mode 000 is as unreadable to it as to anyone (we run as root; see README).
NO_DAC = [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
]


def _records(n: int, tag: str) -> str:
    out = []
    for i in range(n):
        rec = json.loads(SEED_LINES[i % len(SEED_LINES)])
        rec["source"] = f"https://example.org/{tag}/{i}"
        out.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(out) + "\n"


def _errors(result: Result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("Error:")]


def _one_error(result: Result, path: Path, *needles: str) -> str:
    mine = [e for e in _errors(result) if e.startswith((f"Error: {path}: ", f"Error: {path}, "))]
    assert len(mine) == 1, (path, result.err)
    for needle in needles:
        assert needle in mine[0], (needle, mine[0])
    return mine[0]


def test_links_out_of_the_folder_and_unreadable_subfolders_are_named(tmp_path: Path) -> None:
    """A subfolder kg cannot read and a link to a folder outside used to be skipped with
    exit 0; a link to a file outside (``/etc/passwd``) was read and its first line became a
    headline. Now each is refused by name; links that stay inside the folder are read."""
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a-good.jsonl").write_text(_records(2, "a"), encoding="utf-8")
    (inbox / "sub" / "b-good.jsonl").write_text(_records(2, "b"), encoding="utf-8")
    (inbox / "c-inner.jsonl").symlink_to(inbox / "sub" / "b-good.jsonl")  # inside: read
    (inbox / "up").symlink_to(inbox, target_is_directory=True)  # inside: walked once
    reference = tmp_path / "reference"
    clean = run_kg("ingest", inbox, store=reference)
    assert clean.code == 0, clean.err

    outside = tmp_path / "outside"
    (outside / "far").mkdir(parents=True)
    (outside / "far" / "f.jsonl").write_text(_records(2, "far"), encoding="utf-8")
    secret = outside / "secret.txt"
    secret.write_text("hunter2 고양시와 진주시가 교류했다 \n", encoding="utf-8")
    (inbox / "d-secret.txt").symlink_to(secret)
    (inbox / "e-far").symlink_to(outside / "far", target_is_directory=True)
    locked = inbox / "f-locked"
    locked.mkdir()
    (locked / "g.jsonl").write_text(_records(2, "locked"), encoding="utf-8")
    locked.chmod(0)
    store = tmp_path / "store"
    try:
        prefix = NO_DAC if os.geteuid() == 0 else []
        assert not prefix or shutil.which("setpriv"), "setpriv (util-linux) is needed as root"
        result = run_kg("ingest", inbox, store=store, prefix=prefix)
    finally:
        locked.chmod(0o755)
    result.assert_clean()
    assert result.code == 1, result.err
    link_file = _one_error(
        result,
        inbox / "d-secret.txt",
        f"is a link to a file outside {inbox} ({secret})",
        f"kg ingest {secret}",
    )
    link_dir = _one_error(
        result, inbox / "e-far", f"a folder outside {inbox}", f"kg ingest {outside / 'far'}"
    )
    unreadable = _one_error(
        result, locked, "cannot read this folder (Permission denied)", "chmod u+rx"
    )
    assert len(_errors(result)) == 3, result.err
    assert "3 file(s) failed" in result.err
    after = snapshot(store)
    assert after == snapshot(reference)
    assert not any("hunter2" in q or "/far/" in q or "/locked/" in q for q in after)
    for case, what, line in [
        ("link in a folder to a file outside it", "inbox/d-secret.txt -> ../secret.txt", link_file),
        ("link in a folder to a folder outside it", "inbox/e-far -> ../far/", link_dir),
        ("subfolder kg cannot read (mode 000, root without DAC)", "inbox/f-locked/", unreadable),
    ]:
        proof = "= store of the good files alone (links inside read)"
        record(case, what, Result(1, "", line), proof)

    named = run_kg("ingest", secret, store=store)  # named by the user: read
    named.assert_clean()
    assert named.code == 0 and "1 article(s) added" in named.err, named.err
    assert any("hunter2" in q for q in snapshot(store))
    record(
        "the same outside file, named on the command line",
        "../secret.txt",
        named,
        "grew by that file only",
    )


def test_a_pipe_named_like_rdf_is_refused_at_once(tmp_path: Path) -> None:
    """RDF files skipped the file checks: a FIFO named ``.nq`` hung the ingest forever."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "b-good.jsonl").write_text(_records(2, "fifo"), encoding="utf-8")
    reference = tmp_path / "reference"
    assert run_kg("ingest", inbox, store=reference).code == 0
    os.mkfifo(inbox / "a-dump.nq")
    store = tmp_path / "store"
    start = time.monotonic()
    result = run_kg("ingest", inbox, store=store, timeout=120)
    took = time.monotonic() - start
    result.assert_clean()
    assert result.code == 1, result.err
    line = _one_error(result, inbox / "a-dump.nq", "is not a regular file (a pipe")
    assert snapshot(store) == snapshot(reference)
    record(
        "named pipe called .nq in a folder",
        "inbox/a-dump.nq (FIFO)",
        Result(1, "", line),
        f"= store of the good file alone; {took:.0f} s",
    )
    alone = run_kg("ingest", inbox / "a-dump.nq", store=store, timeout=120)
    alone.assert_clean()
    assert alone.code == 1 and "is not a regular file" in alone.err, alone.err
    assert snapshot(store) == snapshot(reference)
    record("named pipe called .nq, named alone", "a-dump.nq (FIFO)", alone, "yes")


def test_articles_in_json_lines_and_feeds_have_the_size_limit(tmp_path: Path) -> None:
    """A 40 MB article in a JSON-lines file ran past 150 s and 1 GB, a 40 MB feed too; the
    32 MiB limit of one article now holds for each article line and for a feed file."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-good.jsonl").write_text(json.dumps({"text": TEXT}) + "\n", encoding="utf-8")
    reference = tmp_path / "reference"
    assert run_kg("ingest", inbox, store=reference).code == 0
    huge = TEXT * (40 * 2**20 // len(TEXT.encode()))
    with (inbox / "b-dump.jsonl").open("w", encoding="utf-8") as f:
        f.write(json.dumps({"text": "진주시와 고양시가 만났다."}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"text": huge}, ensure_ascii=False) + "\n")
    item = f"<item><title>고양</title><description>{huge}</description></item>"
    (inbox / "c-feed.rss").write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel>{item}</channel></rss>",
        encoding="utf-8",
    )
    del huge, item
    store = tmp_path / "store"
    start = time.monotonic()
    result = run_kg("ingest", inbox, store=store, timeout=170)
    took = time.monotonic() - start
    result.assert_clean()
    assert result.code == 1, result.err
    line = _one_error(
        result,
        inbox / "b-dump.jsonl",
        ", line 2: the article text is 40.0 MiB, more than one article can be (32.0 MiB)",
        "KG_MAX_ARTICLE_BYTES",
    )
    feed = _one_error(
        result, inbox / "c-feed.rss", "MiB, more than a feed can be (32.0 MiB)", "smaller feeds"
    )
    assert snapshot(store) == snapshot(reference)  # not even the small first line of b
    proof = f"= store of the good file alone; {took:.0f} s for the folder"
    record("40 MB article in a JSON-lines file", "b-dump.jsonl, line 2", Result(1, "", line), proof)
    record("40 MB feed", "c-feed.rss", Result(1, "", feed), proof)


def test_pages_built_to_be_slow_are_read_in_linear_time(tmp_path: Path) -> None:
    """80,000 unclosed tags with stray end tags (the end-tag scan was quadratic: 43 s at
    40,000) and 400 KB of ``![`` in Markdown (a regex: 59 s at 200 KB) are read as the
    articles they are, relations and all; the subprocess's time limit is far below what
    the quadratic readers took."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sentence = "고양시와 이우시는 우호도시 협약을 맺었다."
    (inbox / "tags.html").write_text(
        "<html><body>" + "<div>" * 80_000 + f"<p>{sentence}</p>" + "</span>" * 80_000,
        encoding="utf-8",
    )
    (inbox / "bang.md").write_text(f"{sentence}\n\n" + "![" * 200_000 + "\n", encoding="utf-8")
    (inbox / "links.md").write_text(f"{sentence}\n\n" + "[a](" * 100_000 + "\n", encoding="utf-8")
    store = tmp_path / "store"
    start = time.monotonic()
    result = run_kg("ingest", inbox, store=store, timeout=90)
    took = time.monotonic() - start
    result.assert_clean()
    assert result.code == 0, result.err
    assert "3 file(s) read, 3 article(s) added" in result.err, result.err
    asked = run_kg(
        "query",
        "--format",
        "csv",
        "SELECT DISTINCT ?id WHERE { ?r prov:wasDerivedFrom ?a ; "
        "ic:party/rdfs:label 'Yiwu'@en . ?a dcterms:identifier ?id }",
        store=store,
    )
    # the page's and the images' relations were found (the links' text is all brackets
    # after the sentence, and the extractor makes nothing of it: read, stored, no relation)
    assert sorted(asked.out.split()[1:]) == ["bang.md", "tags.html"], asked.out
    record(
        "80,000 unclosed tags, 400 KB of `![`, 100,000 `[a](` in Markdown",
        "tags.html (0.9 MB), bang.md, links.md",
        result,
        f"n/a: all three read, relations found, {took:.0f} s with Kiwi's start",
    )


def test_two_thousand_reports_of_one_relation(tmp_path: Path) -> None:
    """`kg stats` was quadratic in the reports of one relation (60 s at 2,000); the one
    relation node (issue 12) answers it in one pass: 2,000 outlets, one relation."""
    records = tmp_path / "same.jsonl"
    with records.open("w", encoding="utf-8") as f:
        for i in range(2000):
            rec = {
                "type": "meeting",
                "cities": [{"name": "Goyang", "country": "KR"}, {"name": "Yiwu", "country": "CN"}],
                "date": "2024-10-23",
                "place": {"name": "Zhengzhou", "country": "CN"},
                "officials": [{"name": f"P{i}", "role": "mayor", "city": "Goyang"}],
                "source": f"https://example.org/outlet/{i}",
                "confidence": 0.5 + i / 5000,
            }
            f.write(json.dumps(rec) + "\n")
    store = tmp_path / "store"
    assert run_kg("ingest", records, store=store, timeout=170).code == 0
    start = time.monotonic()
    result = run_kg("stats", "--json", store=store, timeout=60)
    took = time.monotonic() - start
    result.assert_clean()
    assert result.code == 0, result.err
    figures = json.loads(result.out)
    assert figures["relations"] == 1 and figures["articles"] == 2000, figures
    record(
        "kg stats on 2,000 reports of one relation",
        "same.jsonl (2,000 outlets, one meeting)",
        Result(0, "", "relations 1, articles 2000"),
        f"n/a (read only); {took:.1f} s with start-up",
    )
