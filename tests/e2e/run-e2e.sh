#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Start rapport with a private home, data dir and in-memory settings, run a test script
# (test_e2e.py, test_a11y.py) against it through AT-SPI, and stop the app whatever happens.
# Usage: run-e2e.sh RAPPORT_BINARY SCHEMA_DIR TEST_SCRIPT OUTPUT_DIR
# RAPPORT_E2E_APP_CMD, when set, is the command that starts rapport instead of RAPPORT_BINARY
# (split on spaces; --demo is added; RAPPORT_BINARY and SCHEMA_DIR are then not used), e.g.
# "flatpak run --die-with-parent io.github.rapportdesk.Rapport" to drive the installed Flatpak
# through its sandbox (tools/flatpak).
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: run-e2e.sh RAPPORT_BINARY SCHEMA_DIR TEST_SCRIPT OUTPUT_DIR" >&2
  exit 2
fi
rapport="$1"
schema_dir="$2"
test_script="$3"
output_dir="$4"

fail ()
{
  echo "e2e: FAIL: $*" >&2
  exit 1
}

[[ -n "${DISPLAY:-}" ]] ||
  fail "DISPLAY is not set. The end-to-end test types real keys through XTest, so it needs an X server: run it with tools/test, or under xvfb-run -a."
[[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] ||
  fail "DBUS_SESSION_BUS_ADDRESS is not set. AT-SPI needs a session bus: run it with tools/test, or under dbus-run-session --."
if [[ -n "${RAPPORT_E2E_APP_CMD:-}" ]]; then
  read -r -a app_cmd <<<"$RAPPORT_E2E_APP_CMD"
else
  [[ -x "$rapport" ]] || fail "$rapport is not an executable; build the project first."
  app_cmd=("$rapport")
  [[ -f "$schema_dir/gschemas.compiled" ]] || fail "no compiled GSettings schema in $schema_dir."
fi
[[ -x /usr/bin/python3 ]] || fail "/usr/bin/python3 is missing (Debian package python3)."
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null ||
  fail "pyatspi is missing for /usr/bin/python3 (Debian package python3-pyatspi)."

scratch="$(mktemp -d "${TMPDIR:-/tmp}/rapport-e2e.XXXXXX")"
app_pid=""
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup ()
{
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$app_pid" 2>/dev/null || true
  fi
  if [[ -n "$app_pid" ]]; then
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

mkdir -p "$scratch/home" "$scratch/data" "$scratch/config" "$scratch/cache" "$output_dir"
app_log="$output_dir/$(basename "$test_script" .py)-rapport.log"

# Accessibility stays on (GTK_A11Y unset): the test reads the app through AT-SPI.
env -u GTK_A11Y -u NO_AT_BRIDGE \
  HOME="$scratch/home" \
  XDG_DATA_HOME="$scratch/data" \
  XDG_CONFIG_HOME="$scratch/config" \
  XDG_CACHE_HOME="$scratch/cache" \
  GSETTINGS_BACKEND=memory \
  GSETTINGS_SCHEMA_DIR="$schema_dir" \
  GSK_RENDERER=cairo \
  GDK_BACKEND=x11 \
  G_DEBUG=fatal-criticals \
  "${app_cmd[@]}" --demo >"$app_log" 2>&1 &
app_pid=$!
echo "e2e: started ${app_cmd[*]} (pid $app_pid), log in $app_log"

status=0
/usr/bin/python3 "$test_script" --pid "$app_pid" --output-dir "$output_dir" || status=$?

if [[ $status -ne 0 ]]; then
  echo "e2e: rapport's output:" >&2
  tail -n 50 "$app_log" >&2 || true
fi
exit "$status"
