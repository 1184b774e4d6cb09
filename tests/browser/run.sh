#!/usr/bin/env bash
# The pages in a real browser: starts `ratsinfo serve --demo` on a fresh SQLite file and
# drives headless Chromium over it (drive.py). Needs Debian's chromium and
# chromium-driver; installs them when missing and it may, fails loudly otherwise.
# usage: tests/browser/run.sh [path/to/ratsinfo]
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing chromium and chromium-driver (Debian packages)"
        apt-get install -y -qq chromium chromium-driver >/dev/null ||
            { apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; }
    fi
fi
for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "FATAL: $tool is missing; install Debian's chromium and chromium-driver" >&2; exit 1; }
done

bin="${1:-${CARGO_TARGET_DIR:-target}/debug/ratsinfo}"
[ -x "$bin" ] || { echo "FATAL: no ratsinfo binary at $bin (cargo build first)" >&2; exit 1; }
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$bin" serve --demo --database-url "sqlite://$work/demo.db" --bind "127.0.0.1:$port" \
    --public-url "$base" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$base/oparl/v1.1/system" 2>/dev/null && break
    kill -0 $server 2>/dev/null || { cat "$work/serve.log" >&2; echo "FATAL: the server did not start" >&2; exit 1; }
    sleep 0.2
done
timeout 120 python3 tests/browser/drive.py "$base" "${BROWSER_SHOTS:-$work/shots}"
