"""Pausing the cyclic garbage collector while large, acyclic structures are built.

Parsing a statute book, checking it and building its graph allocate hundreds of
thousands of small immutable objects that all stay alive; CPython's collector
would walk the growing heap again and again (a quarter of the checks' time on a
10,000-provision book) and find nothing to free. Like mypy during a build, the
stages that build such data pause automatic collection and resume it when they
return; nested pauses resume only when the outermost ends. Cycles made in the
meantime are freed by the next collection as usual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_resume = False

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Automatic garbage collection off inside the block (if it was on), back on after it."""
    global _depth, _resume
    with _lock:
        if _depth == 0:
            _resume = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a function that builds a large acyclic structure: see :func:`gc_paused`."""

    @wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return function(*args, **kwargs)

    return run
