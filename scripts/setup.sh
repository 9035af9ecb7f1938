#!/usr/bin/env bash
# Idempotent installer used by `make test`: installs only what is missing, so a second run
# is quick. Each binding adds its own step as scripts/setup.d/NN-name.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

need_cmd() { command -v "$1" >/dev/null 2>&1; }

# Debian packages: `apt_need pkg...` installs the missing ones (one `apt-get update` per run).
APT_UPDATED=0
apt_need() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" = 0 ]; then
    echo "setup: apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  echo "setup: apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Python packages in .venv: `pip_need dist=spec...` installs the specs of the distributions
# that are not installed (e.g. `pip_need "pyspark=pyspark>=4,<5"`).
pip_need() {
  local missing
  missing=$(.venv/bin/python - "$@" <<'PY'
import importlib.metadata as md
import sys
missing = []
for arg in sys.argv[1:]:
    dist, spec = arg.split("=", 1)
    try:
        md.version(dist)
    except md.PackageNotFoundError:
        missing.append(spec)
print(" ".join(missing))
PY
)
  [ -z "$missing" ] && return 0
  echo "setup: pip install $missing (into .venv)"
  # shellcheck disable=SC2086  # word splitting of the package list is intended
  .venv/bin/python -m pip install --quiet --disable-pip-version-check $missing
}
export -f need_cmd apt_need pip_need

need_cmd cargo || { echo "setup: cargo is required (rustup stable)"; exit 1; }
need_cmd python3 || apt_need python3
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  # shellcheck source=/dev/null
  source "$step"
done
echo "setup: ok"
