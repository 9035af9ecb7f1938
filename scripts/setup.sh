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
export -f need_cmd apt_need

need_cmd cargo || { echo "setup: cargo is required (rustup stable)"; exit 1; }
need_cmd python3 || apt_need python3
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

for step in scripts/setup.d/*.sh; do
  [ -e "$step" ] || continue
  # shellcheck source=/dev/null
  source "$step"
done
echo "setup: ok"
