#!/usr/bin/env python3
"""Writes the instructor guide's "common mistakes" tables from the wrong-answers suite.

Each lab's table in docs/instructor-guide.md sits between two markers,

    <!-- wrong-answers: lab-01-socket -->
    ...
    <!-- /wrong-answers -->

and holds one row per patch of wrong-answers/<lab>/ (its "Mistake:" and "Sees:" header lines), so that the guide
names no mistake that no test catches, and the suite checks every mistake the guide names.

    scripts/wrong-answers-table.py           # rewrite the tables
    scripts/wrong-answers-table.py --check   # fail if a table is out of date, or a lab has fewer than 6 patches

Python 3.8+, standard library only.
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "instructor-guide.md"
MARKER = re.compile(r"(<!-- wrong-answers: (lab-[\w-]+) -->\n)(.*?)(<!-- /wrong-answers -->)", re.S)
MINIMUM = 6


def header(patch, name):
    for line in patch.read_text(encoding="utf-8").splitlines():
        if line.startswith("diff --git"):
            break
        if line.startswith(name + ":"):
            return line[len(name) + 1:].strip()
    return ""


def table(lab):
    patches = sorted((ROOT / "wrong-answers" / lab).glob("*.patch"))
    rows = ["| Mistake | What the student sees |", "|---|---|"]
    for patch in patches:
        rows.append("| %s | %s |" % (header(patch, "Mistake").replace("|", "\\|"),
                                     header(patch, "Sees").replace("|", "\\|")))
    rows.append("")
    rows.append("*%d mistakes, each a patch in [`wrong-answers/%s`](../wrong-answers/%s) that `.ci/wrong-answers-check` "
                "proves a test catches.*" % (len(patches), lab, lab))
    return "\n".join(rows) + "\n", len(patches)


def main():
    check = "--check" in sys.argv[1:]
    text = GUIDE.read_text(encoding="utf-8")
    problems = []
    labs_in_guide = set()

    def replace(match):
        lab = match.group(2)
        labs_in_guide.add(lab)
        body, count = table(lab)
        if count < MINIMUM:
            problems.append("%s has %d wrong-answer patches (at least %d)" % (lab, count, MINIMUM))
        return match.group(1) + body + match.group(4)

    new = MARKER.sub(replace, text)
    for lab_dir in sorted(ROOT.glob("lab-0*")):
        if (lab_dir / "src" / "test" / "java").is_dir() and lab_dir.name not in labs_in_guide:
            problems.append("docs/instructor-guide.md has no '<!-- wrong-answers: %s -->' table" % lab_dir.name)
    if check:
        if new != text:
            problems.append("the instructor guide's tables are out of date: run scripts/wrong-answers-table.py")
        for problem in problems:
            print("FAIL " + problem)
        if not problems:
            print("ok   the instructor guide's tables match the wrong-answers suite")
        return 1 if problems else 0
    GUIDE.write_text(new, encoding="utf-8")
    for problem in problems:
        print("note: " + problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
