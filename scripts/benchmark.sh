#!/usr/bin/env bash
# Measures the student's feedback loop against the bare cost of Spark, on this machine.
#
#   scripts/benchmark.sh [RUNS]      (default 3 runs of each command; prints a Markdown table)
#
# - floor: Maven + test JVM + first SparkSession + one trivial streaming batch (the test kit's FloorProbeTest);
# - floor-structured: the same with one trigger of a first streaming aggregation instead (StructuredFloorProbeTest),
#   which the Structured Streaming labs pay and the floor does not;
# - each lab's test command in solutions mode (harness tests skipped, as in a student's run) and its ratio to the floor;
# - the whole `./mvnw -Psolutions verify`;
# - one 10-batch windowed DStream on the test clock vs the real clock (the test kit's ClockProbeTest);
# - watch mode: from a save to the step's verdict, next to the one-shot command of that step (scripts/watch-latency.sh);
# - the peak resident memory of each test JVM (VmHWM, written by the harness's PeakMemoryReport).
# Run it on a quiet machine: every figure is a median of wall-clock times. Targets: every lab <= 2.0x the floor,
# full solutions build <= 150 s warm, test JVM <= 1.2 GB, test clock >= 8x faster than the real clock.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Preparing (one warm-up build so that every run below is warm)..." >&2
./mvnw -B -q -Psolutions install -DskipTests >/dev/null

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME COMMAND... : runs the command $runs times; records wall seconds and the test JVM's peak memory.
measure() {
  local name=$1; shift
  : > "$work/$name.times"; : > "$work/$name.peaks"
  for _ in $(seq "$runs"); do
    rm -f "$work/peak"
    local start end
    start=$(date +%s.%N)
    "$@" -Dlabs.peakMemoryFile="$work/peak" > "$work/$name.log" 2>&1 || { echo "FAILED: $*" >&2; tail -30 "$work/$name.log" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$end - $start" | bc >> "$work/$name.times"
    [ -s "$work/peak" ] && cat "$work/peak" >> "$work/$name.peaks"
  done
  printf '%s\t%s\t%s\n' "$name" "$(median < "$work/$name.times")" \
    "$( [ -s "$work/$name.peaks" ] && sort -n "$work/$name.peaks" | tail -1 || echo 0)" >> "$work/results"
}

mvn_test=(./mvnw -B -o -Psolutions test -DskipHarnessTests=true)
measure floor ./mvnw -B -o -Psolutions test -pl testkit -DskipHarnessTests=false -Dtest=FloorProbeTest
measure floor-structured ./mvnw -B -o -Psolutions test -pl testkit -DskipHarnessTests=false -Dtest=StructuredFloorProbeTest
for lab in $(ls -d lab-0*/src/test/java 2>/dev/null | cut -d/ -f1); do
  measure "$lab" "${mvn_test[@]}" -pl "$lab"
done
# BENCH_VERIFY=0 leaves the whole build out (scripts/flaky.sh prints the time of each of its full runs too).
if [ "${BENCH_VERIFY:-1}" != 0 ]; then
  measure "solutions-verify" ./mvnw -B -o -Psolutions verify
fi

# Watch mode: from a save to the step's verdict (scripts/watch-latency.sh, median of $runs saves), next to the one-shot
# run of the same step. BENCH_WATCH_STEPS="lab-01-socket:2 lab-04-windowing:3" chooses the steps (default: step 1
# of every lab); BENCH_WATCH=0 leaves watch mode out.
: > "$work/watch"
if [ "${BENCH_WATCH:-1}" != 0 ]; then
  watch_steps=${BENCH_WATCH_STEPS:-$(for lab in $(ls -d lab-0*/src/test/java 2>/dev/null | cut -d/ -f1); do echo "$lab:1"; done)}
  for spec in $watch_steps; do
    lab=${spec%%:*}; step=${spec##*:}
    measure "$lab-step$step" "${mvn_test[@]}" -pl "$lab" -Dgroups="step$step"
    one_shot=$(awk -F'\t' -v n="$lab-step$step" '$1 == n { print $2 }' "$work/results")
    sed -i "/^$lab-step$step\t/d" "$work/results"
    latency=$(WATCH_IN_PLACE=1 scripts/watch-latency.sh "$lab" "$step" "$runs" | sed -nE 's/.*median ([0-9]+) ms.*/\1/p')
    printf '%s\t%s\t%s\n' "$lab step $step" "$one_shot" "$latency" >> "$work/watch"
  done
fi

# The clock probe prints its own duration: compare the test's time, not Maven's.
clock() {
  ./mvnw -B -o -Psolutions test -pl testkit -DskipHarnessTests=false -Dtest=ClockProbeTest -Dlabs.clock="$1" \
    | sed -n 's/.*clock-probe [a-z]* \([0-9]*\) ms.*/\1/p'
}
manual=$(for _ in $(seq "$runs"); do clock manual; done | median)
real=$(for _ in $(seq "$runs"); do clock real; done | median)

floor=$(awk -F'\t' '$1 == "floor" { print $2 }' "$work/results")
echo
echo "Benchmark · $(date -u +%Y-%m-%d) · $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB · $(java -version 2>&1 | head -1) · median of $runs runs"
echo
echo "| what | wall time (s) | ratio to floor | test JVM peak RSS (MB) |"
echo "|---|---:|---:|---:|"
while IFS=$'\t' read -r name seconds peak; do
  printf '| %s | %.1f | %.2f | %d |\n' "$name" "$seconds" "$(echo "$seconds / $floor" | bc -l)" "$((peak / 1024))"
done < "$work/results"
printf '| 10 windowed batches, test clock vs real clock | %s ms vs %s ms | %.1fx faster | |\n' \
  "$manual" "$real" "$(echo "$real / $manual" | bc -l)"
if [ -s "$work/watch" ]; then
  echo
  echo "| one step | one-shot test command (s) | watch mode, save → verdict (s) |"
  echo "|---|---:|---:|"
  while IFS=$'\t' read -r name one_shot latency; do
    printf '| %s | %.1f | %.1f |\n' "$name" "$one_shot" "$(echo "$latency / 1000" | bc -l)"
  done < "$work/watch"
fi
