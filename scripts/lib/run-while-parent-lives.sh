#!/usr/bin/env bash
# Runs "$@" until our stdin closes, then stops it. The Node parent holds the other end of the
# pipe, so however the parent ends (Ctrl-C, crash, SIGKILL) the child server does not outlive it.
# Ends with the child's status when the child ends first (e.g. a server refusing to start).
# RUN_WHILE_PARENT_LIVES_SIGNAL names the signal that stops the child (default TERM; PostgreSQL
# gets INT, its fast shutdown, which does not wait for clients to disconnect).
stop_signal="${RUN_WHILE_PARENT_LIVES_SIGNAL:-TERM}"
"$@" </dev/null &
child=$!
cat <&0 >/dev/null & # ends when the parent closes our stdin (explicit <&0: a background job would get /dev/null)
reader=$!
stop_child() { kill -"$stop_signal" "$child" 2>/dev/null; wait "$child"; }
trap 'kill "$reader" 2>/dev/null; stop_child; exit 0' TERM INT
wait -n
status=$?
if kill -0 "$child" 2>/dev/null; then # the parent is gone
  stop_child
  exit 0
fi
kill "$reader" 2>/dev/null
exit "$status"
