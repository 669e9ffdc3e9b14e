#!/usr/bin/env bash
# Refreshes the pictures of the live dashboard that the READMEs of lab 03 and lab 04 show (docs/images/dashboard-*.png):
# runs the browser tests (headless Chromium opens the dashboard of lab 03's and lab 04's reference solutions, fed with
# a known input, and checks what it shows), then copies the screenshots they took. Commit the two files afterwards.
#
#   scripts/dashboard-screenshots.sh
#
# Needs Chromium and its driver: on Debian or Ubuntu, `apt-get install chromium chromium-driver`.
set -euo pipefail
cd "$(dirname "$0")/.."

for program in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$program" ] || { echo "FAIL: $program is missing (apt-get install chromium chromium-driver)"; exit 1; }
done
rm -rf browser-tests/target/screenshots
./mvnw -B -q -Psolutions test -pl browser-tests -am -Dtest='*InABrowserTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -DskipHarnessTests=true
mkdir -p docs/images
for name in dashboard-words dashboard-windows; do
  shot=browser-tests/target/screenshots/$name.png
  [ -s "$shot" ] || { echo "FAIL: the browser test made no $shot"; exit 1; }
  cp "$shot" "docs/images/$name.png"
done
echo "ok   docs/images/dashboard-words.png and docs/images/dashboard-windows.png refreshed: commit them"
