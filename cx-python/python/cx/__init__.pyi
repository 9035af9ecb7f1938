# Type stubs of the public `cx` package; `make test` checks them with mypy.stubtest.
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Callable, Optional, SupportsFloat, Union, final, overload

import numpy as np
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
    "association_rules",
    "co_occurrence",
    "feedback_themes",
    "recommend",
    "sentiment",
    "sentiment_by_segment",
    "sentiment_trend",

    "Attribution",
    "BgBb",
    "BgNbd",
    "CacReport",
    "CesResult",
    "ChannelSwitching",
    "ChurnClassifier",
    "ChurnMetrics",
    "CohortTable",
    "ConvergenceError",
    "ConversionRate",
    "CovariateModel",
    "CsatResult",
    "CxError",
    "EmptyInputError",
    "GammaGamma",
    "GgNbd",
    "InvalidInputError",
    "InvalidTypeError",
    "KaplanMeier",
    "LengthMismatchError",
    "LogRankResult",
    "LrTest",
    "MbgNbd",
    "NpsComparison",
    "NpsResult",
    "NpsTally",
    "ParetoNbd",
    "ParetoNbdCor",
    "ParetoNbdDynamic",
    "Rate",
    "ResponseTimes",
    "SbgCohorts",
    "ShiftedBetaGeometric",
    "UnitEconomics",
    "__version__",
    "attribution",
    "cac",
    "ces",
    "channel_switching",
    "churn_metrics",
    "churn_rate",
    "cohort_table",
    "compare_nps",
    "compress",
    "conversion_rate",
    "csat",
    "customer_view",
    "funnel",
    "funnel_columns",
    "holdout_comparison",
    "kaplan_meier",
    "kaplan_meier_by_segment",
    "lifecycle",
    "logrank_test",
    "lr_test",
    "nps",
    "nps_by",
    "nps_by_segment",
    "nps_trend",
    "period_rates",
    "response_times",
    "retention_rate",
    "rfm_scores",
    "rfm_summary",
    "sankey_edges",
    "time_to_repeat",
    "top_paths",
    "tracking",
    "transitions",
    "unit_economics",
    "wald_intervals",
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

# ---------------------------------------------------------------- journeys

#: An event table: a pandas DataFrame or a dict of columns.
_Table = Union[pd.DataFrame, Mapping[str, Any]]
#: Journeys as lists of channel (or event) names.
_Paths = Union[Sequence[Sequence[str]], pd.Series[Any]]
#: An event table, or paths directly.
_TableOrPaths = Union[_Table, _Paths]
#: A funnel step: an event name, a list of names (any of them) or (name, [events]).
_Step = Union[str, Sequence[str], tuple[str, Sequence[str]], Mapping[str, Any]]
_Duration = Union[str, int]

@final
class ConversionRate:
    """A conversion rate with its Wilson interval."""
    @property
    def rate(self) -> float: ...
    @property
    def conversions(self) -> float: ...
    @property
    def visitors(self) -> float: ...
    @property
    def ci(self) -> tuple[float, float]: ...
    @property
    def level(self) -> float: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class UnitEconomics:
    """CLV against CAC: ratio and payback period."""
    @property
    def cac(self) -> float: ...
    @property
    def clv(self) -> float: ...
    @property
    def clv_to_cac(self) -> float: ...
    @property
    def payback_periods(self) -> Optional[float]: ...
    def to_dict(self) -> dict[str, Any]: ...

class Attribution(dict[str, float]):
    """Conversions credited to each channel, with the model's other outputs as attributes."""

    model: str
    value_credits: Optional[dict[str, float]]
    removal_effects: Optional[dict[str, Optional[float]]]
    shares: dict[str, float]
    total_conversions: float
    total_value: Optional[float]
    conversion_probability: Optional[float]
    def to_dict(self) -> dict[str, Any]: ...

@dataclass(frozen=True)
class ChannelSwitching:
    """How journeys move between channels."""

    journeys: int
    multi_channel: int
    multi_channel_share: float
    switches: int
    transitions: int
    matrix: pd.DataFrame
    def to_dict(self) -> dict[str, Any]: ...

@dataclass(frozen=True)
class ResponseTimes:
    """First-reply SLAs: overall summary and one row per channel."""

    summary: dict[str, Any]
    by_channel: pd.DataFrame
    _report: dict[str, Any] = ...
    def to_dict(self) -> dict[str, Any]: ...

@dataclass(frozen=True)
class CacReport:
    """Customer acquisition cost per channel and period, per channel, and overall."""

    rows: pd.DataFrame
    by_channel: pd.DataFrame
    overall: dict[str, Any]
    _report: dict[str, Any] = ...
    def to_dict(self) -> dict[str, Any]: ...

def funnel(
    events: _Table,
    steps: Sequence[_Step],
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
    window: _Duration = "14d",
    order: str = "ordered",
    exclusions: Optional[list[str]] = None,
    breakdown: Optional[str] = None,
    *,
    touch: str = "first_touch",
) -> pd.DataFrame: ...
def funnel_columns(
    customers: _Column,
    times: _Column,
    events: _Column,
    steps: Sequence[Union[int, Sequence[int]]],
    window: _Duration = "14d",
    order: str = "ordered",
    exclusions: Optional[_Column] = None,
    breakdown: Optional[_Column] = None,
    *,
    touch: str = "first_touch",
) -> pd.DataFrame: ...
def top_paths(
    events: _TableOrPaths,
    k: int = 10,
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
    *,
    max_length: Optional[int] = None,
    collapse_repeats: bool = False,
) -> pd.DataFrame: ...
def transitions(
    events: _TableOrPaths,
    from_event: str,
    direction: str = "next",
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
) -> pd.DataFrame: ...
def sankey_edges(
    events: _TableOrPaths,
    max_steps: int = 3,
    customer: str = "customer_id",
    time: str = "timestamp",
    event: str = "event",
) -> pd.DataFrame: ...
def channel_switching(
    events: _TableOrPaths,
    channel: str = "channel",
    customer: str = "customer_id",
    time: str = "timestamp",
) -> ChannelSwitching: ...
def attribution(
    paths: Union[_Paths, Sequence[str], pd.Series, pd.DataFrame],
    conversions: Union[_Column, str],
    nulls: Union[_Column, str, None] = None,
    values: Union[_Column, str, None] = None,
    model: str = "markov",
    order: int = 1,
    *,
    times: Optional[Sequence[_Column]] = None,
    first: float = 0.4,
    last: float = 0.4,
    half_life: float = 7.0,
    sep: str = ">",
    path: str = "path",
) -> Attribution: ...
def response_times(
    requests: _Table,
    channel: str = "channel",
    opened: str = "opened_at",
    first_reply: str = "first_reply_at",
    resolved: Optional[str] = "resolved_at",
    *,
    as_of: Any = None,
    percentiles: _Column = (0.5, 0.9, 0.95),
    target: _Duration = "1h",
    schedule: Optional[Sequence[Optional[tuple[int, int]]]] = None,
    utc_offset_minutes: int = 0,
) -> ResponseTimes: ...
def cac(
    data: _Table,
    channel: str = "channel",
    period: str = "period",
    spend: str = "spend",
    new_customers: str = "new_customers",
) -> CacReport: ...
def conversion_rate(conversions: float, visitors: float, level: float = 0.95) -> ConversionRate: ...
def unit_economics(
    cac: float, clv: float, margin_per_period: Optional[float] = None
) -> UnitEconomics: ...

# ---------------------------------------------------------------- retention and churn

_Times = Union[pd.Series[Any], npt.ArrayLike, Sequence[str]]
_Frame = Union[pd.DataFrame, Mapping[str, Any]]

@dataclass(frozen=True)
class Rate:
    """A churn or retention rate with its Wilson interval."""

    rate: float
    numerator: float
    denominator: float
    ci: tuple[float, float]
    level: float
    def to_dict(self) -> dict[str, Any]: ...

def churn_rate(customers_at_start: float, lost: float, level: float = 0.95) -> Rate: ...
def retention_rate(
    customers_at_start: float, customers_at_end: float, new_customers: float, level: float = 0.95
) -> Rate: ...
def lifecycle(
    df: _Frame, customer: str = "customer_id", time: str = "timestamp", freq: str = "W"
) -> pd.DataFrame: ...

@dataclass(frozen=True)
class CohortTable:
    """Cohort retention: cohorts by first-activity period x periods since."""

    period: str
    sizes: pd.Series[Any]
    counts: pd.DataFrame
    shares: pd.DataFrame
    _report: dict[str, Any] = ...
    def to_dict(self) -> dict[str, Any]: ...

def cohort_table(
    df: _Frame, customer: str = "customer_id", time: str = "timestamp", freq: str = "M"
) -> CohortTable: ...
def period_rates(
    df: _Frame,
    customer: str = "customer_id",
    time: str = "timestamp",
    freq: str = "M",
    level: float = 0.95,
) -> pd.DataFrame: ...
def time_to_repeat(
    df: _Frame, observation_end: Any, customer: str = "customer_id", time: str = "timestamp"
) -> pd.DataFrame: ...
def customer_view(
    transactions: _Frame,
    touchpoints: Optional[_Frame] = None,
    surveys: Optional[_Frame] = None,
    observation_end: Any = None,
    *,
    customer: str = "customer_id",
    time: str = "timestamp",
    amount: str = "amount",
    channel: str = "channel",
    score: str = "score",
    kind: Optional[str] = None,
    unit: str = "W",
    freq: str = "M",
    fractional: bool = False,
    model: Optional[Union[BgNbd, MbgNbd, ParetoNbd]] = None,
    spend_model: Optional[GammaGamma] = None,
    months: int = 12,
    discount_rate: float = 0.01,
) -> pd.DataFrame:
    """Single customer view: one row per customer as of ``observation_end``."""
    ...

class KaplanMeier:
    """A Kaplan-Meier survival curve with exponential Greenwood intervals."""
    def __init__(self, fit: Any) -> None: ...
    @property
    def table(self) -> pd.DataFrame: ...
    @property
    def median(self) -> float: ...
    @property
    def median_ci(self) -> tuple[float, float]: ...
    @property
    def n(self) -> int: ...
    @property
    def events(self) -> int: ...
    @property
    def level(self) -> float: ...
    def survival_at(self, t: Any) -> Any: ...
    def ci_at(self, t: Any) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_json(self) -> str: ...

def kaplan_meier(
    durations: _Column, observed: Optional[_Column] = None, level: float = 0.95
) -> KaplanMeier: ...
def kaplan_meier_by_segment(
    durations: _Column, observed: Optional[_Column], segments: Any, level: float = 0.95
) -> dict[str, KaplanMeier]: ...

@dataclass(frozen=True)
class LogRankResult:
    """The log-rank test between two survival curves."""

    statistic: float
    p_value: float
    observed_a: float
    expected_a: float
    observed_b: float
    expected_b: float
    variance: float
    def to_dict(self) -> dict[str, Any]: ...

def logrank_test(
    durations_a: _Column,
    observed_a: Optional[_Column],
    durations_b: _Column,
    observed_b: Optional[_Column],
) -> LogRankResult: ...

@final
class ShiftedBetaGeometric:
    """Shifted-beta-geometric contract-churn model (Fader and Hardie 2007)."""
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> ShiftedBetaGeometric: ...
    @staticmethod
    def from_params(alpha: float, beta: float) -> ShiftedBetaGeometric: ...
    def fit(self, survivors: _Column) -> ShiftedBetaGeometric: ...
    @staticmethod
    def fit_cohorts(
        survivors: Any,
        covariates: Any,
        l2: Optional[float] = None,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
    ) -> SbgCohorts: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def log_likelihood(self) -> Optional[float]: ...
    @property
    def standard_errors(self) -> Optional[tuple[float, float]]: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    def survival(self, t: Any) -> Any: ...
    def retention_rate(self, t: Any) -> Any: ...
    def churn_probability(self, t: Any) -> Any: ...
    def expected_lifetime(self) -> float: ...
    def discounted_expected_residual_lifetime(
        self, discount: float, renewals: Optional[int] = None
    ) -> float: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> ShiftedBetaGeometric: ...
    def to_dict(self) -> dict[str, Any]: ...

class SbgCohorts:
    """Shifted-beta-geometric retention model with cohort-level covariates."""
    l2: float
    tolerance: Optional[float]
    max_iterations: Optional[int]
    def __init__(
        self,
        l2: float = 0.0,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
    ) -> None: ...
    def fit(self, survivors: Any, covariates: Any) -> SbgCohorts: ...
    @staticmethod
    def log_likelihood_of(params: Mapping[str, Any], survivors: Any, covariates: Any) -> float: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def coefficients(self) -> dict[str, dict[str, float]]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, Any]]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def cohorts(self) -> list[Any]: ...
    def cohort_params(self, covariates: Any = None) -> pd.DataFrame: ...
    def cohort(self, label: Any) -> ShiftedBetaGeometric: ...
    def survival(self, t: Any) -> pd.DataFrame: ...
    def retention_rate(self, t: Any) -> pd.DataFrame: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class ChurnClassifier:
    """L2-regularized logistic regression for churn probability."""
    def __new__(
        cls,
        l2: float = 1.0,
        standardize: bool = False,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> ChurnClassifier: ...
    def fit(self, X: Any, y: _Column) -> ChurnClassifier: ...
    def predict_proba(self, X: Any) -> npt.NDArray[np.float64]: ...
    @property
    def coefficients(self) -> npt.NDArray[np.float64]: ...
    @property
    def intercept(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> ChurnClassifier: ...
    def to_dict(self) -> dict[str, Any]: ...

@dataclass(frozen=True)
class ChurnMetrics:
    """AUC, Brier, log-loss, calibration and lift of churn probabilities."""

    n: int
    positives: int
    auc: float
    brier: float
    log_loss: float
    lift_at_10: float
    calibration: pd.DataFrame
    _report: dict[str, Any] = ...
    def to_dict(self) -> dict[str, Any]: ...

def churn_metrics(y_true: _Column, p: _Column) -> ChurnMetrics: ...

# ---------------------------------------------------------------- customer lifetime value

#: numpy array, or a pandas Series with the index of the first column argument.
_Out = Union[npt.NDArray[np.float64], pd.Series[Any]]

@final
class BgNbd:
    """BG/NBD purchase model (Fader, Hardie and Lee 2005)."""
    @overload
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> BgNbd: ...
    @overload
    def __new__(  # type: ignore[misc]
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
        purchase_covariates: Optional[Sequence[Union[str, int]]] = None,
        dropout_covariates: Optional[Sequence[Union[str, int]]] = None,
        constrain: Optional[Sequence[str]] = None,
        l2: Optional[float] = None,
    ) -> CovariateModel: ...
    @staticmethod
    def from_params(params: Mapping[str, float]) -> BgNbd: ...
    def fit(self, frequency: _Column, recency: _Column, T: _Column, weights: Optional[_Column] = None) -> BgNbd: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, float]]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def aic(self) -> float: ...
    @property
    def bic(self) -> float: ...
    def p_alive(self, frequency: _Column, recency: _Column, T: _Column) -> _Out: ...
    def expected_purchases(
        self, t: float, frequency: _Column, recency: _Column, T: _Column
    ) -> _Out: ...
    def expected_purchases_new(self, t: Any) -> Any: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> BgNbd: ...
    def bootstrap(
        self,
        n: Optional[int] = None,
        seed: Optional[int] = None,
        progress: Union[bool, Callable[[int, int], Any], None] = None,
        level: Optional[float] = None,
        t: Optional[float] = None,
        frequency: Optional[_Column] = None,
        recency: Optional[_Column] = None,
        T: Optional[_Column] = None,
        monetary_value: Optional[_Column] = None,
        months: Optional[int] = None,
        discount_rate: Optional[float] = None,
        unit: Optional[str] = None,
    ) -> pd.DataFrame: ...
    def probability_of_n_purchases(self, t: float, n: Any) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class MbgNbd:
    """MBG/NBD purchase model (Batislam et al. 2007)."""
    @overload
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> MbgNbd: ...
    @overload
    def __new__(  # type: ignore[misc]
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
        purchase_covariates: Optional[Sequence[Union[str, int]]] = None,
        dropout_covariates: Optional[Sequence[Union[str, int]]] = None,
        constrain: Optional[Sequence[str]] = None,
        l2: Optional[float] = None,
    ) -> CovariateModel: ...
    @staticmethod
    def from_params(params: Mapping[str, float]) -> MbgNbd: ...
    def fit(self, frequency: _Column, recency: _Column, T: _Column, weights: Optional[_Column] = None) -> MbgNbd: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, float]]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def aic(self) -> float: ...
    @property
    def bic(self) -> float: ...
    def p_alive(self, frequency: _Column, recency: _Column, T: _Column) -> _Out: ...
    def expected_purchases(
        self, t: float, frequency: _Column, recency: _Column, T: _Column
    ) -> _Out: ...
    def expected_purchases_new(self, t: Any) -> Any: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> MbgNbd: ...
    def bootstrap(
        self,
        n: Optional[int] = None,
        seed: Optional[int] = None,
        progress: Union[bool, Callable[[int, int], Any], None] = None,
        level: Optional[float] = None,
        t: Optional[float] = None,
        frequency: Optional[_Column] = None,
        recency: Optional[_Column] = None,
        T: Optional[_Column] = None,
        monetary_value: Optional[_Column] = None,
        months: Optional[int] = None,
        discount_rate: Optional[float] = None,
        unit: Optional[str] = None,
    ) -> pd.DataFrame: ...
    def probability_of_n_purchases(self, t: float, n: Any) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class ParetoNbd:
    """Pareto/NBD purchase model (Schmittlein et al. 1987)."""
    @overload
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> ParetoNbd: ...
    @overload
    def __new__(  # type: ignore[misc]
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
        purchase_covariates: Optional[Sequence[Union[str, int]]] = None,
        dropout_covariates: Optional[Sequence[Union[str, int]]] = None,
        constrain: Optional[Sequence[str]] = None,
        l2: Optional[float] = None,
    ) -> CovariateModel: ...
    @staticmethod
    def from_params(params: Mapping[str, float]) -> ParetoNbd: ...
    def fit(self, frequency: _Column, recency: _Column, T: _Column, weights: Optional[_Column] = None) -> ParetoNbd: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, float]]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def aic(self) -> float: ...
    @property
    def bic(self) -> float: ...
    def p_alive(self, frequency: _Column, recency: _Column, T: _Column) -> _Out: ...
    def expected_purchases(
        self, t: float, frequency: _Column, recency: _Column, T: _Column
    ) -> _Out: ...
    def expected_purchases_new(self, t: Any) -> Any: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> ParetoNbd: ...
    def bootstrap(
        self,
        n: Optional[int] = None,
        seed: Optional[int] = None,
        progress: Union[bool, Callable[[int, int], Any], None] = None,
        level: Optional[float] = None,
        t: Optional[float] = None,
        frequency: Optional[_Column] = None,
        recency: Optional[_Column] = None,
        T: Optional[_Column] = None,
        monetary_value: Optional[_Column] = None,
        months: Optional[int] = None,
        discount_rate: Optional[float] = None,
        unit: Optional[str] = None,
    ) -> pd.DataFrame: ...
    def to_dict(self) -> dict[str, Any]: ...

class ParetoNbdDynamic:
    """Pareto/NBD with time-varying covariates (Bachmann, Meierer and Näf 2021)."""
    purchase_covariates: list[str]
    dropout_covariates: list[str]
    constrain: list[str]
    l2: float
    unit: str
    customer: str
    time: str
    period_start: str
    tolerance: Optional[float]
    max_iterations: Optional[int]
    def __init__(
        self,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
        *,
        constrain: Any = None,
        l2: float = 0.0,
        unit: str = "W",
        customer: str = "customer_id",
        time: str = "timestamp",
        period_start: str = "period_start",
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
    ) -> None: ...
    def fit(
        self, transactions: Any, covariates: Any, observation_end: Any = None
    ) -> ParetoNbdDynamic: ...
    @classmethod
    def from_params(
        cls,
        params: Any,
        purchase_coefficients: Optional[dict[str, float]] = None,
        dropout_coefficients: Optional[dict[str, float]] = None,
        **layout: Any,
    ) -> ParetoNbdDynamic: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def purchase_coefficients(self) -> dict[str, float]: ...
    @property
    def dropout_coefficients(self) -> dict[str, float]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_customers(self) -> float: ...
    @property
    def standard_errors(self) -> Optional[dict[str, dict[str, float]]]: ...
    @property
    def customers(self) -> pd.DataFrame: ...
    def summary(self) -> pd.DataFrame: ...
    def p_alive(
        self, transactions: Any = None, covariates: Any = None, observation_end: Any = None
    ) -> pd.Series: ...
    def expected_purchases(
        self,
        t: float,
        transactions: Any = None,
        covariates: Any = None,
        observation_end: Any = None,
    ) -> pd.Series: ...
    def log_likelihoods(
        self, transactions: Any = None, covariates: Any = None, observation_end: Any = None
    ) -> pd.Series: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str, **layout: Any) -> ParetoNbdDynamic: ...
    def to_dict(self) -> dict[str, Any]: ...

class CovariateModel:
    """BG/NBD, MBG/NBD or Pareto/NBD with time-invariant covariates (Fader and Hardie 2007)."""
    model: str
    tolerance: Optional[float]
    max_iterations: Optional[int]
    purchase_covariates: list[str]
    dropout_covariates: list[str]
    constrain: list[str]
    l2: float
    def __init__(
        self,
        model: str,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        purchase_covariates: Any = None,
        dropout_covariates: Any = None,
        constrain: Any = None,
        l2: Optional[float] = None,
    ) -> None: ...
    def fit(
        self, frequency: Any, recency: Any, T: Any, covariates: Any = None, weights: Any = None
    ) -> CovariateModel: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def coefficients(self) -> Any: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def standard_errors(self) -> Optional[dict[str, Any]]: ...
    def wald_intervals(self, level: float = 0.95, coefficients_only: bool = False) -> Any: ...
    def p_alive(self, frequency: Any, recency: Any, T: Any, covariates: Any = None) -> Any: ...
    def expected_purchases(
        self, t: float, frequency: Any, recency: Any, T: Any, covariates: Any = None
    ) -> Any: ...
    def log_likelihood_of(
        self, frequency: Any, recency: Any, T: Any, covariates: Any = None
    ) -> float: ...
    def expected_purchases_new(
        self, t: float, covariates: Any = None, n: Optional[int] = None
    ) -> Any: ...
    def clv(
        self,
        frequency: Any,
        recency: Any,
        T: Any,
        monetary_value: Any,
        covariates: Any = None,
        months: int = 12,
        discount_rate: float = 0.01,
        unit: str = "W",
    ) -> Any: ...
    def bootstrap(
        self,
        n: int = 200,
        seed: int = 0,
        progress: Any = False,
        level: float = 0.95,
        t: float = 1.0,
        frequency: Any = None,
        recency: Any = None,
        T: Any = None,
        covariates: Any = None,
        monetary_value: Any = None,
        months: int = 12,
        discount_rate: float = 0.01,
        unit: str = "W",
    ) -> Any: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> CovariateModel: ...

def wald_intervals(model: Any, level: float = 0.95) -> Any: ...

@final
class GgNbd:
    """Gamma-Gompertz/NBD purchase model (Bemmaor and Glady 2012)."""
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
        purchase_covariates: None = None,
        dropout_covariates: None = None,
        constrain: None = None,
        l2: None = None,
    ) -> GgNbd: ...
    @staticmethod
    def from_params(params: Mapping[str, float]) -> GgNbd: ...
    def fit(self, frequency: _Column, recency: _Column, T: _Column, weights: Optional[_Column] = None) -> GgNbd: ...
    def bootstrap(
        self,
        n: Optional[int] = None,
        seed: Optional[int] = None,
        progress: Union[bool, Callable[[int, int], Any], None] = None,
        level: Optional[float] = None,
        t: Optional[float] = None,
        frequency: Optional[_Column] = None,
        recency: Optional[_Column] = None,
        T: Optional[_Column] = None,
        monetary_value: Optional[_Column] = None,
        months: Optional[int] = None,
        discount_rate: Optional[float] = None,
        unit: Optional[str] = None,
    ) -> pd.DataFrame: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, float]]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def aic(self) -> float: ...
    @property
    def bic(self) -> float: ...
    def p_alive(self, frequency: _Column, recency: _Column, T: _Column) -> _Out: ...
    def expected_purchases(
        self, t: float, frequency: _Column, recency: _Column, T: _Column
    ) -> _Out: ...
    def expected_purchases_new(self, t: Any) -> Any: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> GgNbd: ...
    @staticmethod
    def log_likelihood_of(
        params: Mapping[str, float], frequency: _Column, recency: _Column, T: _Column,
        weights: Optional[_Column] = None,
    ) -> float: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class BgBb:
    """BG/BB model for discrete opportunities (Fader, Hardie and Shang 2010)."""
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> BgBb: ...
    @staticmethod
    def from_params(params: Mapping[str, float]) -> BgBb: ...
    def fit(self, frequency: _Column, recency: _Column, n_periods: _Column, weights: Optional[_Column] = None) -> BgBb: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, float]]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def aic(self) -> float: ...
    @property
    def bic(self) -> float: ...
    def p_alive(self, frequency: _Column, recency: _Column, n_periods: _Column) -> _Out: ...
    def expected_purchases(
        self, n_star: int, frequency: _Column, recency: _Column, n_periods: _Column
    ) -> _Out: ...
    def expected_purchases_new(self, n: int) -> float: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> BgBb: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class GammaGamma:
    """Gamma-Gamma spend model (Fader, Hardie and Lee 2005)."""
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> GammaGamma: ...
    @staticmethod
    def from_params(params: Mapping[str, float]) -> GammaGamma: ...
    def fit(self, frequency: _Column, monetary_value: _Column, weights: Optional[_Column] = None) -> GammaGamma: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, float]]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def aic(self) -> float: ...
    @property
    def bic(self) -> float: ...
    def expected_spend(self, frequency: _Column, monetary_value: _Column) -> _Out: ...
    def clv(
        self,
        model: Union[BgNbd, MbgNbd, ParetoNbd],
        frequency: _Column,
        recency: _Column,
        T: _Column,
        monetary_value: _Column,
        months: int = 12,
        discount_rate: float = 0.01,
        unit: str = "W",
    ) -> _Out: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> GammaGamma: ...
    def to_dict(self) -> dict[str, Any]: ...

def rfm_summary(
    transactions: _Frame,
    customer: str = "customer_id",
    time: str = "timestamp",
    amount: Optional[str] = None,
    observation_end: Any = None,
    unit: str = "W",
    holdout_start: Any = None,
    *,
    fractional: bool = False,
) -> pd.DataFrame: ...
def rfm_scores(summary: Union[pd.DataFrame, Mapping[str, Any]]) -> pd.DataFrame: ...
def compress(frequency: _Column, recency: _Column, T: _Column) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]: ...
def holdout_comparison(
    model: Union[BgNbd, MbgNbd, ParetoNbd, GgNbd, ParetoNbdCor],
    summary: Union[pd.DataFrame, Mapping[str, Any]],
    max_frequency: int = 7,
) -> pd.DataFrame: ...

# ---------------------------------------------------------------- personalization

@dataclass(frozen=True)
class TopCustomers:
    """The best customers by value."""

    customers: pd.DataFrame
    count: int
    customer_share: float
    value_share: float
    total: float
    _report: dict[str, Any] = ...
    @property
    def ids(self) -> list[Any]: ...
    def to_dict(self) -> dict[str, Any]: ...

@dataclass(frozen=True)
class ValueConcentration:
    """Gini coefficient and Lorenz curve of customer value."""

    gini: float
    n: int
    total: float
    lorenz: pd.DataFrame
    _report: dict[str, Any] = ...
    def to_dict(self) -> dict[str, Any]: ...

@dataclass(frozen=True)
class Personas:
    """Customers grouped into personas."""

    k: int
    labels: pd.Series[Any]
    profiles: pd.DataFrame
    silhouette: float
    scores: pd.DataFrame
    _report: dict[str, Any] = ...
    def to_dict(self) -> dict[str, Any]: ...

def top_customers(
    values: _Column, k: Optional[int] = None, share: Optional[float] = None
) -> TopCustomers: ...
def value_concentration(values: _Column) -> ValueConcentration: ...
def silhouette(
    features: Union[pd.DataFrame, npt.ArrayLike], labels: _Column
) -> tuple[float, npt.NDArray[np.float64]]: ...
def personas(
    features_df: Union[pd.DataFrame, npt.ArrayLike],
    k: Optional[int] = None,
    k_range: tuple[int, int] = (2, 8),
    seed: int = 0,
    *,
    n_init: int = 10,
    max_iterations: int = 300,
    silhouette_sample: int = 3000,
) -> Personas: ...
def lookalike(
    features_df: Union[pd.DataFrame, npt.ArrayLike], seed_ids: Any, method: str = "classifier"
) -> pd.DataFrame: ...

__all__ += [
    "Personas",
    "TopCustomers",
    "ValueConcentration",
    "lookalike",
    "personas",
    "silhouette",
    "top_customers",
    "value_concentration",
]
# ---------------------------------------------------------------- next best offer and feedback
def co_occurrence(
    transactions: Any, customer: str = "customer_id", product: str = "product"
) -> pd.DataFrame: ...
def association_rules(
    transactions: Any,
    customer: str = "customer_id",
    product: str = "product",
    min_support: float = 0.01,
    min_confidence: float = 0.1,
) -> pd.DataFrame: ...
def recommend(
    transactions: Any,
    customer_ids: Union[str, Sequence[str]],
    k: int = 5,
    customer: str = "customer_id",
    product: str = "product",
    min_support: float = 0.01,
    min_confidence: float = 0.1,
) -> pd.DataFrame: ...
def sentiment(texts: Any) -> pd.DataFrame: ...
def sentiment_by_segment(texts: Any, segments: Any) -> pd.DataFrame: ...
def sentiment_trend(texts: Any, times: Any, freq: str = "M") -> pd.DataFrame: ...
def feedback_themes(
    texts: Any, top: int = 10, threshold: float = -0.05, min_comments: int = 1
) -> pd.DataFrame: ...
class LrTest:
    """Likelihood-ratio test result: statistic, df, p_value."""
    statistic: float
    df: int
    p_value: float
    def __init__(self, statistic: float, df: int, p_value: float) -> None: ...
    def to_dict(self) -> dict[str, Any]: ...

def lr_test(
    restricted: Any, full: Any, df: Optional[int] = None
) -> LrTest: ...
def tracking(
    model: Union[BgNbd, MbgNbd, ParetoNbd, GgNbd, ParetoNbdCor],
    transactions: Any,
    customer: str = "customer_id",
    time: str = "timestamp",
    holdout_start: Any = None,
    unit: str = "W",
    start: Any = None,
    end: Any = None,
) -> pd.DataFrame: ...

@final
class ParetoNbdCor:
    """Correlated Pareto/NBD (Sarmanov mixing; Glady, Lemmens and Croux 2015)."""
    def __new__(
        cls,
        tolerance: Optional[float] = None,
        max_iterations: Optional[int] = None,
        allow_unconverged: bool = False,
    ) -> ParetoNbdCor: ...
    @staticmethod
    def from_params(params: Mapping[str, float]) -> ParetoNbdCor: ...
    def fit(self, frequency: _Column, recency: _Column, T: _Column, weights: Optional[_Column] = None) -> ParetoNbdCor: ...
    @property
    def params(self) -> dict[str, float]: ...
    @property
    def standard_errors(self) -> Optional[dict[str, float]]: ...
    @property
    def correlation(self) -> float: ...
    @property
    def correlation_range(self) -> tuple[float, float]: ...
    @property
    def log_likelihood(self) -> float: ...
    @property
    def converged(self) -> bool: ...
    @property
    def iterations(self) -> int: ...
    @property
    def n_params(self) -> int: ...
    @property
    def aic(self) -> float: ...
    @property
    def bic(self) -> float: ...
    def p_alive(self, frequency: _Column, recency: _Column, T: _Column) -> _Out: ...
    def expected_purchases(self, t: float, frequency: _Column, recency: _Column, T: _Column) -> _Out: ...
    def expected_purchases_new(self, t: Any) -> Any: ...
    @staticmethod
    def log_likelihood_of(
        params: Mapping[str, float],
        frequency: _Column,
        recency: _Column,
        T: _Column,
        weights: Optional[_Column] = None,
    ) -> float: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(text: str) -> ParetoNbdCor: ...
    def to_dict(self) -> dict[str, Any]: ...
