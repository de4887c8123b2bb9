#!/usr/bin/env bash
# One-stop set-up for a fresh machine: the pinned pnpm, then the workspace's dependencies.
# Idempotent and quiet when everything is already in place. Needs only Node ≥ 20 and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(node -p "require('./package.json').packageManager.split('@')[1]")
have=$(pnpm --version 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "setup: installing pnpm@$want (found: ${have:-none})"
  npm install -g "pnpm@$want" --silent
fi

# Debian packages the project needs at run time: the CJK font that @dl/vision-plate renders
# province characters from (DejaVu, for Latin glyphs, ships with the base system), and
# espeak-ng, which speaks the synthetic digits @dl/speech trains and tests on.
need_apt=()
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_apt+=(fonts-wqy-microhei)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "$sudo" ] || command -v sudo >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]} (apt)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: cannot install ${need_apt[*]} (not root, no sudo); plate and speech synthesis will fail" >&2
  fi
fi

# The lockfile is the truth on CI; locally keep it in step with package.json edits.
if [ -n "${CI:-}" ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --reporter=silent
fi
