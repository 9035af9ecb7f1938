"""Numerical extremes (issue 14): tests/vectors/extremes.json holds CLV predictions at frequency
and T up to 1e4 and tiny to huge parameters, with references computed by mpmath at 60 digits;
test_vectors.py runs its cases through cx. Here the references themselves are recomputed with
mpmath (when installed) and must equal the committed file, and the bad-input matrix must equal
what its generator writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

VECTORS = Path(__file__).parents[1] / "vectors"


def test_extremes_references_recompute_with_mpmath() -> None:
    pytest.importorskip("mpmath")
    run = subprocess.run(
        [sys.executable, str(VECTORS / "derive_extremes.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_bad_input_matrix_is_generated() -> None:
    run = subprocess.run(
        [sys.executable, str(VECTORS / "derive_bad_inputs.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
