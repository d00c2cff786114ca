#!/usr/bin/env bash
# Install Planwall's desktop integration for the current user on Linux (no root needed):
# the menu entry, the icon in every size, the .planwall file type (double-click opens Planwall)
# and, for a bundle, a `workshop-app` command in ~/.local/bin.
#
#   bash packaging/install-linux.sh [BUNDLE_DIR]     install (BUNDLE_DIR e.g. dist/planwall)
#   bash packaging/install-linux.sh --uninstall      remove all of it again
#
# Without BUNDLE_DIR, `workshop-app` must already be on PATH (pip install). Honours XDG_DATA_HOME;
# BIN_DIR (default ~/.local/bin) is where the command link goes.
set -euo pipefail
cd "$(dirname "$0")/.."

DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN_DIR="${BIN_DIR:-$HOME/.local/bin}"
SIZES="16 24 32 48 64 128 256 512"

refresh() {  # let the desktop know; each tool is optional
  if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$DATA/mime" >/dev/null; fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$DATA/icons/hicolor" >/dev/null 2>&1 || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$DATA/applications/planwall.desktop" "$DATA/mime/packages/planwall-mime.xml" \
    "$DATA/icons/hicolor/scalable/apps/planwall.svg"
  for s in $SIZES; do rm -f "$DATA/icons/hicolor/${s}x${s}/apps/planwall.png"; done
  if [ -L "$BIN_DIR/workshop-app" ]; then rm -f "$BIN_DIR/workshop-app"; fi
  mkdir -p "$DATA/mime"
  refresh
  echo "Planwall's menu entry, icon and file type are removed (your workshops are not touched)."
  exit 0
fi

if [ -n "${1:-}" ]; then
  bundle="$(cd "$1" && pwd)"
  if [ ! -x "$bundle/planwall" ]; then
    echo "install-linux: no program at $bundle/planwall (build it: bash packaging/build.sh)" >&2
    exit 1
  fi
  mkdir -p "$BIN_DIR"
  ln -sfn "$bundle/planwall" "$BIN_DIR/workshop-app"
  echo "workshop-app -> $bundle/planwall"
  case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) echo "note: $BIN_DIR is not on your PATH; add it so the menu entry finds workshop-app" ;;
  esac
elif ! command -v workshop-app >/dev/null 2>&1; then
  echo "install-linux: workshop-app is not on PATH; pass the bundle folder (e.g. dist/planwall)" >&2
  exit 1
fi

mkdir -p "$DATA/applications" "$DATA/mime/packages" "$DATA/icons/hicolor/scalable/apps"
install -m 644 packaging/planwall.desktop "$DATA/applications/planwall.desktop"
install -m 644 packaging/planwall-mime.xml "$DATA/mime/packages/planwall-mime.xml"
install -m 644 resources/icons/planwall.svg "$DATA/icons/hicolor/scalable/apps/planwall.svg"
for s in $SIZES; do
  mkdir -p "$DATA/icons/hicolor/${s}x${s}/apps"
  install -m 644 "resources/icons/planwall-$s.png" "$DATA/icons/hicolor/${s}x${s}/apps/planwall.png"
done
refresh
echo "Planwall is in the applications menu, and .planwall files open with it."
