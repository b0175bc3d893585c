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
import errno
import glob
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
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
    folder = own_folder(resolved)
    if folder is not None:
        return f"refusing to write inside statute's own files ({folder}): {target}"
    if target.is_dir():
        return f"{target} is a folder; give a file name"
    return None


def own_folder(path: str | Path) -> Path | None:
    """statute's own folder (the package, the grammar) that ``path`` lies in, or None."""
    resolved = Path(path).resolve()
    return next((folder for folder in _OWN_FOLDERS if resolved.is_relative_to(folder)), None)


def missing_folder_problem(path: str | Path) -> str | None:
    """Why the folder ``path`` would be written in cannot take it — asked before any work runs."""
    target = Path(path)
    if _passes_through(target):
        return None
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        return f"the folder {folder} does not exist" if not folder.exists() else f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} cannot be written (permission denied)"
    return None


#: The one pattern of temporary files (and ``statute run``'s staging folders) statute makes beside a
#: target: ``.NAME.statute-PID-RANDOM.tmp``. A write removes its own on any error, Ctrl-C or SIGTERM;
#: only a SIGKILL (or a power cut) can leave one behind, and the next write to the same target removes
#: those whose process is gone.
TEMPORARY_GLOB = ".{name}.statute-*.tmp"


def _passes_through(target: Path) -> bool:
    """Whether ``target`` (after links) is something written through rather than replaced.

    A character device (``/dev/null``, ``/dev/full``, a terminal), a FIFO, a socket, or
    ``/dev/stdout`` — a link to the process's own standard output — is opened and written;
    replacing it with a regular file (a rename onto it) would destroy the node, and as root
    the node is a system file.
    """
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def remove_stale_temporaries(directory: Path, name: str) -> None:
    """Remove temporary files of earlier writes to ``name`` whose process no longer runs (a SIGKILL)."""
    for leftover in directory.glob(TEMPORARY_GLOB.format(name=glob.escape(name))):
        pid_text = leftover.name[len(name) + len(".") + len(".statute-"):].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
        except OSError:  # alive, under another user
            continue


def _write_through(target: Path, text: str | bytes) -> None:
    """Write into a device, FIFO or socket as it is. A FIFO no program reads is refused, not waited on."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0)
    if stat.S_ISFIFO(os.stat(target).st_mode):
        try:
            handle = os.open(target, flags | os.O_NONBLOCK)
        except OSError as error:
            if error.errno == errno.ENXIO:
                raise OSError(errno.ENXIO, "no program is reading this FIFO (start the reader first)",
                              str(target)) from None
            raise
        os.set_blocking(handle, True)
    else:
        handle = os.open(target, flags)
    with os.fdopen(handle, "wb") as stream:
        stream.write(text.encode("utf-8") if isinstance(text, str) else text)


class Terminated(BaseException):
    """SIGTERM arrived: unwind like Ctrl-C, so temporary files are removed and the exit says so (143)."""


@contextlib.contextmanager
def terminate_cleanly() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`Terminated` instead of killing the process at once.

    ``timeout``, CI runners and ``docker stop`` send SIGTERM; Python's default is to die with no
    clean-up, which left a half-written temporary file beside the target. Only the main thread can
    take signals, and a handler someone else installed is left alone.
    """
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise Terminated()

    signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def write_atomic(path: str | Path, text: str | bytes, inputs: Iterable[str | Path] = ()) -> None:
    """Write a file all at once (text as UTF-8, or bytes as they are): a temporary file beside it, then a rename.

    A link is followed, so the file it names is replaced and the link is kept. A device, FIFO
    or socket (``/dev/null``, ``/dev/stdout``, a named pipe) is written through, never replaced.
    Raises ValueError (with :func:`output_problem`'s sentence) for a target that must not
    be written, and OSError when the folder cannot be written or the device is full; in every
    case the target and its folder are as they were, and no temporary file is left
    (:data:`TEMPORARY_GLOB`).
    """
    problem = output_problem(path, inputs)
    if problem is not None:
        raise ValueError(problem)
    target = Path(path)
    if _passes_through(target):
        _write_through(target, text)
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    directory = target.parent if str(target.parent) else Path(".")
    with terminate_cleanly():
        remove_stale_temporaries(directory, target.name)
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.statute-{os.getpid()}-",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(text.encode("utf-8") if isinstance(text, str) else text)
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
