#!/usr/bin/env bash
# Create .venv and install camaudit with everything its tests need, on a machine that has only Python
# and the system package manager. Debian packages the project needs are listed in scripts/apt-packages.txt
# and installed (as root, with apt-get) only when one is missing.
#
# It says first what it will install and roughly how long that takes, then how long it took.
# `scripts/bootstrap.sh --dry-run` only says what it would do.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=.venv
DRY_RUN=0
[ "${1:-}" = "--dry-run" ] && DRY_RUN=1

need_apt=()
all_apt=()
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  need_apt+=(python3-venv)
fi
if [ -f scripts/apt-packages.txt ]; then
  while read -r pkg; do
    case "$pkg" in ''|'#'*) continue ;; esac
    all_apt+=("$pkg")
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
  done < scripts/apt-packages.txt
fi
# The Python packages camaudit and its tests need, from pyproject.toml (pip adds their dependencies).
python_deps=$("$PY" - <<'EOF' 2>/dev/null || echo "(see pyproject.toml)"
import re, tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
names = project["dependencies"] + project["optional-dependencies"]["dev"]
print(", ".join(re.split(r"[<>=!~\[ ;]", n, maxsplit=1)[0] for n in names))
EOF
)

echo "bootstrap: camaudit needs Python 3.11+ and the Debian packages ${all_apt[*]} (scripts/apt-packages.txt)."
if [ ${#need_apt[@]} -eq 0 ]; then
  echo "bootstrap: the Debian packages are all installed."
else
  echo "bootstrap: will install Debian packages with apt-get (root): ${need_apt[*]} (about 1-3 minutes)."
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "bootstrap: will create $VENV and install into it from PyPI: camaudit (editable) with $python_deps,"
  echo "bootstrap: and their dependencies: about 50 packages (230 MB), 1-3 minutes on a first run."
else
  echo "bootstrap: will update $VENV (camaudit and $python_deps): usually under a minute."
fi
[ "$DRY_RUN" = 1 ] && exit 0

started=$(date +%s)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing Debian packages: ${need_apt[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "bootstrap: please install these Debian packages first: ${need_apt[*]}" >&2
    exit 1
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
echo "bootstrap: installing Python packages into $VENV ..."
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]'
echo "bootstrap: done in $(( $(date +%s) - started )) s; the tool is $VENV/bin/camaudit."
