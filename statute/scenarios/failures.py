"""What a drafter reads when a scenario does not pass.

Two kinds of failure, kept apart on purpose:

* :class:`ScenarioProblem` — the scenario itself is wrong: a sentence that is none of
  the Act's phrases, a provision the Act does not have, no Act named. Always a
  failure, even in a scenario tagged ``@divergence``, so a typo can never pass as
  "the law departs from the intent".
* :class:`OutcomeMismatch` — the scenario is well-formed and the Act gives another
  outcome. Its message carries the evaluator's explanation tree.

Both render as compiler-style text (``file:line``, the step, a caret-free gutter, a
hint)
and reach pytest as :class:`FailureRepr`, so the terminal shows that text and no
Python traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from _pytest._code.code import ReprFileLocation, TerminalRepr


@dataclass(frozen=True)
class Where:
    """A step's place in a feature file, for messages."""

    file: str  # as shown: relative to the rootdir when possible
    line: int | None = None
    source: str | None = None  # the step's line as written

    def gutter(self) -> list[str]:
        if self.line is None or self.source is None:
            return []
        return [f"{self.line:>5} | {self.source.rstrip()}"]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


class ScenarioFailure(Exception):
    """Base of the failures statute raises from a step; ``text`` is what the drafter reads."""

    kind = "failure"

    def __init__(self, headline: str, where: Where | None = None, body: list[str] | None = None) -> None:
        self.headline = headline
        self.where = where
        self.body = body or []
        super().__init__(self.text)

    @property
    def first_line(self) -> str:
        return f"{self.kind}: {self.headline}"

    @property
    def text(self) -> str:
        place = f"{self.where}: " if self.where is not None else ""
        lines = [place + self.first_line]
        if self.where is not None:
            lines.extend(self.where.gutter())
        lines.extend(self.body)
        return "\n".join(lines)


class ScenarioProblem(ScenarioFailure):
    """The scenario is not well-formed (unknown sentence, provision, party or Act)."""

    kind = "error in the scenario"


class OutcomeMismatch(ScenarioFailure):
    """The Act gives a different outcome from the one the scenario expects.

    The headline is the expectation (``expected: Alice commits an offence``); the
    body starts with what the Act says, then its explanation and the facts.
    """

    kind = "the Act gives another outcome than the scenario expects"

    @property
    def first_line(self) -> str:
        return self.kind

    @property
    def text(self) -> str:
        lines = super().text.splitlines()
        at = 1 + len(self.where.gutter()) if self.where is not None else 1
        return "\n".join(lines[:at] + [f"  {self.headline}"] + lines[at:])


class FailureRepr(TerminalRepr):
    """A pytest ``longrepr`` that prints a failure's text, not a traceback.

    ``reprcrash`` gives pytest's short summary (``-ra``) a one-line message, and
    ``str()`` is what JUnit XML and pytest-xdist carry.
    """

    def __init__(self, text: str, headline: str, path: str, line: int | None) -> None:
        self.text = text
        self.reprcrash = ReprFileLocation(path, line or 0, headline)

    def toterminal(self, tw) -> None:  # tw: _pytest._io.TerminalWriter
        for line in self.text.splitlines():
            stripped = line.lstrip()
            if stripped[:1] in ("✓", "✗"):
                pad = line[: len(line) - len(stripped)]
                tw.write(pad)
                tw.write(stripped[0], green=stripped[0] == "✓", red=stripped[0] == "✗", bold=True)
                tw.line(stripped[1:])
            else:
                tw.line(line)

    def __str__(self) -> str:
        return self.text
