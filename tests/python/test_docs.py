"""Every ```python block of the docs site (docs/*.md) runs as a doctest, page by page.

Blocks of one page share their globals, as a reader running them in order would, and run from
the repository root so the pages can read `examples/data/` by its relative path.
"""

from __future__ import annotations

import doctest
import os
import re

import pytest
from conftest import ROOT

PAGES = sorted((ROOT / "docs").glob("*.md"))


def test_docs_have_python_examples() -> None:
    with_python = [p.name for p in PAGES if "```python\n" in p.read_text()]
    for page in ("getting-started.md", "surveys.md", "retention.md", "clv.md", "journeys.md",
                 "coming-from.md"):
        assert page in with_python, f"docs/{page} has no ```python block"


@pytest.mark.parametrize("page", [p for p in PAGES if "```python\n" in p.read_text()],
                         ids=lambda p: p.name)
def test_docs_page_python(page, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    blocks = re.findall(r"```python\n(.*?)```", page.read_text(), re.S)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}
    for i, block in enumerate(blocks):
        test = doctest.DocTestParser().get_doctest(block, globs, f"{page.name} python #{i}",
                                                   str(page), 0)
        assert test.examples, f"docs/{page.name} python block #{i} has no >>> example"
        runner.run(test, clear_globs=False)
        globs = test.globs  # DocTest copies its globals: carry them to the next block
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"docs/{page.name}: a Python example failed (doctest output above)"
    assert os.getcwd() == str(ROOT)
