#!/usr/bin/env bash
# Install the pinned dependencies into .venv: `install.sh runtime` (make serve) or
# `install.sh test` (make test). With uv (on PATH, or the pinned one fetched from PyPI into
# .tools/) when it can be had; otherwise, or with MATHFORAI_INSTALLER=pip, with pip.
# Either way every package comes from the lockfile with its hash checked, then the project
# itself, editable and without deps.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:?runtime or test}
lock=requirements/$kind.txt
venv=${VENV:-.venv}
python=${PYTHON:-python3}
. requirements/tools.sh

UV=""
[ "${MATHFORAI_INSTALLER:-uv}" = pip ] || UV=$(find_uv || true)
if [ -n "$UV" ]; then
  [ -x "$venv/bin/python" ] || "$UV" venv -q --python "$(command -v "$python")" "$venv"
  "$UV" pip install -q --python "$venv/bin/python" --require-hashes -r "$lock"
  "$UV" pip install -q --python "$venv/bin/python" --no-deps --require-hashes -r requirements/nodeps.txt
  "$UV" pip install -q --python "$venv/bin/python" --no-deps -e .
else
  echo "uv not available: installing with pip (slower)" >&2
  [ -x "$venv/bin/pip" ] || "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --require-hashes -r "$lock"
  "$venv/bin/pip" install -q --no-deps --require-hashes -r requirements/nodeps.txt
  "$venv/bin/pip" install -q --no-deps -e .
fi
