# Shared by scripts/start and scripts/test: find Python, make the virtualenv, install.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=${ALIANZA_VENV:-$ROOT/.venv}
PYTHON=${ALIANZA_PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
  # Some distributions ship Python without ensurepip; fall back to virtualenv from PyPI.
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    "$PYTHON" -m pip install --quiet --user virtualenv
    "$PYTHON" -m virtualenv --quiet "$VENV"
  fi
fi
# Reinstall only when pyproject.toml changed since the last install.
stamp="$VENV/.alianza-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
python manage.py i18n_compile >/dev/null
