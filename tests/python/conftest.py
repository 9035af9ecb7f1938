"""Shared helpers for the cx pytest suite."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"


def num(v: Any) -> Any:
    """JSON value → Python, with the strings "NaN"/"Infinity" as floats."""
    if v == "NaN":
        return math.nan
    if v == "Infinity":
        return math.inf
    if v == "-Infinity":
        return -math.inf
    if isinstance(v, list):
        return [num(x) for x in v]
    return v


def vector_cases() -> list[tuple[str, dict[str, Any]]]:
    """Every case of every vector file whose `bindings` include python."""
    cases = []
    for path in sorted(VECTORS.glob("*.json")):
        doc = json.loads(path.read_text())
        if "python" not in doc.get("bindings", []):
            continue
        for case in doc["cases"]:
            cases.append((f"{path.stem}::{case['name']}", case))
    return cases
