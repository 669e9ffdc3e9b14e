#!/usr/bin/env bash
# The student edition: the workbook without its reference solutions, ready to hand out.
#
#   scripts/student-edition.sh OUTPUT_DIR                  # produce it, then check every lab in it
#   scripts/student-edition.sh OUTPUT_DIR lab-01-socket    # produce it, check some labs
#   scripts/student-edition.sh OUTPUT_DIR --no-check       # produce it only
#
# It copies the files git knows (committed or not, minus what .gitignore ignores) except every lab's
# src/solution/java, the `solutions` module, the instructor's scripts and IDE run configurations of the solutions
# module, and removes the `solutions` profile from the copied root pom. The check then builds the copy in student mode from its own folder
# (.ci/skeleton-check: every lab compiles, every step test fails with its own "not done yet", none passes).
# Hand it out as a folder, or as an archive: tar -czf labs.tar.gz -C OUTPUT_DIR .
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-}
if [ -z "$OUT" ] || [ "$OUT" = "-h" ] || [ "$OUT" = "--help" ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2
fi
shift
CHECK=true
[ "${1:-}" = "--no-check" ] && { CHECK=false; shift; }
CHECK_LABS=("$@")
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT" 2>/dev/null)" ]; then
  echo "FAIL student-edition: $OUT exists and is not empty" >&2; exit 2
fi
fail() { echo "FAIL student-edition: $*" >&2; exit 1; }
started=$(date +%s)

# What a student does not get: the answers, and the instructor's tools built on them.
instructor_only() {
  case $1 in
    */src/solution/*|solutions/*|scripts/cluster-demo.sh|scripts/student-edition.sh) return 0 ;;
    # The dashboard's browser test runs the reference solutions (a module of the solutions profile), as its script does.
    browser-tests/*|scripts/dashboard-screenshots.sh) return 0 ;;
    # The instructor's CI and measurements run the reference solutions (-Psolutions), which the handout has not.
    .ci/run|.ci/offline-check|.ci/hygiene-check|scripts/benchmark.sh|scripts/flaky.sh) return 0 ;;
    .ci/watch-check|scripts/watch-latency.sh) return 0 ;;   # watch mode's checks: they save the reference's content
    # The wrong-answers suite and the checks that read the reference solutions: patches of the answers, an answer key.
    wrong-answers/*|.ci/wrong-answers-check|.ci/pair-check|.ci/demos-check) return 0 ;;
    scripts/wrong-answers-table.py|scripts/mutation.sh|docs/instructor-guide.md|docs/mutation.md) return 0 ;;
    docs/cluster.md|docs/performance.md|CONTRIBUTING.md) return 0 ;;   # the instructor's cluster, the maintainers' pages
    .run/*) grep -q '<module name="solutions"' "$1" ;;   # an IntelliJ run configuration of the runner
    *) return 1 ;;
  esac
}

echo "== student edition in $OUT"
mkdir -p "$OUT"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' file; do
      # --cached also lists files deleted but not yet committed: only copy what exists.
      if [ -e "$file" ] && ! instructor_only "$file"; then printf '%s\0' "$file"; fi
    done \
  | tar --null -T - -cf - | tar -xf - -C "$OUT"

# The root pom without the `solutions` profile: it compiled src/solution/java and added the solutions module.
perl -0pi -e 's{\n[ \t]*<profile>\s*(?:<!--.*?-->\s*)?<id>solutions</id>.*?</profile>[ \t]*}{}s;
              s{\n[ \t]*<profiles>\s*</profiles>[ \t]*}{}s' "$OUT/pom.xml"

# The IDE run configurations again, from the copy: without the solutions module they name no demo of the runner.
# The Markdown as a student reads it: instructor-only passages (between <!-- instructor --> and <!-- /instructor -->)
# out, the student's own passages (<!-- student-edition ... -->) in, the reference demo's command out of the labs'
# "Run it for real", and table rows about the solutions mode out. Then no command of the handout names what it lacks.
find "$OUT" -name '*.md' -print0 | xargs -0 perl -0pi -e '
  s{[ \t]*<!-- instructor -->.*?<!-- /instructor -->[ \t]*\n?}{}gs;
  s{<!-- student-edition\n(.*?)-->\n?}{$1}gs;
  s{(?:The reference(?: solution)?\s+runs\s+with|The reference solution\s+runs\s+with)\s+`\./mvnw -q -Psolutions -pl solutions -am compile exec:exec -Ddemo=lab\d+`\.\s*}{}g;
  s{ \(the reference: -Psolutions[^)\n]*\)}{}g;
  s{^\|[^\n]*-Psolutions[^\n]*\|\n}{}gm;
  s{^\|[^\n]*\]\((?:\.\./)?(?:docs/)?(?:instructor-guide|cluster|performance|mutation)\.md\)[^\n]*\|\n}{}gm;
  s{\[([^\]]+)\]\((?:\.\./)?(?:docs/)?(?:instructor-guide|cluster|performance|mutation)\.md(?:#[^)]*)?\)}{$1}g;'
commands=$(cd "$OUT" && grep -rnE --include='*.md' -e '(mvnw(\.cmd)?[^`]*-Psolutions|-pl solutions|diff -r [^`]*src/solution)' . || true)
[ -z "$commands" ] || fail "the handout's Markdown still gives commands it cannot run: $commands"

if [ -f "$OUT/scripts/ide-configs.py" ] && command -v python3 >/dev/null; then
  python3 "$OUT/scripts/ide-configs.py" >/dev/null || fail "scripts/ide-configs.py failed in the copy"
fi

# What must not be in it.
leaks=$(cd "$OUT" && { find . -path '*/src/solution' -o -path ./solutions; grep -l '<id>solutions</id>' pom.xml; } || true)
[ -z "$leaks" ] || fail "the copy still holds instructor material: $leaks"
files=$(cd "$OUT" && find . -type f | wc -l)
labs=$(cd "$OUT" && ls -d lab-0*/ 2>/dev/null | tr -d / | xargs)
echo "   $files files, labs: $labs"
# Words that point at what was removed: worth a look, not an error (a README may mention the instructor's build).
mentions=$(cd "$OUT" && grep -rlE --exclude-dir=.ci -e 'dev\.streaminglabs\.solutions|scripts/(cluster-demo|student-edition)|instructor-guide\.md|wrong-answers/' . \
  | xargs || true)
[ -z "$mentions" ] || echo "   note: these files mention instructor-only material: $mentions"

if [ "$CHECK" = true ]; then
  echo "== checking it from its own folder: student-mode build and .ci/skeleton-check"
  check_started=$(date +%s)
  (cd "$OUT" && .ci/skeleton-check "${CHECK_LABS[@]}") || fail "the student edition does not pass the skeleton check"
  rm -rf "$OUT"/*/target   # the check's build output is not part of the handout
  echo "   checked in $(($(date +%s) - check_started)) s"
fi
echo "== ok: student edition ready in $OUT ($(($(date +%s) - started)) s)"
