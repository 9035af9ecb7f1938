"""The README's Python quick tour runs as a doctest, so every snippet a reader sees works."""

from __future__ import annotations

import doctest
import re

from conftest import ROOT


def test_readme_python_tour() -> None:
    text = (ROOT / "README.md").read_text()
    section = text.split("### Python", 1)
    assert len(section) == 2, "README has no '### Python' section"
    blocks = re.findall(r"```python\n(.*?)```", section[1].split("\n### ", 1)[0], re.S)
    assert blocks, "README's Python section has no ```python block"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        test = doctest.DocTestParser().get_doctest(block, {}, f"README python #{i}", "README.md", 0)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 10
    assert result.failed == 0, "README Python tour failed (doctest output above)"


def test_readme_section_python_examples() -> None:
    """```python blocks in the topic sections (Journeys, ...) run as doctests too."""
    text = (ROOT / "README.md").read_text()
    sections = re.split(r"\n## ", text)
    topics = [s for s in sections if not s.startswith("Quick tour")]
    blocks = [b for s in topics for b in re.findall(r"```python\n(.*?)```", s, re.S)]
    assert blocks, "no ```python block outside the quick tour"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        test = doctest.DocTestParser().get_doctest(block, {}, f"README section python #{i}",
                                                   "README.md", 0)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 5
    assert result.failed == 0, "a README Python example failed (doctest output above)"


def test_package_docstring_examples() -> None:
    import cx

    result = doctest.testmod(cx, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 1 and result.failed == 0
