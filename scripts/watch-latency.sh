#!/usr/bin/env bash
# Watch mode's latency: from a save to the step's verdict, as a student would wait for it.
#
#   scripts/watch-latency.sh LAB STEP [SAVES]            # e.g. lab-01-socket 2 5  (solutions mode, median of 5)
#   WATCH_MODE=student scripts/watch-latency.sh LAB STEP  # the skeleton instead of the reference solution
#   WATCH_IN_PLACE=1 scripts/watch-latency.sh ...         # in this checkout (only touches files) instead of a copy
#
# It starts watch mode on LAB's step STEP (-Dwatch.step: it stays there), in a copy of the repository unless
# WATCH_IN_PLACE=1, waits for the first verdict,
# then SAVES times: waits until the next test JVM is warm (as it is while a student types), re-saves the step's
# file (the first file whose skeleton says `TODO Step STEP`) with its content unchanged, and reads the watcher's own
# timing line (save → verdict, measured from the file's modification time). Prints every figure and the median, then
# quits with `q`. The one-shot step time to compare with: ./mvnw -o -Psolutions test -pl LAB -am -Dgroups=stepSTEP
set -euo pipefail
cd "$(dirname "$0")/.."
lab=${1:?usage: scripts/watch-latency.sh LAB STEP [SAVES]}
step=${2:?usage: scripts/watch-latency.sh LAB STEP [SAVES]}
saves=${3:-5}
mode=${WATCH_MODE:-solutions}
timeout=${WATCH_TIMEOUT:-300}

work=$(mktemp -d)
trap 'exec 3>&-; [ -n "${watcher:-}" ] && kill "$watcher" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
root=$PWD
if [ "${WATCH_IN_PLACE:-0}" != 1 ]; then
  root="$work/repo"; mkdir -p "$root"
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$root"
fi

skeleton_file=$(grep -rlE "TODO Step $step([^0-9]|$)" "$root/$lab/src/main/java" | sort | head -1)
[ -n "$skeleton_file" ] || { echo "no file of $lab says TODO Step $step" >&2; exit 2; }
file=$skeleton_file
profile=()
if [ "$mode" = solutions ]; then
  file=${skeleton_file/\/src\/main\/java\//\/src\/solution\/java\/}
  profile=(-Psolutions)
fi

log="$work/watch.log"
mkfifo "$work/keys"
exec 3<>"$work/keys"          # the watcher's keyboard: held open, so that it never sees the end of its input
(cd "$root" && exec ./mvnw -B -q -o "${profile[@]}" -pl "$lab" -am test-compile exec:exec -Dwatch -Dwatch.verbose=true -Dwatch.step="$step") \
  <&3 > "$log" 2>&1 &
watcher=$!

count() { grep -c -- "$1" "$log" 2>/dev/null || true; }
# wait_for PATTERN N: until the log has N lines matching PATTERN
wait_for() {
  local deadline=$((SECONDS + timeout))
  until [ "$(count "$1")" -ge "$2" ]; do
    if ! kill -0 "$watcher" 2>/dev/null; then echo "the watcher stopped:" >&2; tail -40 "$log" >&2; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for '$1' x$2:" >&2; tail -40 "$log" >&2; exit 1; fi
    sleep 0.2
  done
}

wait_for "watch · timing:" 1
for ((i = 1; i <= saves; i++)); do
  wait_for "watch · test JVM warm" $((i + 1))
  sleep 1
  touch "$file"
  wait_for "watch · timing: save" "$i"
done
printf 'q' >&3
wait "$watcher" || true
watcher=

times=$(grep "watch · timing: save" "$log" | sed -E 's/.*save→verdict ([0-9]+) ms.*/\1/')
detail=$(grep "watch · timing: save" "$log" | sed -E 's/.*\(compile ([0-9]+) ms, test run ([0-9]+) ms, CPU ([0-9]+) ms.*/compile \1, run \2 (CPU \3)/' | paste -sd ';')
median=$(echo "$times" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
cpu=$(grep "watch · timing: save" "$log" | sed -E 's/.*CPU ([0-9]+) ms.*/\1/' | sort -n \
  | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
warm=$(grep "watch · test JVM warm in" "$log" | sed -E 's/.*warm in ([0-9]+) ms.*/\1/' | sort -n \
  | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "watch-latency $lab step $step ($mode): save→verdict $(echo "$times" | paste -sd ' ') ms · median $median ms" \
  "· the run's CPU median $cpu ms · test JVM warm-up median $warm ms · [$detail]"
grep -q "it does not compile" "$log" && { echo "note: a compile error occurred:" >&2; grep -A8 "Compile error" "$log" >&2; }
exit 0
