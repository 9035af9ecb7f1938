"""The package as users install it: metadata, shipped files, and (under `make test-wheel`)
proof that the suite imports the installed wheel rather than the source tree."""

from __future__ import annotations

import doctest
import importlib
import importlib.metadata as md
import os
import re
import sys
from pathlib import Path

import pytest

import cx
from conftest import ROOT

# `make test-wheel` sets this when it runs the suite in a fresh venv holding only the wheel.
INSTALLED = os.environ.get("CX_TEST_INSTALLED") == "1"


def test_version_is_the_distribution_version() -> None:
    assert cx.__version__ == md.version("cxkit")


def test_version_is_the_workspace_version() -> None:
    tomllib = pytest.importorskip("tomllib")
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    assert cx.__version__ == cargo["workspace"]["package"]["version"]


def test_metadata_declares_python_and_extras() -> None:
    meta = md.metadata("cxkit")
    assert meta["Requires-Python"] == ">=3.10"
    assert meta["License-Expression"] == "MIT OR Apache-2.0"
    assert {"plot", "pandas"} <= set(meta.get_all("Provides-Extra") or [])
    requires = md.requires("cxkit") or []
    assert any(r.startswith("matplotlib") and "extra == 'plot'" in r for r in requires)
    assert any(r.startswith("pandas") and "extra == 'pandas'" in r for r in requires)
    assert meta["Summary"] and "Programming Language :: Rust" in (meta.get_all("Classifier") or [])


def test_pypi_readme_example_runs() -> None:
    text = (ROOT / "cx-python" / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "cx-python/README.md has no ```python block"
    runner = doctest.DocTestRunner()
    for i, block in enumerate(blocks):
        runner.run(doctest.DocTestParser().get_doctest(block, {}, f"pypi #{i}", "README.md", 0))
    result = runner.summarize(verbose=False)
    assert result.attempted >= 3 and result.failed == 0


@pytest.mark.skipif(not INSTALLED, reason="only `make test-wheel` runs the suite on the wheel")
def test_cx_comes_from_the_installed_wheel() -> None:
    prefix = Path(sys.prefix).resolve()
    source = (ROOT / "cx-python").resolve()
    for module in (cx, importlib.import_module("cx._cx")):
        path = Path(module.__file__ or "").resolve()
        assert path.is_relative_to(prefix), f"{module.__name__} loaded from {path}, not {prefix}"
        assert not path.is_relative_to(source), f"{module.__name__} loaded from the source tree"
    dist = md.distribution("cxkit")
    assert '"editable": true' not in (dist.read_text("direct_url.json") or "")


@pytest.mark.skipif(not INSTALLED, reason="only `make test-wheel` runs the suite on the wheel")
def test_wheel_ships_types_and_licenses() -> None:
    files = {str(f) for f in md.files("cxkit") or []}
    for name in ("cx/py.typed", "cx/__init__.pyi", "cx/plot/__init__.pyi", "cx/_cx.abi3.so"):
        assert name in files, f"{name} missing from the wheel"
    licenses = {Path(f).name for f in files if "/licenses/" in f}
    assert {"LICENSE-MIT", "LICENSE-APACHE"} <= licenses
