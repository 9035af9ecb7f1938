# PySpark example test (examples/spark, `make test-spark`): pyspark and pyarrow (mapInPandas)
# in .venv from PyPI, and a headless Java 17+ runtime from Debian, each only when missing.
# Sourced by scripts/setup.sh after 10-python.sh (which creates .venv).
if ! command -v java >/dev/null 2>&1; then
  if apt-cache show openjdk-17-jre-headless >/dev/null 2>&1; then
    apt_need openjdk-17-jre-headless
  else
    apt_need default-jre-headless
  fi
fi
spark_missing=$(.venv/bin/python - <<'PY'
import importlib.metadata as md
missing = []
for dist, spec in {"pyspark": "pyspark>=4,<5", "pyarrow": "pyarrow>=18"}.items():
    try:
        md.version(dist)
    except md.PackageNotFoundError:
        missing.append(spec)
print(" ".join(missing))
PY
)
if [ -n "$spark_missing" ]; then
  echo "setup: pip install $spark_missing (into .venv)"
  # shellcheck disable=SC2086  # word splitting of the package list is intended
  .venv/bin/python -m pip install --quiet --disable-pip-version-check $spark_missing
fi
unset spark_missing
