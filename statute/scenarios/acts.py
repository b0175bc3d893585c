"""Finding and loading the Act a scenario names, once per test session.

An Act is named by a bundled name (``enacted``) or by a path to a ``.law`` file or
folder, relative to the feature file that names it (then to the current
directory). Loading parses and checks the Act and compiles its evaluator; the
result, or the diagnostics that stopped it, is kept for the session, so a hundred
scenarios against one Act load it once.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from statute import model as m
from statute.case import CaseReader
from statute.diagnostics import Diagnostic, Severity, did_you_mean, render
from statute.loader import LAW_SUFFIX, Loaded, bundled_acts, load_path, resolve
from statute.scenarios.references import ProvisionIndex


@dataclass
class LoadedAct:
    """An Act ready for scenarios: the model, its phrase reader and its provision index."""

    label: str  # how scenarios named it, e.g. "enacted" or "acts/toy.law"
    key: str  # the resolved path: one Act, however it is named
    act: m.Act
    reader: CaseReader
    index: ProvisionIndex

    @cached_property
    def report_name(self) -> str:
        """The name coverage reports use: a bundled name as written, a file by its path from here.

        Scenarios name a file relative to themselves (``../../tests/acts/toy.law``); a report
        read at the project's root is clearer with ``tests/acts/toy.law``.
        """
        if "/" not in self.label and not self.label.endswith(LAW_SUFFIX):
            return self.label
        try:
            return Path(self.key).relative_to(Path.cwd()).as_posix()
        except ValueError:
            return self.label

    @property
    def description(self) -> str:
        version = f", {self.act.version}" if self.act.version else ""
        return f'"{self.label}" ({self.act.title}{version})'


class ActNotLoaded(Exception):
    """The named Act cannot be found or has errors; ``lines`` say why and what to do."""

    def __init__(self, headline: str, lines: list[str]) -> None:
        super().__init__(headline)
        self.headline = headline
        self.lines = lines


def _is_act(path: Path) -> bool:
    return path.is_file() or (path.is_dir() and any(path.rglob(f"*{LAW_SUFFIX}")))


def locate(name: str, base: Path | None) -> Path | None:
    """The file or folder an Act name stands for, or None.

    A bare name (no ``/``, no ``.law``) that a bundled Act has is that Act, so a
    folder of features called ``enacted/`` never shadows it. Anything else is a
    path: relative to the feature file first, then to the current directory.
    """
    bundled = bundled_acts()
    if name in bundled and "/" not in name and not name.endswith(LAW_SUFFIX):
        return bundled[name].resolve()
    if base is not None and _is_act(base / name):
        return (base / name).resolve()
    found = resolve(name)
    return found.resolve() if found is not None and _is_act(found) else None


@dataclass
class ActCache:
    """Acts loaded in this session, by resolved path (errors are kept too, to report them once each)."""

    loaded: dict[str, LoadedAct | ActNotLoaded] = field(default_factory=dict)
    #: (name, base) → where it was found: every scenario names its Act, so look each up once a session
    located: dict[tuple[str, Path | None], Path | None] = field(default_factory=dict)

    def get(self, name: str, base: Path | None) -> LoadedAct:
        if not name.strip():
            raise ActNotLoaded("the Act's name is empty", ['  hint: write @act:NAME or `Given the Act "NAME"` with '
                                                          "a bundled Act's name or a .law path"])
        where = (name, base)
        if where in self.located:
            path = self.located[where]
        else:
            path = self.located[where] = locate(name, base)
        if path is None:
            folder = next((p for p in ((base / name) if base is not None else None, Path(name))
                           if p is not None and p.is_dir()), None)
            if folder is not None:
                raise ActNotLoaded(f'the Act "{name}" is a folder with no .law files ({folder})',
                                   ["  hint: put the Act's .law files in it, or name a .law file"])
            hint = did_you_mean(name, bundled_acts(), quote='"')
            beside = f" beside {base}" if base is not None else ""
            raise ActNotLoaded(f'there is no Act "{name}": no bundled Act has that name and no file{beside} '
                               "has that path",
                               [f"  hint: {hint}" if hint else
                                "  hint: name a bundled Act (" + ", ".join(sorted(bundled_acts())) +
                                ") or a .law file or folder relative to the feature file"])
        key = str(path)
        found = self.loaded.get(key)
        if found is None:
            found = self._load(name, path)
            self.loaded[key] = found
        if isinstance(found, ActNotLoaded):
            raise found
        if found.label != name:  # the same Act under another name: keep the first label for reports
            return LoadedAct(name, found.key, found.act, found.reader, found.index)
        return found

    @staticmethod
    def _load(name: str, path: Path) -> LoadedAct | ActNotLoaded:
        return ready(name, path, load_path(path))


def ready(name: str, path: Path, loaded: Loaded) -> LoadedAct | ActNotLoaded:
    """An Act loaded from ``path`` made ready for scenarios, or why it cannot be (its first ten errors).

    Public so that a caller holding the Act's text itself (the language server, with an
    editor's unsaved buffers) reports its errors in the plugin's words.
    """
    errors: list[Diagnostic] = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
    if loaded.act is None or errors:
        return ActNotLoaded(f'the Act "{name}" has errors, so no scenario can run against it',
                            [textwrap.indent(render(d), "  ") for d in errors[:10]] +
                            ([f"  … and {len(errors) - 10} more (`statute check {path}`)"] if len(errors) > 10
                             else []))
    act = loaded.act
    return LoadedAct(name, str(path), act, CaseReader(act), ProvisionIndex(act))
