#!/usr/bin/env bash
# The flake detector: runs the whole solutions suite N times and lists every test that failed at least once.
#
#   scripts/flaky.sh [N]      (default 10)
#
# A flaky test is fixed at its cause (time, ports, shared state, ordering), never retried.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./mvnw -B -q -Psolutions install -DskipTests >/dev/null || { echo "the build does not compile"; exit 1; }
logs=target/flaky
rm -rf "$logs"; mkdir -p "$logs"
for i in $(seq "$runs"); do
  rm -rf ./*/target/surefire-reports   # a run must not count the reports of the run before
  start=$(date +%s)
  if ! ./mvnw -B -o -Psolutions verify -Dmaven.test.failure.ignore=true > "$logs/run-$i.log" 2>&1; then
    # Not a test failure (those are ignored above): a crashed test JVM, a build error. Count it too.
    printf 'the build itself\t%s\t%s\n' "$i" "$(grep -m1 '\[ERROR\]' "$logs/run-$i.log")" >> "$work/failures"
  fi
  # One line per failed test: class.method <TAB> first line of the message.
  python3 - "$work/failures" "$i" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
out, run = sys.argv[1], sys.argv[2]
with open(out, "a") as failures:
    for report in glob.glob("*/target/surefire-reports/TEST-*.xml"):
        for case in ET.parse(report).getroot().iter("testcase"):
            for bad in list(case.findall("failure")) + list(case.findall("error")):
                message = (bad.get("message") or bad.get("type") or "").splitlines()
                failures.write(f"{case.get('classname')}.{case.get('name')}\t{run}\t{message[0] if message else ''}\n")
PY
  tests=$(cat */target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*' | sed -E 's/.* tests="([0-9]+)".*/\1/' | awk '{ s += $1 } END { print s }')
  failed=$( [ -f "$work/failures" ] && awk -F'\t' -v r="$i" '$2 == r' "$work/failures" | wc -l || echo 0)
  echo "run $i/$runs: $tests tests, $failed failed, $(( $(date +%s) - start )) s"
  [ "$failed" -eq 0 ] && rm -f "$logs/run-$i.log"   # keep the logs of the runs that failed, for the diagnosis
done
if [ -s "$work/failures" ]; then
  echo; echo "Tests that failed at least once (test · failed runs · first message):"
  awk -F'\t' '{ n[$1]++; if (!($1 in m)) m[$1] = $3 } END { for (t in n) printf "  %s · %d/%d · %s\n", t, n[t], '"$runs"', m[t] }' "$work/failures"
  echo "Logs of those runs: $logs/"
  exit 1
fi
echo; echo "No flaky test: $runs runs, zero failures."
