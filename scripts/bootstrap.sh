#!/usr/bin/env bash
# Create .venv and install kg with the given extras, only when pyproject.toml changed.
# Usage: source scripts/bootstrap.sh [extras]   (e.g. "dev")
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
extras="${1:-}"
venv="$root/.venv"
py="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
  "$py" -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip >/dev/null 2>&1 || true
fi
stamp="$venv/.kg-installed-${extras:-base}"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
  # The distribution was called kg before it became intercity-kg: drop the old one, whose
  # files (the kg command) the new one replaces.
  if "$venv/bin/pip" show -q kg >/dev/null 2>&1; then
    "$venv/bin/pip" uninstall -y -q kg >/dev/null 2>&1 || true
  fi
  spec="$root"
  [ -n "$extras" ] && spec="$root[$extras]"
  "$venv/bin/pip" install -q -e "$spec" 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true
  "$venv/bin/python" -c "import kg" || { echo "kg did not install into $venv" >&2; exit 1; }
  touch "$stamp"
fi
