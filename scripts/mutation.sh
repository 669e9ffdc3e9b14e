#!/usr/bin/env bash
# Mutation testing of the reference solutions with PIT: a second opinion on the labs' tests, beside the hand-written
# wrong-answers suite. Slow (every mutant reruns the tests that cover it, each test JVM starts Spark): run it when a
# lab's tests change, not in CI.
#
#   scripts/mutation.sh                   # every lab
#   scripts/mutation.sh lab-01-socket     # some labs
#   scripts/mutation.sh lab-03-structured -Dpit.targetClasses='dev.streaminglabs.lab03.Triggers*'
#                                         # some classes of a lab (the -D options go to Maven)
#
# Prints each lab's score (mutants killed / mutants); the reports are in <lab>/target/pit-reports/index.html and
# mutations.xml. docs/mutation.md records the scores and explains each surviving mutant.
set -euo pipefail
cd "$(dirname "$0")/.."
labs=()
options=()
for arg in "$@"; do
  case "$arg" in -D*) options+=("$arg") ;; *) labs+=("$arg") ;; esac
done
[ ${#labs[@]} -gt 0 ] || mapfile -t labs < <(ls -d lab-0*/src/test/java | cut -d/ -f1)

for lab in "${labs[@]}"; do
  started=$SECONDS
  mkdir -p "$lab/target"
  # The given code (src/given/java) shares the solution's output folder: leave its classes (and their inner classes)
  # out by name, so that only what the student writes is mutated.
  given=$(cd "$lab/src/given/java" 2>/dev/null && find . -name '*.java' | sed 's|^\./||; s|\.java$||; s|/|.|g' \
    | sed 's|.*|&,&$*|' | paste -sd, -)
  ./mvnw -B -q -Psolutions,mutation test-compile org.pitest:pitest-maven:mutationCoverage -pl "$lab" -am \
    ${given:+"-Dpit.excludedClasses=$given"} ${options[@]+"${options[@]}"} \
    > "$lab/target/mutation.log" 2>&1 || { tail -30 "$lab/target/mutation.log"; echo "FAIL $lab: PIT did not finish"; exit 1; }
  python3 - "$lab" $((SECONDS - started)) <<'PY'
import sys, xml.etree.ElementTree as ET
lab, seconds = sys.argv[1], sys.argv[2]
mutations = ET.parse(f"{lab}/target/pit-reports/mutations.xml").getroot().findall("mutation")
killed = [m for m in mutations if m.get("detected") == "true"]
print(f"{lab}: {len(killed)}/{len(mutations)} mutants killed ({100 * len(killed) // max(1, len(mutations))} %) in {seconds} s")
for m in mutations:
    if m.get("detected") != "true":
        print("  survived: %s.%s line %s: %s (%s)" % (m.findtext("mutatedClass").rsplit(".", 1)[-1],
              m.findtext("mutatedMethod"), m.findtext("lineNumber"), m.findtext("description"), m.get("status")))
PY
done
