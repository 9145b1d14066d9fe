# Shared by install.sh and lock.sh: find uv, or fetch the pinned uv from PyPI into .tools/.
UV_VERSION=0.13.9
export UV_PYTHON_DOWNLOADS=never  # use the Python we were given; never download one

find_uv() {
  if command -v uv >/dev/null 2>&1; then
    command -v uv
  elif [ -x .tools/bin/uv ]; then
    echo .tools/bin/uv
  elif "${PYTHON:-python3}" -m pip install -q --disable-pip-version-check --target .tools \
      "uv==${UV_VERSION}" >/dev/null 2>&1 && [ -x .tools/bin/uv ]; then
    echo .tools/bin/uv
  fi
}
