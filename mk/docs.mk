# The docs site (docs/, mkdocs.yml): MkDocs, because the Python API reference comes straight
# from the package's docstrings and stubs through mkdocstrings. `make docs` draws the figures
# from examples/data with cx itself (docs/figures/make_figures.py → docs/figures/out/,
# gitignored) and builds the site with --strict (a broken link, a missing figure or an
# unresolved reference fails) into target/docs-site/. The snippets on the pages run elsewhere
# in `make test`: Python as doctests (tests/python/test_docs.py, in test-python against the
# installed wheel), JS in tests/js/docs.test.mjs (both builds, in test-js), Rust as doc tests of
# cx-js (`cargo test`, in test-rust). Included by the root Makefile.
TEST_TARGETS += docs
.PHONY: docs

docs: python-dev
	@$(PY) -c 'import mkdocs, mkdocstrings' 2>/dev/null || bash scripts/setup.sh
	MPLBACKEND=Agg $(PY) docs/figures/make_figures.py --out docs/figures/out
	$(PY_ENV) $(VENV_ABS)/bin/mkdocs build --strict --quiet -f mkdocs.yml -d target/docs-site
	@echo "docs: target/docs-site/index.html"
