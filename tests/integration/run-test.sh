#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one integration test program with a private RT work dir (RAPPORT_RT_WORKDIR), and stops
# that RT whatever happens to the program (failure, crash, timeout), so no rt-server survives
# a run. Usage: run-test.sh PROGRAM [ARGS…]
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
workdir=$(mktemp -d "${TMPDIR:-/tmp}/rapport-rt.XXXXXX") || exit 1
child=""

# shellcheck disable=SC2317  # called through the traps below
cleanup ()
{
  if [[ -n "$child" ]]; then
    kill -TERM "$child" 2>/dev/null && wait "$child"
  fi
  "$here/rt-server.sh" stop "$workdir" >&2 || true
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

RAPPORT_RT_WORKDIR="$workdir" "$@" &
child=$!
wait "$child"
status=$?
child=""
exit "$status"
