"""A guard against a PySide6 6.12.0 bug on Python 3.11.

Every call of a void Qt method (setText, setPen, drawRect, endResetModel, ...) takes one
reference from None and never gives it back; after a few thousand calls the interpreter
aborts with "deallocating None". Painting a board of cards is that many. Each entry
point of the Sales page (paints, repaints after a change, filters, dialogs) repays what
it lost. Where the bug is fixed, or None is immortal (3.12+), nothing is lost or repaid.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None
_ACTIVE = sys.version_info < (3, 12)


@contextmanager
def none_guard() -> Iterator[None]:
    if not _ACTIVE:
        yield
        return
    before = sys.getrefcount(None)
    try:
        yield
    finally:
        for _ in range(max(0, before - sys.getrefcount(None))):
            _incref(None)


def repays_none(function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with none_guard():
            return function(*args, **kwargs)
    return wrapper
