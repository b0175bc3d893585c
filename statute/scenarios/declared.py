"""Which ``.feature`` files are statute's: those that declare a statute Act.

statute's plugin is installed into whatever environment statute is, and pytest loads it
there. A project that uses pytest-bdd on its own keeps ``.feature`` files too (often under
``features/``); statute must leave those to that project's steps. A feature file is
statute's when it declares an Act, in one of three ways (docs/drafters.md):

* a tag ``@act:NAME`` — on the feature, a rule, a scenario or an Examples block;
* a step ``Given the Act "NAME"`` — in a Background or a scenario, with any language's keyword;
* configuration: the ini option ``statute_act`` names the Act for every feature file
  under the ``statute_features`` folders (or named on the command line).

This module imports nothing heavy: the entry point reads it where pytest-bdd is missing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

#: A tag ``@act:NAME`` anywhere on a tag line (tags are whitespace-separated words starting with @).
_ACT_TAG = re.compile(r"(?:^|\s)@act:\S")
#: Step keywords when Gherkin's dialect data is not installed (English's).
_ENGLISH_STEPS = ("given", "and", "but", "when", "*")


@lru_cache(maxsize=1)
def _act_step() -> re.Pattern[str]:
    """A step naming the Act, with a step keyword of any language Gherkin has (``# language: fr``:
    ``Soit the Act "…"``); the plugin's step is case-insensitive too."""
    try:
        from gherkin.dialect import DIALECTS  # gherkin-official, installed with pytest-bdd
    except ImportError:
        words: set[str] = set(_ENGLISH_STEPS)
    else:
        words = {k.strip() for spec in DIALECTS.values() for kind in ("given", "when", "and", "but")
                 for k in spec[kind]} - {""}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf'^(?:{alternatives})\s*the act\s+"', re.IGNORECASE)
#: Only the start of a file is read to decide (a feature file is text a drafter writes).
_HEAD = 1_000_000


def declares_act(text: str) -> bool:
    """Whether a feature file's text names a statute Act by a tag or a ``Given the Act`` step.

    Comments and doc strings (``\"\"\"`` or ``````` blocks) are skipped: a description that
    quotes a tag declares nothing.
    """
    fence: str | None = None
    for raw in text.lstrip("\ufeff").splitlines():
        line = raw.strip()
        if fence is not None:
            if line.startswith(fence):
                fence = None
            continue
        if line.startswith(('"""', "```")):
            fence = line[:3]
        elif line.startswith("@"):
            if _ACT_TAG.search(line.split("#", 1)[0]):
                return True
        elif _act_step().match(line):
            return True
    return False


def file_declares_act(path: Path) -> bool:
    """:func:`declares_act` for a file (cached by its size and time: asked again before every scenario)."""
    try:
        status = path.stat()
    except OSError:
        return False
    return _file_declares_act(path, status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=4096)
def _file_declares_act(path: Path, mtime: int, size: int) -> bool:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as stream:
            return declares_act(stream.read(_HEAD))
    except OSError:
        return False
