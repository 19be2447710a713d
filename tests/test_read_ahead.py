"""Files read in a second process come back in order, as they would be read here, and a file
that cannot be read stops the run where it comes."""

from __future__ import annotations

import pytest

from checker import read_ahead
from checker.errors import InputError
from checker.read_ahead import FileToRead, extracted_files


def _files(folder, count):
    folder.mkdir()
    files = []
    for number in range(count):
        path = folder / f"doc-{number:02}.md"
        path.write_text(f"---\nlang: en\ndate: 2025-03-0{1 + number % 9}\n---\n\n"
                        f"The fund holds ${number + 1} billion. The talks lasted {number + 2} days in March.\n")
        stat = path.stat()
        files.append(FileToRead(f"sources/{path.name}", path.resolve(), stat.st_size, stat.st_mtime_ns))
    return files


def _read(files):
    with extracted_files(files) as found:
        return [(f.file, f.sha256, f.claims) for f in found]


def _in_a_process(monkeypatch):
    monkeypatch.setattr(read_ahead, "PROCESS_FROM", 1)
    monkeypatch.setattr(read_ahead, "_FILES_PER_TASK", 2)  # several tasks, more than are let ahead


def test_a_reader_process_gives_what_reading_here_gives(tmp_path, monkeypatch):
    files = _files(tmp_path / "sources", 13)
    here = _read(files)
    assert [f for f, _, _ in here] == files and all(claims for _, _, claims in here)
    _in_a_process(monkeypatch)
    assert _read(files) == here


@pytest.mark.parametrize("process", [False, True], ids=["here", "in a process"])
def test_an_unreadable_file_stops_after_the_files_before_it(tmp_path, monkeypatch, process):
    if process:
        _in_a_process(monkeypatch)
    files = _files(tmp_path / "sources", 7)
    files[3].path.unlink()
    stored = []
    with pytest.raises(InputError, match=r"^sources/doc-03.md: cannot be read \(No such file or directory\)"):
        with extracted_files(files) as found:
            for found_file in found:
                stored.append(found_file.file.display)
    assert stored == [f.display for f in files[:3]]
