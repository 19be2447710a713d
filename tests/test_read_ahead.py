"""Files read in a second process come back in order, as they would be read here, and a file
that cannot be read stops the run where it comes."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import read_ahead
from checker.errors import InputError
from checker.read_ahead import FileToRead, extracted_files

_extract = read_ahead._extract  # the reader's task, for the stand-ins below to call


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
        return [(f.file, f.sha256, f.claims) for group in found for f in group]


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
            for group in found:
                stored += [found_file.file.display for found_file in group]
    assert stored == [f.display for f in files[:3]]


def _logs_then_extracts(files):
    """Stands in for the reader's task function in the reader process (imported from here)."""
    if multiprocessing.parent_process() is not None:
        logging.getLogger("checker.figures.extract").warning("odd sentence in %s", files[0].display)
    return _extract(files)


def test_the_reader_process_logs_one_line_as_the_main_one_does(tmp_path, monkeypatch, capfd):
    _in_a_process(monkeypatch)
    monkeypatch.setattr(read_ahead, "_extract", _logs_then_extracts)
    files = _files(tmp_path / "sources", 3)
    assert [file for file, _, _ in _read(files)] == files
    err = capfd.readouterr().err
    assert "factlint: warning: odd sentence in sources/doc-02.md\n" in err and "Traceback" not in err


def _names_its_process(files):
    return [(file.display, multiprocessing.parent_process() is None) for file in files]


def test_the_first_files_are_read_here_while_the_reader_process_starts(tmp_path, monkeypatch):
    _in_a_process(monkeypatch)
    tasks = []
    monkeypatch.setattr(read_ahead, "_unpacked", lambda results: tasks.append(results) or [])
    monkeypatch.setattr(read_ahead, "_extract", _names_its_process)
    with extracted_files(_files(tmp_path / "sources", 5)) as found:
        list(found)
    assert tasks == [[("sources/doc-00.md", True), ("sources/doc-01.md", True)],
                     [("sources/doc-02.md", False), ("sources/doc-03.md", False)], [("sources/doc-04.md", False)]]


def _dies_in_the_reader_process(files):
    if multiprocessing.parent_process() is not None:
        os._exit(1)  # as a reader killed for memory
    return _extract(files)


def test_files_are_read_here_when_the_reader_process_dies(tmp_path, monkeypatch, caplog):
    files = _files(tmp_path / "sources", 5)
    here = _read(files)
    _in_a_process(monkeypatch)
    monkeypatch.setattr(read_ahead, "_extract", _dies_in_the_reader_process)
    with caplog.at_level(logging.WARNING):
        assert _read(files) == here
    assert "the process reading files stopped" in caplog.text


def test_ctrl_c_is_ignored_only_while_the_reader_process_starts():
    before = signal.getsignal(signal.SIGINT)
    with read_ahead._interrupts_for_this_process():
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # inherited by the new process
    assert signal.getsignal(signal.SIGINT) is before


def test_read_here_each_file_is_given_before_the_next_is_read(tmp_path, monkeypatch):
    files = _files(tmp_path / "sources", 5)
    real = read_ahead.read_document

    def fails_on_the_third(path, display):
        if display.endswith("doc-02.md"):
            raise RuntimeError("a bug in a reader")
        return real(path, display)

    monkeypatch.setattr(read_ahead, "read_document", fails_on_the_third)
    given = []
    with pytest.raises(RuntimeError), extracted_files(files) as found:
        for group in found:
            given += [found_file.file.display for found_file in group]
    assert given == [f.display for f in files[:2]]  # stored before the failure, not lost with it


_KEEPS_A_READER = """
import sys, time
from pathlib import Path
from checker import read_ahead
from checker.read_ahead import FileToRead, extracted_files
read_ahead.PROCESS_FROM = 1
read_ahead._FILES_PER_TASK = 1  # the first task is read here, the second there
path = Path(sys.argv[1])
with extracted_files([FileToRead("a.md", path, 0, 0)] * 2) as found:
    list(found)
    import multiprocessing
    print(multiprocessing.active_children()[0].pid, flush=True)
    time.sleep(120)
"""


def test_the_reader_process_ends_when_the_main_one_is_killed(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("The fund holds $2 billion.\n")
    main = subprocess.Popen([sys.executable, "-c", _KEEPS_A_READER, str(source)], stdout=subprocess.PIPE, text=True)
    try:
        reader = int(main.stdout.readline())
        main.send_signal(signal.SIGKILL)
    finally:
        main.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _running(reader):
        time.sleep(0.05)
    assert not _running(reader), "the reader process outlived the main one"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split(")")[-1].split()[0] == "Z")  # a zombie has ended


def test_the_reader_process_imports_no_model_library():
    """A spawned reader imports the main module (`factlint`'s script imports `checker.cli`) and
    `read_ahead`: numpy or faiss among them would add a tenth of a second to every index run."""
    probe = "import sys, checker.cli, checker.read_ahead; print(sorted({'numpy', 'faiss', 'checker.embed'} & set(sys.modules)))"
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"
