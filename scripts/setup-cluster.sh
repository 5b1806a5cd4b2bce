#!/usr/bin/env bash
# `npm run setup:cluster` — what the production-like cluster (`npm run cluster`) needs beyond
# `npm start`: the Temporal server and its SQL schema tool (the server version the pinned CLI
# bundles, built once into $HOME/go/bin, outside the clone, like setup-temporal.sh) and HAProxy
# from Debian's packages. Idempotent: every step is skipped when its result is already there.
set -euo pipefail

readonly TEMPORAL_SERVER_VERSION="v1.29.1" # the server inside the pinned CLI v1.5.1
readonly TEMPORAL_UI_VERSION="v2.42.1"     # the UI server inside the pinned CLI v1.5.1 (its go.mod)
readonly GOBIN_DIR="${GOBIN:-$HOME/go/bin}"
export PATH="$PATH:/usr/local/go/bin"

runs() { [ -x "$1" ] && "$1" --help >/dev/null 2>&1; }

build_go() { # name module [subfolder of GOBIN]
  local bin_dir="$GOBIN_DIR${3:+/$3}"
  local target="$bin_dir/$1"
  if runs "$target"; then return 0; fi
  command -v go >/dev/null 2>&1 || { echo "setup-cluster: Go is needed to build $2" >&2; exit 1; }
  echo "setup-cluster: building $2 into $bin_dir (minutes, once per machine)..." >&2
  mkdir -p "$bin_dir"
  exec 9>"$GOBIN_DIR/.temporal-server-install.lock"
  flock 9
  runs "$target" || GOBIN="$bin_dir" go install "$2"
  exec 9>&-
}

build_go server "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION"
build_go sql "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
# The Web UI server (assets embedded); its binary is also called `server`, hence its own folder.
build_go server "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_VERSION" temporal-ui
bash "$(dirname "$0")/setup-temporal.sh" >/dev/null # the CLI registers the namespace and search attributes

if ! command -v haproxy >/dev/null 2>&1; then
  echo "setup-cluster: installing HAProxy from the Debian packages..." >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq haproxy >/dev/null
fi
# Go's module cache holds the server's schema files and the tools: print where, for the cluster script.
echo "temporal-server=$GOBIN_DIR/server"
echo "temporal-sql-tool=$GOBIN_DIR/sql"
echo "temporal-ui=$GOBIN_DIR/temporal-ui/server"
echo "temporal-schema=$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION/schema/postgresql/v12"
echo "haproxy=$(command -v haproxy)"
