#!/bin/sh
# Runs the compiled app named by the first argument (platform, attribution, fraud, rewards, analytics) as PID 1,
# so SIGTERM reaches it and it shuts down gracefully.
set -eu
root=$(cd "$(dirname "$0")" && pwd)
app="${1:-platform}"
main="$root/dist/apps/$app/src/main.js"
if [ ! -f "$main" ]; then
  echo "unknown app '$app': one of $(ls "$root/dist/apps" | tr '\n' ' ')" >&2
  exit 64
fi
exec node "$main"
