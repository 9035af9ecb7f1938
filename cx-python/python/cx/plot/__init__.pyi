from typing import Any, Literal, Optional

__all__ = [
    "calibration_holdout",
    "cohort_heatmap",
    "frequency_recency_matrix",
    "survival",
    "tracking_cumulative",
    "tracking_incremental",
]

def frequency_recency_matrix(
    model: Any,
    T: Optional[float] = None,
    max_frequency: Optional[int] = None,
    max_recency: Optional[float] = None,
    ax: Any = None,
    *,
    metric: Literal["expected_purchases", "p_alive"] = "expected_purchases",
    t: float = 1.0,
    cmap: str = "viridis",
) -> Any: ...
def calibration_holdout(
    model: Any,
    summary: Any = None,
    max_frequency: int = 7,
    ax: Any = None,
) -> Any: ...
def survival(
    km: Any,
    ax: Any = None,
    *,
    ci: bool = True,
    label: Optional[str] = None,
    band_alpha: float = 0.2,
    xlabel: str = "time",
    ylabel: str = "survival",
    **step_kwargs: Any,
) -> Any: ...
def cohort_heatmap(
    table: Any,
    ax: Any = None,
    *,
    values: str = "share",
    cmap: str = "Blues",
    annotate: bool = True,
    colorbar: bool = True,
) -> Any: ...
def tracking_cumulative(tracking: Any, ax: Any = None) -> Any: ...
def tracking_incremental(tracking: Any, ax: Any = None) -> Any: ...
