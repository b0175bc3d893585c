"""From a name or path to a checked Act: find files, parse, assemble, check.

``load`` is the one-call API (raises :class:`StatuteError` on errors);
``check_paths`` is what ``statute check`` runs (returns everything, raises
nothing). Parsed files are cached by content, so re-checking a statute book
after editing one file re-parses only that file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from statute import model as m
from statute.assemble import assemble
from statute.checks import check
from statute.diagnostics import Diagnostic, Severity, StatuteError, has_errors, with_source
from statute.gcpause import gc_paused, without_gc
from statute.parser import parse
from statute.source import Source, decode, read_source
from statute.suppress import suppress

LAW_SUFFIX = ".law"


def bundled_dir() -> Path:
    return Path(str(resources.files("statute") / "acts"))


def bundled_acts() -> dict[str, Path]:
    """Bundled Acts by name: a ``.law`` file or a folder of them in ``statute/acts``."""
    out: dict[str, Path] = {}
    for entry in sorted(bundled_dir().iterdir()):
        if entry.suffix == LAW_SUFFIX and entry.is_file():
            out[entry.stem] = entry
        elif entry.is_dir() and any(entry.glob(f"*{LAW_SUFFIX}")):
            out[entry.name] = entry
    return out


def resolve(name_or_path: str | Path) -> Path | None:
    """A bundled Act's name, or a path to a file or folder; None if neither."""
    text = str(name_or_path)
    path = Path(text)
    if path.exists():
        return path
    acts = bundled_acts()
    if text in acts:
        return acts[text]
    return None


@dataclass
class Loaded:
    """The outcome of loading one Act: the Act (if assembled) and everything said about it."""

    path: str
    act: m.Act | None
    diagnostics: list[Diagnostic]
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.act is not None and not has_errors(self.diagnostics)


_cache: dict[tuple[str, str], tuple[m.Fragment | None, list[Diagnostic]]] = {}


def _cache_key(source: Source) -> tuple[str, str]:
    # surrogatepass: a str from the API may hold lone surrogates, which the parser reports (E002)
    return source.file, hashlib.blake2b(source.text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def remember(source: Source, result: tuple[m.Fragment | None, list[Diagnostic]]) -> None:
    """Keep a parse result for a source, as :func:`parse_cached` would: for a caller that derived it another way
    (the language server re-parses only the provision an edit touched, :mod:`statute.lsp.incremental`)."""
    if len(_cache) > 4096:
        _cache.clear()
    _cache[_cache_key(source)] = result


def parse_cached(source: Source) -> tuple[m.Fragment | None, list[Diagnostic]]:
    """Parse a file, reusing the result when its name and content are unchanged."""
    key = _cache_key(source)
    hit = _cache.get(key)
    if hit is None:
        hit = parse(source)
        if len(_cache) > 4096:
            _cache.clear()
        _cache[key] = hit
    return hit


def _files_of(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob(f"*{LAW_SUFFIX}") if p.is_file())
    return [path]


def _display(path: Path) -> str:
    """A bundled Act is shown as ``statute/acts/…``; any other path as the user gave it."""
    try:
        path.resolve().relative_to(bundled_dir().resolve())
    except ValueError:
        return str(path)
    return str(path.resolve().relative_to(bundled_dir().resolve().parent.parent))


def parse_sources(sources: list[Source], cached: bool = True) -> list[tuple[m.Fragment | None, list[Diagnostic]]]:
    """Parse files (from the cache when unchanged, unless ``cached=False``), the collector paused for them all.

    The fragments of a statute book stay alive together, so pausing per file would
    still let CPython walk the growing pile between files (:mod:`statute.gcpause`).
    """
    read = parse_cached if cached else parse
    with gc_paused():
        return [read(source) for source in sources]


@without_gc
def load_sources(sources: list[Source], label: str) -> Loaded:
    """Parse, assemble and check already-read sources (e.g. from an editor buffer)."""
    diagnostics: list[Diagnostic] = []
    fragments: list[m.Fragment] = []
    for source in sources:
        fragment, problems = parse_cached(source)
        diagnostics.extend(problems)
        if fragment is not None:
            fragments.append(fragment)
    act = None
    checked = False
    if fragments and len(fragments) == len(sources):
        act, problems = assemble(fragments)
        diagnostics.extend(problems)
        if act is not None and not has_errors(diagnostics):
            diagnostics.extend(check(act))
            checked = True
    lines = {s.file: s.lines for s in sources}
    lints_ran = checked and not has_errors(diagnostics)
    texts = {s.file: s.text for s in sources}
    diagnostics = [with_source(d, lines) for d in suppress(diagnostics, texts, report_unused=lints_ran)]
    return Loaded(label, act, diagnostics, {s.file: s for s in sources})


def load_path(name_or_path: str | Path) -> Loaded:
    """Load one Act by bundled name or path, collecting (never raising) diagnostics."""
    label = str(name_or_path)
    path = resolve(name_or_path)
    if path is None:
        from statute.diagnostics import did_you_mean

        hint = did_you_mean(label, bundled_acts()) or "give a .law file, a folder of them, or a bundled Act name"
        return Loaded(label, None, [Diagnostic(Severity.ERROR, "E001", "no such file or bundled Act", label,
                                               hint=hint + " (`statute acts` lists them)")])
    files = _files_of(path)
    if not files:
        return Loaded(label, None, [Diagnostic(Severity.ERROR, "E004", f"no {LAW_SUFFIX} files in this folder",
                                               _display(path),
                                               hint=f"statute reads the files ending in {LAW_SUFFIX} in a folder "
                                                    "and its subfolders; check the path")])
    sources: list[Source] = []
    problems: list[Diagnostic] = []
    for file in files:
        read = read_source(file, _display(file))
        if isinstance(read, Diagnostic):
            problems.append(read)
        else:
            sources.append(read)
    if problems:
        return Loaded(label, None, problems)
    return load_sources(sources, label)


def load_text(text: str, file: str = "<text>") -> m.Act:
    """Parse and check statute text given as a string; raise on errors."""
    loaded = load_sources([Source(file, text.replace("\r\n", "\n"))], file)
    if not loaded.ok or loaded.act is None:
        raise StatuteError([d for d in loaded.diagnostics if d.severity is Severity.ERROR])
    return loaded.act


def load_bytes(data: bytes, file: str = "<bytes>") -> Loaded:
    decoded = decode(data, file)
    if isinstance(decoded, Diagnostic):
        return Loaded(file, None, [decoded])
    return load_sources([decoded], file)


def load(name_or_path: str | Path) -> m.Act:
    """Load a bundled Act by name (``"enacted"``) or a ``.law`` file or folder.

    Raises :class:`~statute.diagnostics.StatuteError` carrying the diagnostics
    when the Act has errors; warnings do not stop loading.

    >>> load("enacted").title
    'Crime and Policing Act 2026'
    >>> load("enactd")
    Traceback (most recent call last):
      ...
    statute.diagnostics.StatuteError: enactd: error[E001]: no such file or bundled Act
      hint: did you mean 'enacted'? (`statute acts` lists them)
    """
    loaded = load_path(name_or_path)
    if not loaded.ok or loaded.act is None:
        raise StatuteError([d for d in loaded.diagnostics if d.severity is Severity.ERROR])
    return loaded.act
