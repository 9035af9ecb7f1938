"""Smoke test of the comparison harness (benches/compare/suite.py, `make bench-compare`) at
tiny sizes, on the tasks whose peers are in the test venv (numpy, pandas, polars): data
generation, one worker process per side, the agreement check and the markdown report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytest.importorskip("polars")


def test_suite_runs_and_reports_agreement(tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    p = subprocess.run(
        [sys.executable, str(ROOT / "benches" / "compare" / "suite.py"), "--tiny", "--repeat", "2",
         "--only", "nps,funnel", "--data", str(tmp_path / "data"), "--out", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert p.returncode == 0, p.stdout + p.stderr
    rows = [line for line in out.read_text().splitlines() if line.startswith("| NPS")
            or line.startswith("| Ordered")]
    assert len(rows) == 3  # NPS vs numpy; the funnel vs pandas and vs polars
    assert all(r.rstrip(" |").endswith("✓") for r in rows), rows
