"""Bad input files fed to ``kg ingest``: a clear message naming the place, and the store
exactly as it was (sorted N-Quads before == after)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kgrun import SEED, Result, record, run_kg, snapshot

SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()


def _refused(store: Path, before: list[str], path: Path, result: Result, *needles: str) -> None:
    """The file was refused: exit 1, the message names it (and the needles), store unchanged."""
    result.assert_clean()
    assert result.code == 1, result.err
    assert f"Error: {path}" in result.err, result.err
    for needle in needles:
        assert needle in result.err, (needle, result.err)
    assert "1 file(s) failed" in result.err
    assert snapshot(store) == before


def _relations(n: int, tag: str) -> list[str]:
    """``n`` valid relation records, each from its own source (so its own article)."""
    out = []
    for i in range(n):
        rec = json.loads(SEED_LINES[i % len(SEED_LINES)])
        rec["source"] = f"https://example.org/{tag}/{i}"
        out.append(json.dumps(rec, ensure_ascii=False))
    return out


# --- relation files (.jsonl, .csv): read whole, refused whole -----------------------------


CASES: dict[str, tuple[str, bytes, list[str]]] = {
    # name: (file name, content, words the message must hold)
    "empty csv": ("empty.csv", b"", ["the file is empty", "saved or downloaded whole"]),
    "empty jsonl": ("empty.jsonl", b"", ["the file is empty"]),
    "empty txt": ("empty.txt", b"", ["the file is empty"]),
    "empty html": ("empty.html", b"", ["the file is empty"]),
    "csv with only blank lines": (
        "blank.csv",
        b"\n\n",
        ["line 1", "missing column(s) type, cities"],
    ),
    "txt of whitespace only": ("blank.txt", b" \n\t\n\r\n", ["holds no article text"]),
    "html that is all page chrome": (
        "chrome.html",
        b"<html><nav>menu</nav><footer>copyright</footer><script>x()</script></html>",
        ["holds no article text"],
    ),
    "RSS feed cut in the middle": (
        "feed.rss",
        (
            "<?xml version='1.0'?><rss><channel><item><title>고양</title><description>고양시와"
        ).encode(),
        ["line 1, column", "not a well-formed feed"],
    ),
    "article JSON lines broken in the middle": (
        "articles.jsonl",
        (
            '{"text": "고양시와 이우시가 우호도시 협약을 맺었다."}\n{"text": \n{"text": "x"}\n'
        ).encode(),
        ["line 2, column 10", "not JSON"],
    ),
    "UTF-16 text cut at an odd byte": (
        "cut16.txt",
        b"\xff\xfe" + "고양시".encode("utf-16-le") + b"\x00",
        ["UTF-16"],
    ),
    "binary jsonl": (
        "random.jsonl",
        bytes(range(256)) * 8,
        ["line 2, column 118", "is not UTF-8 text (byte 0x80)"],
    ),
    "binary csv": (
        "random.csv",
        b"type,cities\n" + bytes(range(128, 256)) * 4,
        ["line 2", "is not UTF-8"],
    ),
    "cp949 relation file (read as UTF-8)": (
        "cp949.jsonl",
        "\n".join(SEED_LINES[:2]).encode("cp949"),
        ["line 1, column", "is not UTF-8 text", "CP949", "iconv"],
    ),
    "jsonl broken in the middle": (
        "broken.jsonl",
        "\n".join(
            [*_relations(4, "a"), '{"type": "meeting", "cities": [', *_relations(4, "b")]
        ).encode(),
        ["line 5, column", "not valid JSON"],
    ),
    "jsonl line that is not an object": (
        "array.jsonl",
        "\n".join([*_relations(2, "a"), "[1, 2, 3]"]).encode(),
        ["line 3", "must be a JSON object"],
    ),
    "jsonl record with an unknown type": (
        "type.jsonl",
        "\n".join([*_relations(2, "a"), '{"type": "war", "cities": ["Goyang", "Yiwu"]}']).encode(),
        ["line 3", "'war' is not one of"],
    ),
    "csv row with a missing column": (
        "missing.csv",
        b"type,status,cities,countries\nsister_city,active,Suwon;Asheville,KR;US\nsister_city,active\n",
        ["line 3", "2 fields where the header has 4"],
    ),
    "csv row with an extra column": (
        "extra.csv",
        b"type,status,cities\nsister_city,active,Suwon;Asheville,surplus\n",
        ["line 2", "4 fields where the header has 3"],
    ),
    "csv header without required columns": (
        "header.csv",
        b"status,countries\nactive,KR;US\n",
        ["line 1", "missing column(s) type, cities"],
    ),
    "csv header with an unknown column": (
        "unknown-col.csv",
        b"type,cities,colour\nsister_city,Suwon;Asheville,red\n",
        ["line 1", "unknown column(s) 'colour'"],
    ),
    "csv cell past the csv module's size limit": (
        "huge-cell.csv",
        b'type,cities,evidence\nsister_city,Suwon;Asheville,"' + b"x" * 200_000 + b'"\n',
        ["line 2", "not valid CSV", "field larger than field limit"],
    ),
    "csv with mismatched city lists": (
        "mismatch.csv",
        b"type,cities,countries\nsister_city,Suwon;Asheville,KR\n",
        ["line 2", "column countries has 1 entries but there are 2 cities"],
    ),
    "unknown file type": (
        "notes.docx",
        b"PK\x03\x04 not really a document",
        ["unknown file type '.docx'"],
    ),
    "no extension": ("README", b"just words", ["unknown file type '(none)'"]),
    "binary program named .txt": (
        "program.txt",
        b"\x7fELF\x02\x01\x01" + bytes(200),
        ["is a program (ELF), not text"],
    ),
    "random bytes named .txt": (
        "noise.txt",
        bytes((i * 7919) % 256 for i in range(4096)),
        ["is a binary file, not text"],
    ),
    "PDF named .html": (
        "page.html",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        ["is a PDF file, not text"],
    ),
    "bad N-Quads (an export gone wrong)": (
        "dump.nq",
        b'<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n<http://a/s> <http://a/p> "open '
        b".\n",
        ["line 2, column 27", "not valid N-Quads"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_file_is_refused_whole_and_named(
    case: str, seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    store, before = seeded
    name, content, needles = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    result = run_kg("ingest", path, store=store)
    _refused(store, before, path, result, *needles)
    record(case, name, result, "yes (sorted N-Quads equal)")


def test_missing_path(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    path = tmp_path / "nowhere" / "news.txt"
    result = run_kg("ingest", path, store=store)
    _refused(store, before, path, result, "no such file or folder", "check the path")
    record("path that does not exist", "nowhere/news.txt", result, "yes")


def test_symlink_loop(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.symlink_to(b)
    b.symlink_to(a)
    result = run_kg("ingest", a, store=store)
    _refused(store, before, a, result, "symbolic link loop", "fix or remove the link")
    record("symlink loop (a -> b -> a)", "a.jsonl", result, "yes")


def test_broken_symlink(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    link = tmp_path / "gone.csv"
    link.symlink_to(tmp_path / "deleted.csv")
    result = run_kg("ingest", link, store=store)
    _refused(store, before, link, result, "broken symbolic link")
    record("broken symlink", "gone.csv", result, "yes")


def test_folder_with_a_link_back_to_itself_terminates(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    store, before = seeded
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "up").symlink_to(folder, target_is_directory=True)  # a directory loop
    (folder / "good.jsonl").write_text("\n".join(_relations(3, "loop")) + "\n", encoding="utf-8")
    result = run_kg("ingest", folder, store=store, timeout=120)
    result.assert_clean()
    assert result.code == 0, result.err
    assert "3 article(s) added" in result.err
    after = snapshot(store)
    assert set(before) < set(after)
    record(
        "folder holding a symlink to itself",
        "news/ (up -> news)",
        result,
        "grew by the good file only",
    )


# --- a 100 MB file: refused fast with bounded memory ---------------------------------------

_PEAK = (
    "import resource, sys\n"
    "from kg.cli import main\n"
    "sys.argv = ['kg'] + sys.argv[1:]\n"
    "try:\n    main()\n"
    "finally:\n"
    "    sys.stderr.write('peak_kb=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def _run_with_peak(*args: str) -> tuple[Result, int, float]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, timeout=300
    )
    took = time.monotonic() - start
    peak = int(proc.stderr.rsplit("peak_kb=", 1)[1].split()[0])
    return Result(proc.returncode, proc.stdout, proc.stderr), peak, took


def _write_big(path: Path, size: int, line: bytes) -> None:
    chunk = line * (1024 * 1024 // len(line) + 1)
    chunk = chunk[: 1024 * 1024]
    with path.open("wb") as f:
        for _ in range(size // len(chunk)):
            f.write(chunk)


@pytest.mark.slow
def test_100_mb_text_is_refused_quickly_with_bounded_memory(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    store, before = seeded
    big = tmp_path / "archive.txt"
    _write_big(big, 100 * 1024 * 1024, "고양시와 이우시는 우호도시 협약을 맺었다. ".encode())
    assert big.stat().st_size == 100 * 1024 * 1024
    result, peak_kb, took = _run_with_peak("--store", str(store), "ingest", str(big))
    result.assert_clean()
    assert result.code == 1
    assert f"Error: {big}: is 100.0 MiB, more than one article can be" in result.err
    assert "KG_MAX_ARTICLE_BYTES" in result.err
    # Against a baseline in the same test: kg ingest of a small article (which loads Kiwi
    # and the gazetteer, as a refused run may too); reading 100 MiB would add far more.
    small = tmp_path / "small.txt"
    small.write_text("고양시와 이우시는 우호도시 협약을 맺었다.", encoding="utf-8")
    _, base_kb, _ = _run_with_peak("--store", ":memory:", "ingest", str(small))
    assert peak_kb < max(base_kb, 400_000) + 150_000, (
        f"peak memory {peak_kb} kB against {base_kb} kB for a small article: the file was read"
    )
    assert took < 30
    assert snapshot(store) == before
    record(
        "100 MB text",
        "archive.txt (100 MiB)",
        result,
        f"yes; peak RSS {peak_kb // 1024} MiB, {took:.1f} s",
    )


@pytest.mark.slow
def test_100_mb_relation_file_cut_at_the_end(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """A 100 MB scraper dump of relation records (1,000 lines of 100 kB) whose last line is
    cut: read, refused, named by line and column, nothing written."""
    store, before = seeded
    big = tmp_path / "dump.jsonl"
    pad = "x" * 100_000
    with big.open("w", encoding="utf-8") as f:
        for line in _relations(1000, "big"):
            rec = json.loads(line)
            rec["note"] = pad  # fields kg does not know are ignored
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        f.write('{"type": "meeting", "cities": ["Goyang", ')
    assert big.stat().st_size > 100 * 1000 * 1000
    result, peak_kb, took = _run_with_peak("--store", str(store), "ingest", str(big))
    result.assert_clean()
    assert result.code == 1
    assert f"Error: {big}, line 1001, column 42: not valid JSON" in result.err
    assert peak_kb < 1_000_000, f"peak memory {peak_kb} kB"
    assert took < 60
    assert snapshot(store) == before
    record(
        "100 MB JSON lines, cut at the end",
        "dump.jsonl (1,000 x 100 kB)",
        result,
        f"yes; peak RSS {peak_kb // 1024} MiB, {took:.1f} s",
    )


# --- folders: go on past a bad file, unless --strict -----------------------------------------


def _mixed_folder(root: Path) -> tuple[Path, list[Path], list[Path]]:
    folder = root / "inbox"
    (folder / "sub").mkdir(parents=True)
    good = [folder / "a-good.jsonl", folder / "sub" / "d-good.csv", folder / "f-good.jsonl"]
    good[0].write_text("\n".join(_relations(5, "a")) + "\n", encoding="utf-8")
    good[1].write_text(
        "type,cities,countries,source\nsister_city,Suwon;Asheville,KR;US,https://e.org/csv\n",
        encoding="utf-8",
    )
    good[2].write_text("\n".join(_relations(3, "f")) + "\n", encoding="utf-8")
    bad = [folder / "b-broken.jsonl", folder / "c-image.png", folder / "e-noise.txt"]
    bad[0].write_text("\n".join([*_relations(2, "b"), "{oops"]) + "\n", encoding="utf-8")
    bad[1].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    bad[2].write_bytes(bytes(range(256)))
    (folder / ".hidden.jsonl").write_text("{not even read", encoding="utf-8")
    return folder, good, bad


@pytest.fixture(scope="module")
def mixed(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[Path], list[Path], list[str], list[str]]:
    """The mixed folder, and the stores its good files alone give (all of them; the first).

    Each good file names its sources, so what it writes does not depend on where it lies.
    """
    root = tmp_path_factory.mktemp("mixed")
    folder, good, bad = _mixed_folder(root)
    every, first = root / "every-good", root / "first-good"
    assert run_kg("ingest", SEED, *good, store=every).code == 0
    assert run_kg("ingest", SEED, good[0], store=first).code == 0
    return folder, good, bad, snapshot(every), snapshot(first)


def test_folder_goes_on_past_bad_files(seeded: tuple[Path, list[str]], mixed: tuple) -> None:
    store, before = seeded
    folder, good, bad, every_good, _ = mixed
    result = run_kg("ingest", folder, store=store)
    result.assert_clean()
    assert result.code == 1, result.err
    for path in bad:
        assert f"Error: {path}" in result.err
    assert "3 file(s) read, 9 article(s) added" in result.err
    assert "3 file(s) failed" in result.err
    # The store holds what the good files alone give, nothing from the bad ones.
    assert snapshot(store) == every_good
    record(
        "folder mixing good and bad files",
        "inbox/ (3 good, 3 bad, 1 hidden)",
        result,
        "= store of the 3 good files alone",
    )


def test_folder_with_strict_stops_at_the_first_bad_file(
    seeded: tuple[Path, list[str]], mixed: tuple
) -> None:
    store, before = seeded
    folder, good, bad, _, first_good = mixed
    result = run_kg("ingest", "--strict", folder, store=store)
    result.assert_clean()
    assert result.code == 1
    assert f"Error: {bad[0]}, line 3" in result.err
    assert str(bad[1]) not in result.err  # stopped there
    assert snapshot(store) == first_good  # the file before it, nothing after
    record(
        "same folder with --strict", "inbox/", result, "= store of the one file before the bad one"
    )


def test_empty_folder_says_so(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    folder = tmp_path / "empty"
    folder.mkdir()
    result = run_kg("ingest", folder, store=store)
    result.assert_clean()
    assert "0 file(s) read" in result.err
    assert snapshot(store) == before
    record("empty folder", "empty/", result, "yes")


def test_same_file_twice_changes_nothing(seeded: tuple[Path, list[str]]) -> None:
    store, before = seeded
    result = run_kg("ingest", SEED, store=store)
    assert result.code == 0
    assert "0 article(s) added, 0 replaced, 1 unchanged" in result.err
    assert snapshot(store) == before
    record("the same file again", "seed-relations.jsonl", result, "yes")


def test_relation_text_with_line_separators_inside_strings(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """U+2028 and U+0085 are legal inside JSON strings; they must not split a line."""
    store, _ = seeded
    rec = json.loads(SEED_LINES[0])
    rec["evidence"]["text"] = "첫 줄\u2028둘째 줄\x85셋째"
    rec["evidence"]["end"] = rec["evidence"]["start"] + len(rec["evidence"]["text"])
    rec["source"] = "https://example.org/u2028"
    path = tmp_path / "separators.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_kg("ingest", path, store=store)
    result.assert_clean()
    assert result.code == 0, result.err
    assert "1 article(s) added" in result.err
    record("U+2028 inside a JSON string", "separators.jsonl", result, "n/a (valid input, stored)")


def test_env_limit_is_validated(seeded: tuple[Path, list[str]], tmp_path: Path) -> None:
    store, before = seeded
    path = tmp_path / "a.txt"
    path.write_text("고양시", encoding="utf-8")
    result = run_kg("ingest", path, store=store, env={"KG_MAX_ARTICLE_BYTES": "lots"})
    result.assert_clean()
    assert result.code == 1
    assert "KG_MAX_ARTICLE_BYTES='lots' is not a number" in result.err
    assert snapshot(store) == before


# --- text that is read, not refused: encodings that lie, HTML that does not parse -----------

SEED_TEXT = SEED.parent / "seed" / "goyang-yiwu-2024-10-24.txt"


def _extracted(*paths: Path) -> tuple[Result, dict[str, list[dict[str, object]]]]:
    """``kg extract`` over the files in one run (Kiwi loads once): records by source."""
    result = run_kg("extract", *paths, "--format", "jsonl")
    result.assert_clean()
    assert result.code == 0, result.err
    out: dict[str, list[dict[str, object]]] = {str(p): [] for p in paths}
    for line in result.out.splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec.pop("source")].append(rec)
    return result, out


def _page(charset: str, body: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body.splitlines() if line.strip())
    return (
        f'<html><head><meta charset="{charset}"><title>고양시 소식</title></head>'
        f"<body><article>{paragraphs}</article></body></html>"
    )


def test_encodings_that_lie_are_read_by_their_bytes(tmp_path: Path) -> None:
    """CP949 bytes in a page that declares UTF-8, and UTF-8 bytes in one that declares
    EUC-KR, give exactly the relations of the honest page."""
    # The seed, less the few characters CP949 has no code for (such as a bullet).
    body = SEED_TEXT.read_text(encoding="utf-8").encode("cp949", errors="ignore").decode("cp949")
    honest = tmp_path / "honest.html"
    honest.write_bytes(_page("utf-8", body).encode("utf-8"))
    cp949_says_utf8 = tmp_path / "cp949-declared-utf8.html"
    cp949_says_utf8.write_bytes(_page("utf-8", body).encode("cp949"))
    utf8_says_euckr = tmp_path / "utf8-declared-euckr.html"
    utf8_says_euckr.write_bytes(_page("euc-kr", body).encode("utf-8"))
    cp949_txt = tmp_path / "cp949.txt"
    cp949_txt.write_bytes(body.encode("cp949"))
    utf8_txt = tmp_path / "utf8.txt"
    utf8_txt.write_bytes(body.encode("utf-8"))

    result, got = _extracted(honest, cp949_says_utf8, utf8_says_euckr, cp949_txt, utf8_txt)
    expected = got[str(honest)]
    assert {tuple(sorted(c["name"] for c in r["cities"])) for r in expected} >= {("Goyang", "Yiwu")}  # type: ignore[index, union-attr]
    assert got[str(cp949_says_utf8)] == expected
    assert got[str(utf8_says_euckr)] == expected
    assert got[str(cp949_txt)] == got[str(utf8_txt)] != []
    for case, path in (
        ("CP949 page declaring UTF-8", cp949_says_utf8),
        ("UTF-8 page declaring EUC-KR", utf8_says_euckr),
        ("CP949 text file", cp949_txt),
    ):
        record(
            case,
            path.name,
            result,
            f"n/a: kg extract reads it right, {len(got[str(path)])} relations as honest",
        )


def test_html_that_does_not_parse_is_read_for_what_it_holds(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(
        "<html><body><div class='nav'><a href=x>홈</a></div><p>고양시는 <div <<< ><p>중국 이우시와 "
        "우호도시 협약을 맺었다</b></i><table><tr><td>셀<script>var s = '</html>".encode()
    )
    result = run_kg("ingest", broken, store=tmp_path / "store")
    result.assert_clean()
    assert result.code == 0, result.err
    assert "1 article(s) added" in result.err
    _, by_source = _extracted(broken)
    records = by_source[str(broken)]
    assert any({c["name"] for c in r["cities"]} == {"Goyang", "Yiwu"} for r in records), records
    record(
        "HTML that does not parse",
        "broken.html (unclosed tags, stray <, open script)",
        result,
        "n/a: read leniently, relations found",
    )


def test_kg_extract_makes_the_same_checks_as_ingest(tmp_path: Path) -> None:
    """``kg extract`` reads files too: a program or a 40 MB text is named, not decoded
    as UTF-16 or fed to Kiwi for minutes."""
    program = tmp_path / "program.txt"
    program.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4)
    big = tmp_path / "big.txt"
    _write_big(big, 40 * 1024 * 1024, "고양시와 이우시는 우호도시 협약을 맺었다. ".encode())
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    for path, needle in (
        (program, "is a program (ELF), not text"),
        (big, "is 40.0 MiB, more than one article can be"),
        (empty, "the file is empty"),
    ):
        start = time.monotonic()
        result = run_kg("extract", path, timeout=120)
        result.assert_clean()
        assert result.code == 1, result.err
        assert f"Error: {path}: {needle}" in result.err, result.err
        assert time.monotonic() - start < 60
        record(f"kg extract on {path.name}", path.name, result, "n/a (kg extract writes no store)")


def test_pipe_and_device_are_refused_without_reading(
    seeded: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """A named pipe in a folder (nobody writes to it) and /dev/zero: refused at once, never
    read (reading either would never end), and the good file beside them goes in."""
    store, before = seeded
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "a-pipe.txt")
    (folder / "b-good.jsonl").write_text("\n".join(_relations(2, "fifo")) + "\n", encoding="utf-8")
    result = run_kg("ingest", folder, "/dev/zero", store=store, timeout=120)
    result.assert_clean()
    assert result.code == 1
    assert (
        f"Error: {folder / 'a-pipe.txt'}: is not a regular file (a pipe, socket or device)"
        in result.err
    )
    assert "Error: /dev/zero: is not a regular file" in result.err
    assert "1 file(s) read, 2 article(s) added" in result.err
    record(
        "named pipe in a folder, and /dev/zero",
        "inbox/a-pipe.txt, /dev/zero",
        result,
        "grew by the good file only",
    )
