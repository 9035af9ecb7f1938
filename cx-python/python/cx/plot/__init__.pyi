from typing import Any, Literal, Optional

__all__ = ["calibration_holdout", "frequency_recency_matrix"]

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
