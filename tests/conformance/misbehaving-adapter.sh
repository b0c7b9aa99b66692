#!/bin/sh
# A misbehaving adapter for the conformance suite's robustness tests: it
# answers init like a good adapter, then breaks the protocol on the next
# command in the way its argument names.
#   crash      dies by SIGSEGV without answering
#   hang       never answers (and ignores its input)
#   garbage    prints a line outside the grammar
#   grammar    prints an event with a malformed field
#   exit       exits with status 3 without answering
#   exit-holding-stdout  exits with status 0 without answering, leaving a
#              process it started holding its stdout open
# Two wrap a real adapter (the rest of the arguments) instead:
#   orphan SECONDS ADAPTER...      first starts "sleep SECONDS" in a session
#              of its own (setsid), out of reach of a process-group kill
#   slow-start SECONDS ADAPTER...  sleeps that long before starting it
mode="$1"
case "$mode" in
  orphan)     setsid sleep "$2" </dev/null >/dev/null 2>&1 & shift 2; exec "$@" ;;
  slow-start) sleep "$2"; shift 2; exec "$@" ;;
esac
read -r line || exit 0
echo "ok misbehaving-$mode"
read -r line || exit 0
case "$mode" in
  crash)   echo "about to crash on: $line" >&2; kill -SEGV $$ ;;
  hang)    exec sleep 60 ;;
  garbage) echo "Segmentation fault (core dumped), just kidding"; echo "ok" ;;
  grammar) echo "tx P 0 XYZ"; echo "ok 0" ;;
  exit)    exit 3 ;;
  exit-holding-stdout) sleep 60 & exit 0 ;;
  *)       echo "unknown mode $mode" >&2; exit 2 ;;
esac
# Whatever comes next gets no answer.
exec cat >/dev/null
