#!/usr/bin/env bash
# Builds the mock Kafka broker used by the test suites (needs Debian's librdkafka-dev).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/bin/kafka-test-broker"
mkdir -p "$here/bin"
if [ "$out" -nt "$here/main.c" ]; then exit 0; fi
cc -O2 -Wall -o "$out" "$here/main.c" -lrdkafka
echo "built $out"
