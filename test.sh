#!/usr/bin/env bash
# Runs every test of AdvisorBot: build, then the xunit suite (which starts its own loopback
# servers and, for the browser tests, installs what they need). Prints a closing line
# "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
results="$(mktemp -d)"
status=0
dotnet test AdvisorBot.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" || status=$?
# Sum the outcome counters of every results file into the plain closing line.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  # Skipped tests are counted in "total" but not "executed".
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed))); skipped=$((skipped + $(get total) - $(get executed)))
done
rm -rf "$results"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit $status
