"""Optional matplotlib plots of cx results (``pip install cxkit[plot]``).

``import cx`` never imports this package or matplotlib; matplotlib is imported when a plot
function is called, and its absence raises an ImportError saying how to install it.
"""

from ._retention import cohort_heatmap, survival

__all__ = ["cohort_heatmap", "survival"]
