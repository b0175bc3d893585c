"""Reading ``.law`` files: bytes → text, with every failure as a diagnostic.

Unreadable files, invalid UTF-8, byte-order marks and CRLF line ends are all
handled here, so the parser only ever sees clean ``\\n``-separated text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from statute.diagnostics import Diagnostic, Severity

#: A string (one line, or triple-quoted over several) or a comment of the statute language: what a
#: scan for comments must step over, so that "#" inside a string is text.
STRING_OR_COMMENT = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*')


@dataclass(frozen=True, slots=True)
class Source:
    """The text of one file, with the name diagnostics should show."""

    file: str
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def decode(data: bytes, file: str) -> Source | Diagnostic:
    """Decode UTF-8 (with or without a BOM) and normalise line ends to ``\\n``."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        line_end = data.find(b"\n", error.start)
        raw_line = data[line_start : line_end if line_end >= 0 else len(data)]
        # the column counts characters, so decode what precedes the bad byte on its line
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        return Diagnostic(
            Severity.ERROR, "E002",
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded)",
            file, line, column,
            hint="save the file as UTF-8; most editors offer this under 'Save with encoding' "
                 "(the byte is often a Windows-1252 or Latin-1 accent, quote or pound sign)",
            source_line=raw_line.decode("utf-8", errors="replace").rstrip("\r"),
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(file, text)


#: The largest file read (Acts and cases). A statute book of 100,000 provisions is about 25 MB; the cap
#: stops a device such as /dev/zero, or a runaway pipe, from filling memory.
MAX_FILE_BYTES = 100 * 1024 * 1024


def read_source(path: str | Path, display: str | None = None) -> Source | Diagnostic:
    """Read a file from disk; a missing, unreadable or oversized file becomes a diagnostic."""
    name = display or str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            return Diagnostic(Severity.ERROR, "E001", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB",
                              name, hint="statute reads files of at most 100 MB; split a statute book into "
                                         "several files in a folder")
    except FileNotFoundError:
        return Diagnostic(Severity.ERROR, "E001", "no such file", name,
                          hint="check the path and the current folder")
    except IsADirectoryError:
        return Diagnostic(Severity.ERROR, "E001", "this is a folder, not a file", name)
    except OSError as error:
        return Diagnostic(Severity.ERROR, "E001", f"cannot read the file: {error.strerror or error}", name)
    return decode(data, name)
