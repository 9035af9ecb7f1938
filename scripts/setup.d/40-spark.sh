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
pip_need "pyspark=pyspark>=4,<5" "pyarrow=pyarrow>=18"
