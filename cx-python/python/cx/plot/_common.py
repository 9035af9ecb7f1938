"""The lazy matplotlib import shared by the chart functions."""

from __future__ import annotations

from typing import Any


def _pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ImportError(
            "cx.plot needs matplotlib: pip install 'cxkit[plot]' (or pip install matplotlib)"
        ) from e
    return plt


def _axes(ax: Any) -> Any:
    """``ax``, or the axes of a new figure."""
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots()
    return ax
