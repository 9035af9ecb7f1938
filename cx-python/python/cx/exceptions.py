"""The ``cx`` exception tree.

Every error raised by cx is a :class:`CxError`, which is a :class:`ValueError`. Each carries
the stable ``code`` of the Rust core (``"CX_INVALID_INPUT"``, ...), the ``field`` (argument
or column) it is about, and for element errors the ``index`` of the first bad element::

    CxError (ValueError)
    ├── InvalidInputError        CX_INVALID_INPUT: a value outside its domain
    │   ├── InvalidTypeError     ... a value of the wrong Python type (also a TypeError)
    │   ├── LengthMismatchError  CX_LENGTH_MISMATCH: aligned inputs of different lengths
    │   └── EmptyInputError      CX_EMPTY: too few elements
    └── ConvergenceError         CX_NOT_CONVERGED: an iterative fit did not converge

Other codes (``CX_PARSE``, ``CX_IO``, ``CX_INTERNAL``) are raised as :class:`CxError`.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = [
    "CxError",
    "InvalidInputError",
    "InvalidTypeError",
    "LengthMismatchError",
    "EmptyInputError",
    "ConvergenceError",
]


class CxError(ValueError):
    """Base class of every cx error; a ``ValueError``.

    Attributes:
        code: stable machine-readable code, e.g. ``"CX_INVALID_INPUT"``.
        field: the argument or column the error is about, or ``None``.
        index: position of the first offending element, or ``None``.
    """

    default_code = "CX_INTERNAL"

    def __init__(
        self,
        message: str = "",
        *,
        code: Optional[str] = None,
        field: Optional[str] = None,
        index: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.code: str = code if code is not None else self.default_code
        self.field: Optional[str] = field
        self.index: Optional[int] = index

    def __reduce__(self) -> Any:
        # Keyword-only attributes survive pickling (multiprocessing, Dask, Spark workers).
        return (_rebuild, (type(self), str(self), self.code, self.field, self.index))


def _rebuild(
    cls: type, message: str, code: str, field: Optional[str], index: Optional[int]
) -> CxError:
    err: CxError = cls(message, code=code, field=field, index=index)
    return err


class InvalidInputError(CxError):
    """A value is outside its domain: NaN, out of scale, fractional, negative, a bad option."""

    default_code = "CX_INVALID_INPUT"


class InvalidTypeError(InvalidInputError, TypeError):
    """A value has the wrong Python type (a string, ``None``, an object); also a ``TypeError``."""


class LengthMismatchError(InvalidInputError):
    """Inputs that must align element by element have different lengths."""

    default_code = "CX_LENGTH_MISMATCH"


class EmptyInputError(InvalidInputError):
    """An input has fewer elements than the computation needs."""

    default_code = "CX_EMPTY"


class ConvergenceError(CxError):
    """An iterative fit stopped before meeting its convergence criterion."""

    default_code = "CX_NOT_CONVERGED"
