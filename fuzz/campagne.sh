#!/usr/bin/env bash
# The long fuzz runs of issue 12, one target after the other, each for its own time, with the
# limits the issue sets (a 10 s timeout per input), and a table at the end: executions, new
# corpus entries, peak memory, and crashes or timeouts found.
#
#   fuzz/campagne.sh parse:600 check:1800 ...     (target:seconds; default: every target)
#   FUZZ_FLAGS="-s none --no-trace-compares --target-dir fuzz/target-snel"
#       the fast build: no AddressSanitizer, no trace-compares instrumentation (README,
#       "Grenzen en fuzzing"); its own target directory keeps the default build.
#
# Needs nightly Rust and cargo-fuzz. Run from anywhere; the corpora come from fuzz/seed.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d fuzz/corpus/parse ] || fuzz/seed.sh
runs=("$@")
if [ ${#runs[@]} -eq 0 ]; then
  runs=(parse:600 check:1800 rapport:600 fmt:600 eval:600 diff:1800 render:1800 batch:600 lsp:600 import:600 besluit:600)
fi
flags=${FUZZ_FLAGS:-}
mkdir -p fuzz/logs
table=()
for run in "${runs[@]}"; do
  target=${run%%:*}
  secs=${run#*:}
  extra=()
  case "$target" in
    check|rapport|render) extra+=(-max_len=12288) ;;
    # The language server's reader thread outlives an input's run: LeakSanitizer reports
    # glibc's thread-exit bookkeeping for it (see .ci/run).
    lsp) extra+=(-detect_leaks=0) ;;
  esac
  log=fuzz/logs/$target.log
  echo "== $target: $secs s ($(date -u +%H:%M:%S))"
  # shellcheck disable=SC2086
  cargo +nightly fuzz run $flags "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -dict=fuzz/verordening.dict \
    "${extra[@]}" >"$log" 2>&1 || true
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
  rss=$(grep -oE 'stat::peak_rss_mb: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  new=$(grep -oE 'stat::new_units_added: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  slow=$(grep -oE 'stat::slowest_unit_time_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  found=$( (ls fuzz/artifacts/"$target"/crash-* fuzz/artifacts/"$target"/timeout-* \
    fuzz/artifacts/"$target"/oom-* 2>/dev/null || true) | wc -l)
  line=$(printf '%-8s %6s s %12s executions %8s/s %6s new %6s MB peak %4s s slowest  %s crashes/timeouts' \
    "$target" "$secs" "$execs" "$((execs / secs))" "$new" "$rss" "$slow" "$found")
  echo "$line"
  table+=("$line")
done
echo
echo "== fuzz campaign ($(date -u +%Y-%m-%d), flags: ${flags:-default: AddressSanitizer, trace-compares})"
printf '%s\n' "${table[@]}"
