#!/bin/sh
# Instructions per evaluation (callgrind), steadier than times on a shared 2-core machine.
# Usage: benches/instructions.sh [BENCH_BINARY [ORDINANCE]]
# Without a binary it builds the bench (`cargo bench --no-run`). It counts only inside
# `Evaluator::voorziening_into` (15 000 calls: 10 000 warm-up + 5 000 timed at BENCH_SCALE=1,
# jobcoaching) and `Evaluator::all_into` (1 001 calls, the whole ordinance) and divides; on
# Voorbeeldstad 2023 also the limit written by hand (benches/handgeschreven, the same calls:
# `regels::beoordeel_jobcoaching` and `regels::beoordeel`), without the differential check.
set -eu
bin=${1:-}
ordinance=${2:-ordinances/voorbeeld/voorbeeldstad-2023.vo}
if [ -z "$bin" ]; then
    bin=$(cargo bench --no-run --bench bench --message-format=json 2>/dev/null |
        sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
fi
for f in '*Evaluator*voorziening_into*:15000' '*Evaluator*all_into*:1001' \
    '*regels::beoordeel_jobcoaching:15000' '*regels::beoordeel:1001'; do
    name=${f%:*}
    calls=${f##*:}
    out=$(BENCH_SKIP_CHECK=1 BENCH_SCALE=1 BENCH_VERGELIJK=0 valgrind --tool=callgrind \
        --callgrind-out-file=/dev/null --collect-atstart=no "--toggle-collect=$name" \
        "$bin" "$ordinance" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    [ -n "$out" ] || continue
    echo "$name: $((out / calls)) instructions per call ($out over $calls calls)"
done
