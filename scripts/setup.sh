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

# The lockfile is the truth on CI; locally keep it in step with package.json edits.
if [ -n "${CI:-}" ]; then
  pnpm install --frozen-lockfile --reporter=append-only
else
  pnpm install --reporter=silent
fi
