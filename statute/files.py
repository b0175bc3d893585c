"""Writing output: files whole or not at all and never over one of statute's inputs; JSON that is strict.

Every file statute writes (graph exports, ``statute run``'s reports, the scenario
coverage JSON) goes through :func:`write_atomic`: the text is written to a temporary
file beside the target and renamed over it, so a reader never sees half a file and an
interrupted run leaves the old one intact. A target that is an Act, a scenario, a
case or a grammar file (by suffix), one of the command's own inputs, a file inside
statute's own package or grammar folder, or a folder is refused before anything is
written.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: Suffixes of statute's inputs — an Act, a scenario, a case, the grammar — that no output is ever written to.
INPUT_SUFFIXES = (".law", ".feature", ".case", ".lark")
#: statute's own files: the package (its code and bundled Acts) and, in a checkout, the grammar.
_PACKAGE = Path(__file__).resolve().parent
_OWN_FOLDERS = (_PACKAGE, _PACKAGE.parent / "grammar")


def output_problem(path: str | Path, inputs: Iterable[str | Path] = ()) -> str | None:
    """Why ``path`` must not be written (a sentence for the user), or None when it may be."""
    target = Path(path)
    suffix = target.suffix.casefold()
    if suffix in INPUT_SUFFIXES:
        return f"refusing to write over a {suffix} file: {target}"
    resolved = target.resolve()
    if resolved.suffix.casefold() in INPUT_SUFFIXES:  # a link to an Act, say
        return f"refusing to write over a {resolved.suffix} file: {target} is a link to {resolved}"
    for source in inputs:
        if Path(source).resolve() == resolved:
            return f"refusing to write over an input file: {target}"
    for folder in _OWN_FOLDERS:
        if resolved.is_relative_to(folder):
            return f"refusing to write inside statute's own files ({folder}): {target}"
    if target.is_dir():
        return f"{target} is a folder; give a file name"
    return None


def write_atomic(path: str | Path, text: str, inputs: Iterable[str | Path] = ()) -> None:
    """Write a file all at once: a temporary file beside it, then a rename.

    Raises ValueError (with :func:`output_problem`'s sentence) for a target that must not
    be written, and OSError when the folder cannot be written; in both cases the target
    and its folder are as they were.
    """
    problem = output_problem(path, inputs)
    if problem is not None:
        raise ValueError(problem)
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


#: Invisible or direction-changing characters (the set the graph exports escape too): inside a JSON
#: string they are written as \\u escapes, so a viewer cannot reorder the text around them.
_INVISIBLE = re.compile("[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
                        "\ufeff\ufff9-\ufffb]")


def json_text(data: Any, indent: int | None = 2) -> str:
    """The JSON every command prints or writes: strict (no NaN or Infinity), UTF-8 text kept readable
    (``ensure_ascii=False``), and invisible or direction-changing characters escaped."""
    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    return _INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
