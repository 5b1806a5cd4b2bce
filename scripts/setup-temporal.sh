#!/usr/bin/env bash
# Ensures the Temporal CLI (dev server + Web UI) is installed and prints its absolute path as
# the LAST line of stdout. Idempotent: returns at once when the CLI is already there.
# Order: $TEMPORAL_CLI, `temporal` on PATH, $HOME/go/bin/temporal, else build it with Go
# (several minutes, once per machine; installed outside the clone so every clone reuses it).
set -euo pipefail

readonly TEMPORAL_CLI_MODULE="github.com/temporalio/cli/cmd/temporal@v1.5.1" # 1.6+ has go.mod replaces that `go install` refuses
readonly GOBIN_DIR="${GOBIN:-$HOME/go/bin}"

works() { [ -n "$1" ] && [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

for candidate in "${TEMPORAL_CLI:-}" "$(command -v temporal 2>/dev/null || true)" "$GOBIN_DIR/temporal"; do
  if works "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

export PATH="$PATH:/usr/local/go/bin"
if ! command -v go >/dev/null 2>&1; then
  echo "setup-temporal: no temporal CLI and no Go toolchain. Install Go (https://go.dev/dl) or set TEMPORAL_CLI." >&2
  exit 1
fi

echo "setup-temporal: building $TEMPORAL_CLI_MODULE into $GOBIN_DIR (takes several minutes once)..." >&2
mkdir -p "$GOBIN_DIR"
# Serialise concurrent first runs (npm start and CI at once) on one lock file.
exec 9>"$GOBIN_DIR/.temporal-install.lock"
flock 9
if ! works "$GOBIN_DIR/temporal"; then
  GOBIN="$GOBIN_DIR" go install "$TEMPORAL_CLI_MODULE" >&2
fi
works "$GOBIN_DIR/temporal" || { echo "setup-temporal: build finished but $GOBIN_DIR/temporal does not run" >&2; exit 1; }
echo "$GOBIN_DIR/temporal"
