#!/usr/bin/env bash
# `make lock`: re-pin every dependency from pyproject.toml (and nodeps.in) with hashes.
# test.txt is resolved first (runtime + the test extra); runtime.txt is then resolved under
# it, so both files name the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."
. requirements/tools.sh
UV=$(find_uv)
[ -n "$UV" ] || { echo "make lock needs uv (pip install uv==$UV_VERSION)" >&2; exit 1; }
common=(--quiet --universal --python-version 3.11 --generate-hashes --no-header)
"$UV" pip compile "${common[@]}" pyproject.toml --extra test -o requirements/test.txt
"$UV" pip compile "${common[@]}" pyproject.toml -c requirements/test.txt -o requirements/runtime.txt
"$UV" pip compile "${common[@]}" --no-deps requirements/nodeps.in -o requirements/nodeps.txt
echo "locked: requirements/runtime.txt, requirements/test.txt, requirements/nodeps.txt"
