"""The documents that ship with statute, found the same way installed or in a checkout.

Hints cite documents by topic (``statute docs drafters``) rather than by a path in the
repository, because an installed wheel has no ``docs/`` folder beside the user's files:
the wheel carries them as ``statute/docs/`` (and the language reference as
``statute/grammar/README.md``); a checkout reads the top-level folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent

#: topic → (file inside the package, file in a checkout, what it is)
TOPICS: dict[str, tuple[str, str, str]] = {
    "language": ("grammar/README.md", "grammar/README.md", "the statute language: every construct and code"),
    "drafters": ("docs/drafters.md", "docs/drafters.md", "writing and reading scenarios (Gherkin)"),
    "evaluation": ("docs/evaluation.md", "docs/evaluation.md", "how cases are evaluated and explained"),
    "graph": ("docs/graph.md", "docs/graph.md", "the obligation graph's schema"),
}


def topic_path(topic: str) -> Path | None:
    """Where a topic's document is, installed or in a checkout; None if it is missing."""
    entry = TOPICS.get(topic)
    if entry is None:
        return None
    packaged = resources.files("statute").joinpath(entry[0])
    if packaged.is_file():
        return Path(str(packaged))
    local = _CHECKOUT / entry[1]
    return local if local.is_file() else None


def cite(topic: str) -> str:
    """How a hint points at a document: the command that prints it."""
    return f"`statute docs {topic}`"
