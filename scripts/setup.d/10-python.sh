# Python binding: a venv at .venv with the build and test tools of cx-python.
# Sourced by scripts/setup.sh (which provides need_cmd and apt_need); quick when all is there.
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || apt_need python3-venv
[ -x .venv/bin/python ] || { echo "setup: python3 -m venv .venv"; python3 -m venv .venv; }
py_missing=$(.venv/bin/python - <<'PY'
import importlib.metadata as md
need = {"maturin": "maturin>=1.16,<2", "numpy": "numpy", "pandas": "pandas",
        "pandas-stubs": "pandas-stubs", "pytest": "pytest", "mypy": "mypy",
        "matplotlib": "matplotlib", "nbclient": "nbclient", "nbformat": "nbformat",
        "ipykernel": "ipykernel", "polars": "polars",
        # the docs site (make docs): MkDocs, and mkdocstrings for the API reference
        "mkdocs": "mkdocs==1.6.1", "mkdocstrings": "mkdocstrings==1.0.8",
        "mkdocstrings-python": "mkdocstrings-python==2.0.11"}
missing = []
for dist, spec in need.items():
    try:
        md.version(dist)
    except md.PackageNotFoundError:
        missing.append(spec)
print(" ".join(missing))
PY
)
if [ -n "$py_missing" ]; then
  echo "setup: pip install $py_missing (into .venv)"
  # shellcheck disable=SC2086  # word splitting of the package list is intended
  .venv/bin/python -m pip install --quiet --disable-pip-version-check $py_missing
fi
unset py_missing
