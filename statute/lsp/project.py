"""The open documents over the files on disk, and the Acts they make.

An editor holds unsaved text; ``statute check`` reads files. The :class:`Project` answers
"what is the text of this file" with the editor's buffer when the file is open, and loads
an Act from those texts with the loader's own :func:`~statute.loader.load_sources` — so the
diagnostics are the checker's, and the loader's cache by content means an edit re-parses
only the edited file.

Which files form an Act follows the loader: an Act is a ``.law`` file, or a folder of them
with one ``act`` header. A file with its own header in a folder of several headed files
(``statute/acts/``, ``tests/acts/``) is an Act by itself; a file without one belongs to the
nearest folder above it that holds exactly one header.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statute import model as m
from statute.case import CaseReader
from statute.diagnostics import Diagnostic, Severity
from statute.loader import LAW_SUFFIX, Loaded, load_sources, parse_cached, remember
from statute.lsp.incremental import reparse
from statute.lsp.locate import ActIndex
from statute.scenarios.acts import ActNotLoaded, LoadedAct, locate, ready
from statute.source import MAX_FILE_BYTES, Source, read_source

#: An ``act "…":`` header at the start of a line: how a file is known to head an Act without parsing it.
_HEADER = re.compile(r'^act[ \t]+"', re.MULTILINE)
#: The most .law files looked at when finding a folder's Act, and folders climbed from a file.
MAX_ACT_FILES = 2000
MAX_CLIMB = 4
#: The most feature files searched for references and renames.
MAX_FEATURE_FILES = 2000
#: Acts kept loaded (each with its case reader); an editor session touches a handful.
MAX_ACTS = 32


@dataclass
class ActState:
    """One Act as loaded from given texts: the loader's answer, and what scenarios need of it."""

    files: tuple[str, ...]  # absolute paths, sorted
    loaded: Loaded
    texts: dict[str, str]
    #: the files and a digest of each text: what the Act's outcomes depend on
    key: tuple[tuple[str, str], ...] = ()
    #: what the server derives from the Act (completion shapes), kept with it
    derived: dict[str, Any] = field(default_factory=dict)
    _ready: dict[str, LoadedAct | ActNotLoaded] = field(default_factory=dict)
    _index: ActIndex | None = None
    _reader: CaseReader | None = None

    @property
    def act(self) -> m.Act | None:
        return self.loaded.act

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.loaded.diagnostics

    @property
    def index(self) -> ActIndex | None:
        """Where the Act writes each id and phrase (built on first use; None when nothing assembled)."""
        if self._index is None and self.act is not None:
            self._index = ActIndex.of(self.act, self.texts)
        return self._index

    @property
    def reader(self) -> CaseReader | None:
        """The Act's case reader, which matches a step's sentence to a phrase."""
        if self._reader is None and self.act is not None:
            self._reader = CaseReader(self.act)
        return self._reader

    def for_scenarios(self, name: str, path: Path) -> LoadedAct | ActNotLoaded:
        """The Act ready for scenarios (its case reader built once), or the plugin's reason it is not."""
        found = self._ready.get(name)
        if found is None:
            found = self._ready[name] = ready(name, path, self.loaded)
        return found


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Project:
    """The editor's open documents, the files around them, and the Acts loaded from both."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root.resolve() if root is not None else None
        self.documents: dict[str, str] = {}  # absolute path → the editor's text
        self._acts: dict[tuple[tuple[str, str], ...], ActState] = {}
        self._last_good: dict[tuple[str, ...], ActState] = {}
        self._members: dict[str, tuple[str, ...]] = {}  # a .law file → the files of its Act
        #: a .law file → its text and fragment when it last parsed without a problem (for re-parsing one provision)
        self._clean: dict[str, tuple[str, m.Fragment]] = {}
        #: (name, folder) → the Act a scenario names: asked on every keystroke in a feature file
        self._named: dict[tuple[str, Path | None], tuple[Path, tuple[str, ...]] | ActNotLoaded] = {}

    # ── texts ─────────────────────────────────────────────────────────────
    def open(self, path: str, text: str) -> None:
        if path.endswith(LAW_SUFFIX) and path not in self.documents:
            self.forget()  # a new file, or one whose header was typed, may change which files go together
        self.documents[path] = text

    def change(self, path: str, text: str) -> None:
        old = self.documents.get(path)
        if path.endswith(LAW_SUFFIX) and (old is None or bool(_HEADER.search(old)) != bool(_HEADER.search(text))):
            self.forget()
        self.documents[path] = text

    def close(self, path: str) -> None:
        self.documents.pop(path, None)

    def forget(self) -> None:
        """Forget which files form which Act (a file was opened, saved or given a header)."""
        self._members.clear()
        self._named.clear()

    def text(self, path: str) -> str | Diagnostic:
        """The editor's text of an open file, else the file's on disk (read as the CLI reads it)."""
        if path in self.documents:
            return self.documents[path]
        read = read_source(path)
        return read if isinstance(read, Diagnostic) else read.text

    # ── which files form an Act ───────────────────────────────────────────
    def _heads(self, path: Path) -> bool:
        text = self.text(str(path))
        return isinstance(text, str) and _HEADER.search(text) is not None

    def law_files(self, folder: Path) -> list[Path] | None:
        files = []
        for found in folder.rglob(f"*{LAW_SUFFIX}"):
            if found.is_file():
                files.append(found.resolve())
                if len(files) > MAX_ACT_FILES:
                    return None
        files.extend(Path(p) for p in self.documents if p.endswith(LAW_SUFFIX) and Path(p).parent == folder)
        return sorted(set(files))

    def act_files(self, path: str) -> tuple[str, ...]:
        """The files of the Act that the .law file at ``path`` belongs to (itself first considered)."""
        found = self._members.get(path)
        if found is not None:
            return found
        found = self._find_members(Path(path))
        self._members[path] = found
        return found

    def _find_members(self, file: Path) -> tuple[str, ...]:
        folder = file.parent
        heads = self._heads(file)
        for _ in range(MAX_CLIMB):
            files = self.law_files(folder)
            if files is None:
                break
            headed = [f for f in files if self._heads(f)]
            if heads and len(headed) > 1:
                break  # several Acts side by side: this file is one by itself
            if len(headed) == 1:
                return tuple(str(f) for f in files if f == headed[0] or not self._heads(f))
            if heads or folder == self.root or folder.parent == folder:
                break
            folder = folder.parent
        return (str(file),)

    # ── loading ───────────────────────────────────────────────────────────
    def load(self, files: tuple[str, ...]) -> ActState:
        """The Act of these files from their current texts (reused while no text has changed)."""
        sources: list[Source] = []
        problems: list[Diagnostic] = []
        texts: dict[str, str] = {}
        for file in files:
            text = self.text(file)
            if isinstance(text, Diagnostic):
                problems.append(text)
                continue
            if len(text) > MAX_FILE_BYTES:
                problems.append(_too_large(file))
                continue
            texts[file] = text
            sources.append(Source(file, text))
        key = (tuple((file, _digest(text)) for file, text in texts.items())
               + tuple(("!", d.file or "") for d in problems))
        state = self._acts.get(key)
        if state is None:
            if not problems:
                self._reparse(sources)
            loaded = Loaded(files[0], None, problems) if problems else load_sources(sources, files[0])
            if not problems:
                self._keep_clean(sources)
            state = ActState(files, loaded, texts, key)
            if len(self._acts) >= MAX_ACTS:
                self._acts.pop(next(iter(self._acts)))
            self._acts[key] = state
        if state.act is not None and state.loaded.ok:
            self._last_good[files] = state
        return state

    def _reparse(self, sources: list[Source]) -> None:
        """Give the loader's cache the new parse of each edited file that re-parsing one provision can make."""
        for source in sources:
            clean = self._clean.get(source.file)
            if clean is not None and clean[0] != source.text:
                fragment = reparse(source.file, clean[0], clean[1], source.text)
                if fragment is not None:
                    remember(source, (fragment, []))

    def _keep_clean(self, sources: list[Source]) -> None:
        for source in sources:
            fragment, problems = parse_cached(source)  # what the load just used, from the cache
            if fragment is not None and not problems:
                self._clean[source.file] = (source.text, fragment)

    def act_of(self, path: str) -> ActState:
        return self.load(self.act_files(path))

    def last_good(self, files: tuple[str, ...]) -> ActState | None:
        """The Act as it last loaded without errors: completion and hover go on while a file is half typed."""
        return self._last_good.get(files)

    def usable(self, files: tuple[str, ...]) -> ActState | None:
        """The current Act if it assembled, else the last one that loaded cleanly."""
        state = self.load(files)
        if state.act is not None:
            return state
        return self.last_good(files)

    def named(self, name: str, base: Path | None) -> tuple[Path, tuple[str, ...]] | ActNotLoaded:
        """The Act a scenario names (a bundled name, or a path relative to the feature file)."""
        key = (name, base)
        found = self._named.get(key)
        if found is None:
            path = locate(name, base)
            found = ActNotLoaded(f'there is no Act "{name}"', []) if path is None else (path, self.files_named(path))
            if len(self._named) > 1024:
                self._named.clear()
            self._named[key] = found
        return found

    def files_named(self, path: Path) -> tuple[str, ...]:
        """The files the loader reads for an Act named by path: the file, or every .law file in the folder."""
        if path.is_dir():
            return tuple(str(f) for f in self.law_files(path) or [])
        return (str(path),)

    # ── feature files ─────────────────────────────────────────────────────
    def feature_files(self) -> list[str]:
        """The feature files of the workspace (open ones first), for references and renames."""
        found = [p for p in self.documents if p.endswith(".feature")]
        if self.root is not None:
            for path in self.root.rglob("*.feature"):
                if len(found) >= MAX_FEATURE_FILES:
                    break
                if ".venv" in path.parts or "node_modules" in path.parts:
                    continue
                text = str(path.resolve())
                if text not in found:
                    found.append(text)
        return found


def _too_large(file: str) -> Diagnostic:
    return Diagnostic(Severity.ERROR, "E001", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB", file,
                      hint="statute reads files of at most 100 MB; split a statute book into several files in a "
                           "folder")
