#!/usr/bin/env bash
# Prepare a machine (or a USB stick) for a classroom without network: download Maven itself, every dependency and
# every plugin that the workbook's two modes need, by running their builds once. Afterwards every documented command
# works offline, with `-o`:
#
#   ./mvnw -o test -pl lab-01-socket -am                     # student mode
#   ./mvnw -o -Psolutions verify                             # solutions mode
#   ./mvnw -o -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab01
#
# Usage:
#   scripts/prepare-offline.sh                               # fills ~/.m2 (what ./mvnw uses)
#   scripts/prepare-offline.sh -Dmaven.repo.local=/path/repo # extra Maven options are passed to every build
#
# Why real builds rather than `dependency:go-offline`: go-offline misses what is resolved only when a plugin runs
# (surefire's JUnit Platform provider, for example). Running the tests once fetches exactly what the tests need.
# Student mode runs too: its tests fail with "not done yet", which is expected and ignored here.
# Windows without Git Bash: run the same ./mvnw commands with mvnw.cmd (see docs/setup.md).
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
mvn=(./mvnw -B "$@")

step() { echo; echo "== $1 ($((SECONDS - started)) s so far)"; }

# Running one quick test class per module is enough to fetch what the test runner loads only when tests run
# (surefire's JUnit provider); the whole suites would only add minutes.
quick_tests=(-Dtest='FloorProbeTest,DemosTest' -Dsurefire.failIfNoSpecifiedTests=false)

step "1/4 student mode: compile every lab and its tests, run the test kit's first test (it fetches the test runner)"
"${mvn[@]}" clean verify "${quick_tests[@]}" -Dmaven.test.failure.ignore=true -Dsurefire.printSummary=false

# The student edition has no solutions profile (and no demo runner): its room needs student mode only.
if grep -q '<id>solutions</id>' pom.xml; then
  step "2/4 solutions mode: the reference solutions, the demo runner and its jar, the runner's first test"
  "${mvn[@]}" -Psolutions clean verify "${quick_tests[@]}"

  step "3/4 the demo runner (exec-maven-plugin), as the README runs it"
  "${mvn[@]}" -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=list
fi

step "4/4 plugins that only some commands use: install, and the dependency plugin of scripts/cluster-demo.sh"
"${mvn[@]}" -q install:help >/dev/null
if [ -f scripts/cluster-demo.sh ]; then
  dependency_plugin=$(sed -n 's/^DEPENDENCY_PLUGIN=//p' scripts/cluster-demo.sh | head -1)
  if [ -n "$dependency_plugin" ]; then
    "${mvn[@]}" -q "$dependency_plugin:help" >/dev/null
  fi
fi

echo
echo "ok   prepared in $((SECONDS - started)) s: the build now works offline (./mvnw -o ...)."
echo "     Copy ~/.m2/repository and ~/.m2/wrapper to another machine's ~/.m2 to prepare it without network."
