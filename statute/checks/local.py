"""What a provision says on its own, worked out once per provision object.

Several passes walk every provision's conditions for the same facts (the phrases
it reads, the ids it names, its free slots). Those facts depend on the provision
alone, so they are kept on the provision object (beside its fields: equality,
hashing and ``repr`` never see them). A statute book re-checked after one file is
edited reuses the other files' provision objects (the parse cache is keyed by
content), so only the edited file's provisions are walked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from statute import model as m

T = TypeVar("T")


def local(provision: m.Provision, name: str, compute: Callable[[m.Provision], T]) -> T:
    """``compute(provision)``, kept on the provision under ``name`` (a frozen dataclass: set around it)."""
    found = provision.__dict__.get(name)
    if found is None:
        found = compute(provision)
        object.__setattr__(provision, name, found)
    return found
