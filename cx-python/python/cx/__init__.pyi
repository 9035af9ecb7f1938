# Type stubs of the public `cx` package; `make test` checks them with mypy.stubtest.
from collections.abc import Iterable
from typing import Any, Optional, SupportsFloat, Union, final

import numpy.typing as npt
import pandas as pd

from cx.exceptions import ConvergenceError as ConvergenceError
from cx.exceptions import CxError as CxError
from cx.exceptions import EmptyInputError as EmptyInputError
from cx.exceptions import InvalidInputError as InvalidInputError
from cx.exceptions import InvalidTypeError as InvalidTypeError
from cx.exceptions import LengthMismatchError as LengthMismatchError

__version__: str
__all__ = [
    "CesResult",
    "ConvergenceError",
    "CsatResult",
    "CxError",
    "EmptyInputError",
    "InvalidInputError",
    "InvalidTypeError",
    "LengthMismatchError",
    "NpsComparison",
    "NpsResult",
    "NpsTally",
    "__version__",
    "ces",
    "compare_nps",
    "csat",
    "nps",
    "nps_by",
    "nps_by_segment",
    "nps_trend",
]

#: A numeric column: a list or other iterable of numbers, a 1-D numpy array of any integer
#: or float dtype, or a pandas Series.
_Column = Union[npt.ArrayLike, pd.Series[Any], Iterable[SupportsFloat]]
_Method = str  # "wald" | "adjusted_wald"

@final
class NpsResult:
    """Net Promoter Score with its interval (−100..100 scale; shares 0..1)."""
    @property
    def score(self) -> float: ...
    @property
    def promoters(self) -> float: ...
    @property
    def passives(self) -> float: ...
    @property
    def detractors(self) -> float: ...
    @property
    def n(self) -> int: ...
    @property
    def effective_n(self) -> float: ...
    @property
    def std_error(self) -> float: ...
    @property
    def ci(self) -> tuple[float, float]: ...
    @property
    def level(self) -> float: ...
    @property
    def method(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class NpsComparison:
    """Difference between the NPS of two independent groups."""
    @property
    def difference(self) -> float: ...
    @property
    def std_error(self) -> float: ...
    @property
    def z(self) -> float: ...
    @property
    def p_value(self) -> float: ...
    @property
    def ci(self) -> tuple[float, float]: ...
    @property
    def level(self) -> float: ...
    @property
    def method(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class CsatResult:
    """CSAT: percent satisfied with a Wilson interval."""
    @property
    def score(self) -> float: ...
    @property
    def satisfied(self) -> int: ...
    @property
    def mean(self) -> float: ...
    @property
    def n(self) -> int: ...
    @property
    def ci(self) -> tuple[float, float]: ...
    @property
    def level(self) -> float: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class CesResult:
    """CES: mean with a Student-t interval and the share who found it easy."""
    @property
    def mean(self) -> float: ...
    @property
    def std_dev(self) -> float: ...
    @property
    def ci(self) -> tuple[float, float]: ...
    @property
    def agree_share(self) -> float: ...
    @property
    def n(self) -> int: ...
    @property
    def level(self) -> float: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class NpsTally:
    """Mergeable counts of promoters, passives and detractors."""
    def __new__(cls, promoters: int = 0, passives: int = 0, detractors: int = 0) -> NpsTally: ...
    @property
    def promoters(self) -> int: ...
    @property
    def passives(self) -> int: ...
    @property
    def detractors(self) -> int: ...
    @property
    def n(self) -> int: ...
    def add(self, scores: _Column) -> None: ...
    def merge(self, other: NpsTally) -> None: ...
    def __add__(self, other: NpsTally, /) -> NpsTally: ...
    def __radd__(self, other: NpsTally, /) -> NpsTally: ...
    def result(self, level: float = 0.95, method: _Method = "wald") -> NpsResult: ...
    def to_dict(self) -> dict[str, int]: ...
    def to_json(self) -> str: ...
    @classmethod
    def from_json(cls, text: str) -> NpsTally: ...

def nps(
    scores: _Column,
    weights: Optional[_Column] = None,
    level: float = 0.95,
    method: _Method = "wald",
) -> NpsResult: ...
def compare_nps(
    a: Union[_Column, NpsTally],
    b: Union[_Column, NpsTally],
    level: float = 0.95,
    method: _Method = "wald",
) -> NpsComparison: ...
def csat(scores: _Column, scale: int = 5, top_box: int = 2, level: float = 0.95) -> CsatResult: ...
def ces(
    scores: _Column, scale: int = 7, level: float = 0.95, low_is_easy: bool = False
) -> CesResult: ...
def nps_by_segment(
    scores: _Column,
    segments: Any,
    weights: Optional[_Column] = None,
    level: float = 0.95,
    method: _Method = "wald",
) -> list[tuple[Any, NpsResult]]: ...
def nps_by(
    df: pd.DataFrame,
    score: str = "score",
    by: str = "segment",
    *,
    weights: Optional[str] = None,
    level: float = 0.95,
    method: _Method = "wald",
) -> pd.DataFrame: ...
def nps_trend(
    df: pd.DataFrame,
    score: str = "score",
    time: str = "timestamp",
    freq: str = "M",
    *,
    weights: Optional[str] = None,
    level: float = 0.95,
    method: _Method = "wald",
) -> pd.DataFrame: ...
