#!/usr/bin/env bash
# Build Planwall's one-folder bundle (dist/planwall/) with PyInstaller, then smoke-test it.
#
#   bash packaging/build.sh [--fresh] [--no-smoke]
#
#   --fresh      recreate the build venv (default: reuse build/venv when it is there)
#   --no-smoke   build only; do not run packaging/smoke.sh
#
# Environment: PYTHON (default python3, 3.11 or 3.12), PLANWALL_BUILD_VENV (default build/venv).
# The build venv holds only the project and PyInstaller, so the bundle contains nothing from a
# developer's test tools.  Prints the time each step took and the bundle's size.
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-python3}"
VENV="${PLANWALL_BUILD_VENV:-build/venv}"
PYINSTALLER_SPEC="pyinstaller>=6.10,<7"
fresh=0
smoke=1
for arg in "$@"; do
  case "$arg" in
    --fresh) fresh=1 ;;
    --no-smoke) smoke=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

t0=$(date +%s)
step_start=$t0
step() {  # step NAME: print how long the previous step took, then the new step's name
  local now
  now=$(date +%s)
  if [ -n "${current_step:-}" ]; then echo "   ($current_step: $((now - step_start)) s)"; fi
  current_step="$1"
  step_start=$now
  echo "== $1"
}

# Debian packages: the X11 libraries Qt's xcb plugin needs (found at build time, they go into the
# bundle, so it also starts on a desktop that lacks them) and the smoke test's Xvfb and screenshot
# tools.  Installed only when missing, as root, with apt-get; otherwise the build goes on.
DEB_PACKAGES="libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 \
libxkbcommon-x11-0 libxcb-xinerama0 libxcb-randr0 libxcb-shape0 libxcb-xkb1 libxcb-xfixes0 \
xvfb xauth imagemagick x11-apps xdotool"
if command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  step "Debian packages for the bundle and the smoke test"
  missing=""
  for pkg in $DEB_PACKAGES; do dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"; done
  if [ -n "$missing" ]; then
    echo "   installing:$missing"
    # shellcheck disable=SC2086  # one word per package
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      $missing >/dev/null) || echo "   !! could not install:$missing (the bundle may lack X11 libraries)"
  else
    echo "   all there"
  fi
fi

step "build venv ($VENV, $($PY --version 2>&1))"
if [ "$fresh" = 1 ]; then rm -rf "$VENV"; fi
if [ ! -x "$VENV/bin/python" ] && [ ! -x "$VENV/Scripts/python.exe" ]; then
  "$PY" -m venv "$VENV"
fi
if [ -x "$VENV/bin/python" ]; then VPY="$VENV/bin/python"; else VPY="$VENV/Scripts/python.exe"; fi

step "install the project and PyInstaller"
"$VPY" -m pip install -q --disable-pip-version-check --upgrade pip
"$VPY" -m pip install -q --disable-pip-version-check . "$PYINSTALLER_SPEC"
"$VPY" -m PyInstaller --version | sed 's/^/   PyInstaller /'

step "PyInstaller (build.spec -> dist/planwall/)"
rm -rf dist/planwall
"$VPY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller build.spec

bundle_size=$(du -sh dist/planwall | cut -f1)
bundle_files=$(find dist/planwall -type f | wc -l)
echo "   bundle: dist/planwall, $bundle_size in $bundle_files files"

if [ "$smoke" = 1 ]; then
  step "smoke test (packaging/smoke.sh)"
  bash packaging/smoke.sh dist/planwall
fi
step "done"
echo "== built in $(( $(date +%s) - t0 )) s; bundle $bundle_size (dist/planwall)"
