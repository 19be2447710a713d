"""Read drafts and sources from disk into `Document`s with exact sentence positions.

Front matter, Markdown code and URLs are not prose: they are blanked out (replaced by spaces
of the same length) before sentences are cut, so every offset still points into the file.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import logging
import os
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator

from checker.errors import InputError
from checker.language import detect_language
from checker.models import Document, Sentence

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = (".md", ".markdown", ".txt", ".text")
MAX_FILE_BYTES = 20 * 1024 * 1024
# Byte-order marks that name their encoding without doubt (UTF-32 first: its little-endian
# mark starts with UTF-16's). Without one, a file must be UTF-8: guessing a legacy encoding
# (cp1252, latin-1 and Mac Roman all decode any byte) could silently misread a quote.
_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
FRONT_MATTER_KEYS = {"title", "date", "lang", "publisher", "url"}

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
# A link target stops at "(" too: a run of "](" with no ")" would otherwise be rescanned from
# each of its brackets, quadratic on a long line.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'«»]+|\]\([^()\s]*\)")
_URL_CLUES = ("://", "www.", "](")  # one of which every URL or link holds: looked for before scanning
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
# A sentence ends at . ! ? … (and any closing quotes) followed by space and a capital, digit or quote;
# group 1 is the gap between the two. The mark is matched, not looked behind for: re then skips
# to the next mark in C instead of trying the pattern at every character.
_SENTENCE_END = re.compile(r"[.!?…]([\"”»’)\]]*\s+)(?=[«“\"'(\[]?[A-ZÀ-ÖØ-Þ0-9])")
_MARKUP_PREFIX = re.compile(r"(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)*")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>)")
# Abbreviations after which a full stop does not end the sentence; the word before a full stop
# is looked for in this many characters before it, so that a long run of abbreviations or
# initials costs linear time, not a rescan of the sentence so far at each full stop.
_ABBREVIATION_WINDOW = 64
# Compiled once: `re.search(pattern, ...)` looks its pattern up in re's cache at every call,
# and these run at every sentence end. The word before a full stop is matched in the text
# reversed: searched for from the front, it was tried from every character of the window.
_WORD_BEFORE_FULL_STOP_REVERSED = re.compile(r"\.([\w.°]+)")
_INITIALS = re.compile(r"(?:\w\.)+\w")
_WORD_CHARACTER = re.compile(r"\w")
_NOT_LINE_BREAK = re.compile(r"[^\r\n]")
_ABBREVIATIONS = {
    "m", "mm", "mme", "mmes", "mr", "mrs", "ms", "dr", "st", "prof", "gen", "gén", "sen", "rep",
    "gov", "lt", "col", "capt", "sgt", "jr", "sr", "vs", "etc", "no", "nos", "n°", "p", "pp",
    "art", "fig", "jan", "feb", "fév", "mar", "apr", "avr", "jun", "jul", "juil", "aug", "sep",
    "sept", "oct", "nov", "dec", "déc", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n", "e.g",
    "i.e", "approx", "env", "cf", "mds", "md", "mn", "bn",
}


def iter_document_paths(root: Path) -> Iterator[tuple[str, str]]:
    """The documents under a folder (sorted, hidden entries skipped), each as (path under
    `root`, resolved path), both strings: an archive holds thousands of files, and
    resolving each one, or making a `Path` of it, was most of a warm check's time.

    Links to folders are followed (a shared wire folder linked into the sources), each folder
    searched once: a link back to a folder already searched, a loop or a second way in, is
    skipped with a warning."""
    searched: dict[tuple[int, int], str] = {}
    found: list[tuple[str, str]] = []
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            info = os.stat(folder)
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            raise InputError(exc.filename or folder,
                             f"cannot be searched ({exc.strerror}); check its permissions") from None
        identity = (info.st_dev, info.st_ino)
        if identity in searched:
            log.warning("%s: links to %s, already searched; skipped", folder, searched[identity])
            continue
        searched[identity] = folder
        real_folder = os.path.realpath(folder)
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                subfolders.append(entry.path)
            elif os.path.splitext(entry.name)[1].lower() in DOCUMENT_SUFFIXES and entry.is_file():
                # Only a link needs resolving: the rest lie in the folder, resolved once.
                real = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real_folder, entry.name)
                found.append((entry.path, real))
        pending += reversed(subfolders)  # depth first, in name order
    yield from sorted(found)


def _decode(path: Path, raw: bytes) -> str:
    for bom, encoding in _UNICODE_BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)  # the codec drops the mark
            except UnicodeDecodeError:
                raise InputError(path, f"is not valid {encoding.upper()} although it starts with its "
                                 "byte-order mark; save it again as UTF-8") from None
    if b"\x00" in raw[:8192]:
        raise InputError(path, "is a binary file, not text; give Markdown or plain-text documents")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"is not valid UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start}); "
            "convert it, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
        ) from None


def _blank(text: str, start: int, end: int) -> str:
    """Replace text[start:end] by spaces, keeping line breaks so lines and offsets hold."""
    return text[:start] + _NOT_LINE_BREAK.sub(" ", text[start:end]) + text[end:]


def _parse_date(path: Path, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(path, f"front matter date {value!r} is not a date; write it as YYYY-MM-DD") from None


# libyaml's loader reads front matter six times faster than PyYAML's Python one, but its
# recursion crashed the process on front matter nested 50,000 deep (4,000 are fine). Front
# matter longer than this, which no article needs, goes to the Python loader, which reports
# any depth in one line.
_LIBYAML_UP_TO = 2_000  # characters


def _load_yaml(path: Path, text: str) -> object:
    import yaml  # here: a run with nothing changed reads no front matter

    safe_loader = len(text) <= _LIBYAML_UP_TO and getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    try:
        loader = safe_loader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    # Not only YAMLError: "date: 2025-13-45" fails as a date (ValueError), "a: [[[[..." too deep.
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"front matter is not valid YAML ({problem}); fix it or remove it") from None


def _read_front_matter(path: Path, text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = _load_yaml(path, match.group(1)) or {}
    if not isinstance(meta, dict):
        raise InputError(path, "front matter must be a YAML mapping (key: value lines)")
    fields = {key: meta[key] for key in FRONT_MATTER_KEYS if meta.get(key) is not None}
    for key, value in fields.items():
        if isinstance(value, (list, dict)):  # and printing a deeply nested one would overflow
            raise InputError(path, f"front matter {key} is a {type(value).__name__}, not one value; "
                             "write it on one line, quoted if it holds ':' or brackets")
    if "date" in fields:
        fields["date"] = _parse_date(path, fields["date"])
    if "lang" in fields:
        lang = str(fields["lang"]).lower()[:2]
        if lang not in ("fr", "en"):
            raise InputError(path, f"front matter lang {fields['lang']!r} is not supported; use fr or en")
        fields["lang"] = lang
    for key in ("title", "publisher", "url"):
        if key in fields:
            fields[key] = str(fields[key])
    return fields, _blank(text, 0, match.end())


def _blank_markdown_code(text: str) -> str:
    """Blank fenced code blocks, indented code, inline code and HTML comments."""
    lines = text.splitlines(keepends=True)
    offset, fence = 0, None
    spans: list[tuple[int, int]] = []
    previous_blank = True
    for line in lines:
        stripped = line.rstrip("\r\n")
        marker = _FENCE.match(stripped)
        if fence:
            spans.append((offset, offset + len(stripped)))
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
        elif marker:
            fence = marker.group(1)
            spans.append((offset, offset + len(stripped)))
        elif previous_blank and (stripped.startswith("    ") or stripped.startswith("\t")) and stripped.strip():
            spans.append((offset, offset + len(stripped)))
            offset += len(line)
            continue  # an indented code block runs on while its lines stay indented
        previous_blank = not stripped.strip()
        offset += len(line)
    for match in re.finditer(r"`[^`\n]+`", text):
        spans.append(match.span())
    spans.extend(_html_comments(text))
    for start, end in spans:
        text = _blank(text, start, end)
    return text


def _html_comments(text: str) -> Iterator[tuple[int, int]]:
    """Spans of `<!-- ... -->`. A search, not a lazy regex: from each of many unclosed `<!--`
    the regex would scan to the end of the text."""
    start = text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            return  # unclosed: no later comment can close either
        yield start, end + 3
        start = text.find("<!--", end + 3)


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = bisect.bisect_right(line_starts, offset) - 1  # the last line starting at or before it
    return line + 1, offset - line_starts[line] + 1


def _blocks(prose: str) -> Iterator[tuple[int, int]]:
    """Spans of paragraphs: runs of non-blank lines, with headings and list items on their own."""
    start = None
    offset = 0
    for line in prose.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if not content.strip():
            if start is not None:
                yield start, offset
                start = None
        else:
            if start is not None and (_BLOCK_START.match(content) or prose[start:offset].lstrip().startswith("#")):
                yield start, offset
                start = None
            if start is None:
                start = offset
        offset += len(line)
    if start is not None:
        yield start, offset


def _ends_with_abbreviation(text: str) -> bool:
    """Whether `text` (the last `_ABBREVIATION_WINDOW` characters before a sentence end)
    ends with an abbreviation or an initial."""
    word = _WORD_BEFORE_FULL_STOP_REVERSED.match(text.rstrip("\"”»’)] \t\r\n")[::-1])
    if not word:
        return False
    token = word.group(1)[::-1].lower()
    return token in _ABBREVIATIONS or len(token) == 1 or bool(_INITIALS.fullmatch(token))


def _sentence_spans(prose: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    cut = start
    for match in _SENTENCE_END.finditer(prose, start, end):
        gap_start, gap_end = match.span(1)
        if _ends_with_abbreviation(prose[max(cut, gap_start - _ABBREVIATION_WINDOW):gap_start]):
            continue
        yield cut, gap_start
        cut = gap_end
    yield cut, end


def split_sentences(prose: str) -> list[Sentence]:
    """Cut blanked prose into sentences with offsets, lines and columns."""
    line_starts = _line_starts(prose)
    sentences = []
    for block_start, block_end in _blocks(prose):
        for start, end in _sentence_spans(prose, block_start, block_end):
            piece = prose[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            start += len(_MARKUP_PREFIX.match(prose, start, end).group(0))
            piece = prose[start:end]
            if not _WORD_CHARACTER.search(piece):
                continue
            line, column = _position(line_starts, start)
            end_line, end_column = _position(line_starts, end)
            sentences.append(Sentence(text=piece, start=start, end=end, line=line, column=column,
                                      end_line=end_line, end_column=end_column))
    return sentences


def parse_document(path: str, text: str, source: Path | None = None) -> Document:
    """Turn the text of a file into a Document; `path` is how reports name it."""
    source = source or Path(path)
    meta, prose = _read_front_matter(source, text)
    if source.suffix.lower() in (".md", ".markdown"):
        prose = _blank_markdown_code(prose)
    if any(clue in prose for clue in _URL_CLUES):
        for match in list(_URL.finditer(prose)):
            prose = _blank(prose, *match.span())
    lang = meta.pop("lang", None) or detect_language(prose)
    return Document(path=path, text=text, lang=lang, sentences=split_sentences(prose), **meta)


def read_document(path: Path, display: str | None = None) -> Document:
    """Read one file; any problem becomes an InputError naming it."""
    display = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(display, f"is {size // (1024 * 1024)} MiB, over the {MAX_FILE_BYTES // (1024 * 1024)} MiB "
                             "limit; split it into smaller documents")
        raw = path.read_bytes()
    except OSError as exc:
        raise unreadable(display, exc) from None
    return parse_document(display, _decode(Path(display), raw), path)


def unreadable(display: str, exc: OSError) -> InputError:
    """The one-line error for a file the system refuses to stat or read."""
    if isinstance(exc, PermissionError):
        return InputError(display, "cannot be read (permission denied); check its permissions")
    return InputError(display, f"cannot be read ({exc.strerror or exc}); check the path")


def find_documents(roots: Iterable[str], keep: Callable[[Path], bool] | None = None) -> list[tuple[str, Path]]:
    """Every document named on the command line, as (path for reports, resolved path on disk); folders
    are searched, and what is found in them is kept if `keep` says so of its resolved path (a
    file named on the command line always is). A file found in a folder is reported as the folder as typed
    joined with the file's path inside it."""
    found = []
    for root in roots:
        root_path = Path(root)
        if not root_path.exists():
            raise InputError(root, "does not exist; check the path")
        if root_path.is_file():
            found.append((root, root_path.resolve()))
            continue
        inside = len(os.path.join(str(root_path), ""))  # where a found path leaves its root folder
        shown_under = "" if root_path == Path(".") else str(root_path)
        paths = [(path, Path(real)) for path, real in iter_document_paths(root_path)]
        paths = [(path, real) for path, real in paths if keep is None or keep(real)]
        if not paths:
            raise InputError(root, f"holds no documents ({', '.join(DOCUMENT_SUFFIXES)})")
        found += [(os.path.join(shown_under, path[inside:]), real) for path, real in paths]
    return found


def read_documents(roots: Iterable[str]) -> list[Document]:
    """Read every document named on the command line (see `find_documents`)."""
    return [read_document(path, display) for display, path in find_documents(roots)]
