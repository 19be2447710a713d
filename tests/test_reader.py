"""Reading documents: front matter, languages, and exact sentence positions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.reader import parse_document, read_documents


def _sentences(text: str, name: str = "doc.md"):
    return parse_document(name, text).sentences


def test_front_matter_is_read_and_not_prose():
    doc = parse_document("a.md", "---\ntitle: Plan\ndate: 2025-11-22\nlang: fr\n---\nLe plan compte 28 points.\n")
    assert (doc.title, doc.date, doc.lang) == ("Plan", dt.date(2025, 11, 22), "fr")
    [sentence] = doc.sentences
    assert (sentence.text, sentence.line, sentence.column) == ("Le plan compte 28 points.", 6, 1)


@pytest.mark.parametrize("title", ["Plan: " + "x" * 3000, "[" * 990 + "]" * 990], ids=["long", "brackets"])
def test_front_matter_is_read_whatever_its_length(title):
    """Short front matter goes to libyaml, long to PyYAML's Python loader."""
    doc = parse_document("a.md", f"---\ntitle: '{title}'\ndate: 2025-11-22\n---\nThe plan has 28 points.\n")
    assert (doc.title, doc.date) == (title, dt.date(2025, 11, 22))


@pytest.mark.parametrize("depth", [1, 990])
def test_a_list_for_a_single_value_is_refused_in_one_line(depth):
    """990 levels of nesting fit the length libyaml reads (50,000 crashed it)."""
    with pytest.raises(InputError, match=r"^a.md: front matter title is a list, not one value; write it on one line"):
        parse_document("a.md", f"---\ntitle: {'[' * depth}x{']' * depth}\n---\nThe plan has 28 points.\n")


def test_offsets_lines_and_columns_point_into_the_file():
    text = "# Title\n\nFirst one. Second one has\n3 dogs. It ends.\n\n- item 4\n"
    doc = parse_document("a.md", text)
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text
    assert [(s.text, s.line, s.column) for s in doc.sentences] == [
        ("Title", 1, 3), ("First one.", 3, 1), ("Second one has\n3 dogs.", 3, 12), ("It ends.", 4, 9),
        ("item 4", 6, 3)]


def test_crlf_and_bom_keep_columns(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffLine one.\r\nThe army has 600 troops.\r\n".encode("utf-8"))
    [doc] = read_documents([str(path)])
    assert [(s.text, s.line, s.column) for s in doc.sentences][-1] == ("The army has 600 troops.", 2, 1)


def test_code_urls_and_comments_are_not_claims():
    text = ("See https://example.com/2022/600000 now.\n\n```\nbudget = 2.3e9\n```\n\n"
            "Inline `x = 42` code. <!-- 99 balloons -->\n")
    prose = " ".join(s.text for s in _sentences(text))
    assert "600000" not in prose and "2.3e9" not in prose and "42" not in prose and "99" not in prose


def test_abbreviations_do_not_end_sentences():
    texts = [s.text for s in _sentences("M. Poutine a parlé. Mr. Trump called on Feb. 14 at 9 a.m. Then he left.")]
    assert texts == ["M. Poutine a parlé.", "Mr. Trump called on Feb. 14 at 9 a.m. Then he left."]


@pytest.mark.parametrize("text, lang", [
    ("Le président a déclaré que les effectifs seront réduits.", "fr"),
    ("The president said the army would be cut.", "en"),
])
def test_language_is_detected_without_front_matter(text, lang):
    assert parse_document("x.txt", text).lang == lang


@pytest.mark.parametrize("front, problem", [
    ("---\ntitle: [unclosed\n---\n", "front matter is not valid YAML"),
    ("---\ndate: someday\n---\n", "is not a date"),
    ("---\nlang: de\n---\n", "lang 'de' is not supported"),
])
def test_broken_front_matter_is_an_input_error(front, problem):
    with pytest.raises(InputError, match=problem):
        parse_document("bad.md", front + "Text.\n")


def test_folders_are_searched_and_paths_kept_as_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("docs/sub").mkdir(parents=True)
    Path("docs/a.md").write_text("A.")
    Path("docs/sub/b.txt").write_text("B.")
    Path("docs/.hidden.md").write_text("C.")
    Path("docs/image.png").write_bytes(b"\x89PNG")
    assert [d.path for d in read_documents(["docs"])] == ["docs/a.md", "docs/sub/b.txt"]
    assert [d.path for d in read_documents(["docs/", "./docs/sub"])] == ["docs/a.md", "docs/sub/b.txt", "docs/sub/b.txt"]
    assert [d.path for d in read_documents(["."])] == ["docs/a.md", "docs/sub/b.txt"]


@pytest.mark.parametrize("setup, problem", [
    (lambda p: None, "does not exist"),
    (lambda p: p.mkdir(), "holds no documents"),
    (lambda p: p.write_bytes(b"\x00\x01binary"), "is a binary file"),
])
def test_unusable_inputs(tmp_path, setup, problem):
    target = tmp_path / "input.md"
    setup(target)
    with pytest.raises(InputError, match=problem):
        read_documents([str(target)])
