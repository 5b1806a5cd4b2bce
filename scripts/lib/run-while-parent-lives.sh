#!/usr/bin/env bash
# Runs "$@" until our stdin closes, then stops it. The Node parent holds the other end of the
# pipe, so however the parent ends (Ctrl-C, crash, SIGKILL) the child server does not outlive it.
# RUN_WHILE_PARENT_LIVES_SIGNAL names the signal that stops the child (default TERM; PostgreSQL
# gets INT, its fast shutdown, which does not wait for clients to disconnect).
stop_signal="${RUN_WHILE_PARENT_LIVES_SIGNAL:-TERM}"
"$@" </dev/null &
child=$!
trap 'kill -"$stop_signal" "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
cat >/dev/null || true
kill -"$stop_signal" "$child" 2>/dev/null || true
wait "$child" || true
