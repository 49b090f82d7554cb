#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one libFuzzer harness for a while: new inputs go to WORKDIR/corpus (the seed corpus in
# the source tree is only read), a crashing, leaking or slow input to WORKDIR/crashes/.
# RAPPORT_FUZZ_SECONDS, when set, replaces SECONDS. libFuzzer ends with its statistics
# (stat::number_of_executed_units …) and fails on the first crash.
# Usage: run-fuzz.sh HARNESS SEED-DIR WORKDIR SECONDS [LIBFUZZER OPTIONS…]
set -euo pipefail

harness="$1"
seeds="$2"
work="$3"
seconds="${RAPPORT_FUZZ_SECONDS:-$4}"
shift 4

mkdir -p "$work/corpus" "$work/crashes"
# -timeout: an input that takes 10 s (under the sanitizers) is a hang to report.
exec "$harness" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/crashes/" "$@" "$work/corpus" "$seeds"
