"""Bad input, row by row, through the real command line: each problem is one line on stderr that
names the file and says what to do, with exit code 2 (or a warning and a skip where that is what
a user wants), never a traceback.

The commands run with the lexical test embedder (registered as model `test-lexical` by
`run_factlint`): what is under test is reading, not meaning, and it keeps each row fast.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker.figures import extract_figures

TESTS = Path(__file__).resolve().parent
LEXICAL_MODEL = "test-lexical"
_MAIN_WITH_LEXICAL_MODEL = (
    f"import sys; sys.path.insert(0, {str(TESTS)!r}); "
    "from lexical_embedder import LexicalEmbedder; import checker.embed as embed; "
    f"embed.EMBEDDERS[{LEXICAL_MODEL!r}] = LexicalEmbedder; "
    "from checker.cli import main; main()"
)
# Root reads and writes whatever the permissions say; without these two capabilities it obeys them.
_WITHOUT_ROOT_OVERRIDE = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                          "--bounding-set=-dac_override,-dac_read_search"]


def can_drop_root_override() -> bool:
    return os.geteuid() != 0 or shutil.which("setpriv") is not None


def run_factlint(*args: str, cwd: Path, obey_permissions: bool = False,
                 timeout: float = 120) -> subprocess.CompletedProcess:
    """`factlint ARGS` in a new process, with model `test-lexical` available. With
    `obey_permissions`, file permissions bind even when the tests run as root."""
    command = [sys.executable, "-c", _MAIN_WITH_LEXICAL_MODEL, *args]
    if obey_permissions and os.geteuid() == 0:
        command = _WITHOUT_ROOT_OVERRIDE + command
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def check(*args: str, cwd: Path, **options) -> subprocess.CompletedProcess:
    return run_factlint("check", *args, "--no-cache", "--model", LEXICAL_MODEL, cwd=cwd, **options)


def assert_refused(result: subprocess.CompletedProcess, *expected: str) -> None:
    """Exit 2 and exactly one line on stderr holding every `expected` piece."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    for piece in expected:
        assert piece in result.stderr


def test_missing_path(tmp_path):
    assert_refused(check("missing.md", cwd=tmp_path), "missing.md: does not exist; check the path")


def test_folder_with_no_documents(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "photo.png").write_bytes(b"\x89PNG\r\n")
    assert_refused(check("notes", cwd=tmp_path), "notes: holds no documents (.md, .markdown, .txt, .text)")


def test_binary_file(tmp_path):
    (tmp_path / "report.md").write_bytes(b"PK\x03\x04\x00\x00binary zip")
    assert_refused(check("report.md", cwd=tmp_path), "report.md: is a binary file")


def test_windows_1252_french_file_is_refused_with_the_conversion_to_run(tmp_path):
    # Refused, not guessed: cp1252, latin-1 and Mac Roman decode any byte, so a guess can
    # silently misquote a source; the message gives the one command that fixes the file.
    (tmp_path / "depeche.txt").write_bytes("Le budget atteint 3 millions d’€ à Genève.\n".encode("cp1252"))
    assert_refused(check("depeche.txt", cwd=tmp_path),
                   "depeche.txt: is not valid UTF-8 (byte 0x92 at offset 30)", "iconv -f WINDOWS-1252 -t UTF-8")


def _internal_conflict(cwd: Path, draft: str) -> dict:
    result = check(draft, "--select", "FC301", "--format", "json", "--output", "-", "--fail-on", "never", cwd=cwd)
    assert result.returncode == 0, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    return finding


@pytest.mark.parametrize("encoding, bom", [("utf-8", "\ufeff"), ("utf-16", "")])
def test_byte_order_mark_and_crlf_keep_lines_and_columns(tmp_path, encoding, bom):
    text = "Fund.\r\n\r\nThe fund holds $2.3 billion.\r\n\r\nLater, the fund holds $2.5 billion.\r\n"
    (tmp_path / "draft.md").write_bytes((bom + text).encode(encoding))  # utf-16 writes its own mark
    finding = _internal_conflict(tmp_path, "draft.md")
    assert (finding["line"], finding["column"], finding["figure"]["text"]) == (5, 23, "$2.5 billion")
    assert finding["claim"] == "Later, the fund holds $2.5 billion."
    [evidence] = finding["evidence"]
    assert (evidence["line"], evidence["column"]) == (3, 16)


def test_empty_file_has_no_claims_and_passes(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    result = check("empty.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 claims" in result.stdout and result.stderr == ""


def test_fifty_megabyte_file_is_refused_quickly_naming_the_limit(tmp_path):
    with open(tmp_path / "dump.txt", "wb") as big:
        big.truncate(50 * 1024 * 1024)  # sparse: nothing written, nothing to read
    started = time.monotonic()
    result = check("dump.txt", cwd=tmp_path)
    assert_refused(result, "dump.txt: is 50 MiB, over the 20 MiB limit; split it")
    assert time.monotonic() - started < 15


def test_one_megabyte_line_is_checked_in_bounded_time(tmp_path):
    filler = "The committee met again and the talks went on late into the night. " * 15_000
    line = filler + "The fund holds $2.3 billion. Later, the fund holds $2.5 billion.\n"
    assert len(line) > 1_000_000 and "\n" not in line[:-1]
    (tmp_path / "one-line.txt").write_text(line)
    started = time.monotonic()
    finding = _internal_conflict(tmp_path, "one-line.txt")
    assert time.monotonic() - started < 60  # about 5 s; the old overlap scan took minutes
    assert finding["line"] == 1 and finding["column"] == len(filler) + 52


def test_figures_of_one_long_sentence_are_read_in_linear_time():
    # One 250 kB sentence dense with figures: 0.6 s measured; when spans were compared pairwise
    # it took 35 s, and a 1 MB one ten minutes.
    sentence = "the army has 600,000 troops and $2.3 billion, " * 5_500
    started = time.monotonic()
    figures = extract_figures(sentence, "en")
    assert time.monotonic() - started < 15
    assert len(figures) == 11_000


def test_broken_front_matter(tmp_path):
    (tmp_path / "draft.md").write_text("---\ntitle: [unclosed\ndate: 2025-11-22\n---\nThe plan has 28 points.\n")
    assert_refused(check("draft.md", cwd=tmp_path), "draft.md: front matter is not valid YAML", "fix it or remove it")


@pytest.mark.parametrize("depth", [5_000, 50_000])
def test_front_matter_nested_too_deep(tmp_path, depth):
    """libyaml's parser crashed the process on this (a segmentation fault at 50,000)."""
    (tmp_path / "draft.md").write_text(f"---\ntitle: {'[' * depth}{']' * depth}\n---\nThe plan has 28 points.\n")
    assert_refused(check("draft.md", cwd=tmp_path), "draft.md: front matter is not valid YAML", "fix it or remove it")


def test_impossible_front_matter_date(tmp_path):
    (tmp_path / "draft.md").write_text("---\ndate: 2025-13-45\n---\nThe plan has 28 points.\n")
    assert_refused(check("draft.md", cwd=tmp_path), "draft.md: front matter is not valid YAML (month must be in 1..12)")


def test_broken_config(tmp_path):
    (tmp_path / "draft.md").write_text("The plan has 28 points.\n")
    (tmp_path / "factlint.toml").write_text("fail_on = \n")
    assert_refused(check("draft.md", cwd=tmp_path), "factlint.toml: is not valid TOML", "fix the configuration file")


def test_config_with_an_unknown_key(tmp_path):
    (tmp_path / "draft.md").write_text("The plan has 28 points.\n")
    (tmp_path / "factlint.toml").write_text('sourcse = ["wire"]\n')
    assert_refused(check("draft.md", cwd=tmp_path), "factlint.toml: unknown key 'sourcse' (allowed: sources,")


def test_unknown_rule_id(tmp_path):
    (tmp_path / "draft.md").write_text("The plan has 28 points.\n")
    assert_refused(check("draft.md", "--select", "FC999", cwd=tmp_path), "unknown rule 'FC999' in --select")


def _rule_folder(tmp_path: Path, text: str) -> str:
    folder = tmp_path / "house-rules"
    folder.mkdir()
    (folder / "FC901.yaml").write_text(text)
    (tmp_path / "draft.md").write_text("The plan has 28 points.\n")
    return str(folder.relative_to(tmp_path))


_RULE = """id: FC901
name: house-conflict
category: conflict
extends: {kind}
severity: error
message: m
params: {{{params}}}
docs: {{what: a, why: b, example: c}}
"""


@pytest.mark.parametrize("rule_text, problem", [
    ("id: FC901\nname: [unclosed\n", "FC901.yaml: is not valid YAML"),
    (_RULE.format(kind="figure_conflit", params=""), "FC901.yaml: unknown kind 'figure_conflit' in `extends`"),
    (_RULE.format(kind="figure_conflict", params="min_similarty: 0.5"),
     "FC901.yaml: invalid params (min_similarty: Extra inputs are not permitted)"),
])
def test_broken_rule_file(tmp_path, rule_text, problem):
    rules = _rule_folder(tmp_path, rule_text)
    assert_refused(check("draft.md", "--rules", rules, cwd=tmp_path), problem)


def test_symlink_loop_in_a_source_folder_is_skipped_with_a_warning(tmp_path):
    sources = tmp_path / "sources"
    (sources / "wire").mkdir(parents=True)
    (sources / "wire" / "a.md").write_text("The fund holds $2.3 billion.\n")
    (sources / "wire" / "back").symlink_to("..", target_is_directory=True)
    (sources / "self").symlink_to(".", target_is_directory=True)
    result = check("--sources", "sources", "--select", "FC3", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "1 document" in result.stdout
    assert sorted(result.stderr.splitlines()) == [
        "factlint: warning: sources/self: links to sources, already searched; skipped",
        "factlint: warning: sources/wire/back: links to sources, already searched; skipped",
    ]


def test_linked_folder_is_searched(tmp_path):
    (tmp_path / "shared-wire").mkdir()
    (tmp_path / "shared-wire" / "a.md").write_text("The fund holds $2.3 billion.\n")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "wire").symlink_to(tmp_path / "shared-wire", target_is_directory=True)
    result = check("--sources", "sources", "--format", "json", "--output", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["documents"] == 1


@pytest.mark.skipif(not can_drop_root_override(), reason="running as root without setpriv: permissions do not bind")
def test_unreadable_file(tmp_path):
    (tmp_path / "secret.md").write_text("The plan has 28 points.\n")
    (tmp_path / "secret.md").chmod(0)
    result = check("secret.md", cwd=tmp_path, obey_permissions=True)
    assert_refused(result, "secret.md: cannot be read (permission denied); check its permissions")


@pytest.mark.skipif(not can_drop_root_override(), reason="running as root without setpriv: permissions do not bind")
def test_unreadable_subfolder(tmp_path):
    (tmp_path / "sources" / "locked").mkdir(parents=True)
    (tmp_path / "sources" / "a.md").write_text("The plan has 28 points.\n")
    (tmp_path / "sources" / "locked").chmod(0)
    result = check("--sources", "sources", cwd=tmp_path, obey_permissions=True)
    assert_refused(result, "sources/locked: cannot be searched (Permission denied); check its permissions")
