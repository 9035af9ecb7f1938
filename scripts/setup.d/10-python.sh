# Python binding: a venv at .venv with the build and test tools of cx-python.
# Sourced by scripts/setup.sh (which provides need_cmd, apt_need and pip_need); quick when all
# is there.
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || apt_need python3-venv
[ -x .venv/bin/python ] || { echo "setup: python3 -m venv .venv"; python3 -m venv .venv; }
pip_need "maturin=maturin>=1.16,<2" numpy=numpy pandas=pandas pandas-stubs=pandas-stubs \
  pytest=pytest mypy=mypy matplotlib=matplotlib nbclient=nbclient nbformat=nbformat \
  ipykernel=ipykernel polars=polars \
  mkdocs=mkdocs==1.6.1 mkdocstrings=mkdocstrings==1.0.8 \
  mkdocstrings-python=mkdocstrings-python==2.0.11  # the docs site (make docs)
# Reliability tests (issue 14): hypothesis property tests; mpmath regenerates the
# high-precision references of tests/vectors/extremes.json (derive_extremes.py).
pip_need hypothesis=hypothesis mpmath=mpmath
