"""examples/python/survey_report.py runs and draws its PNG."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from conftest import ROOT


def test_survey_report_draws_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    module = runpy.run_path(str(ROOT / "examples" / "python" / "survey_report.py"))
    out = tmp_path / "trend.png"
    module["main"](out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = capsys.readouterr().out
    # The same figure as `make demo` prints for the bundled survey.
    assert "NPS +8.0  95% [+2.7, +13.2]  n=928" in text
