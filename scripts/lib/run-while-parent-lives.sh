#!/usr/bin/env bash
# Runs "$@" until our stdin closes, then stops it. The Node parent holds the other end of the
# pipe, so however the parent ends (Ctrl-C, crash, SIGKILL) the child server does not outlive it.
"$@" </dev/null &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
cat >/dev/null || true
kill -TERM "$child" 2>/dev/null || true
wait "$child" || true
