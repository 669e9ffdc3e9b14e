package dev.streaminglabs.watch;

import java.nio.file.Path;
import java.util.List;

/**
 * A step of a lab, as watch mode knows it.
 *
 * @param number   the step's number
 * @param title    its title, from the README's "## Step N — title" (or the test class's display name)
 * @param hints    the README's folded hints for it, gentle first
 * @param files    the files it asks the student to edit, relative to the exercise's source folder (the skeleton's
 *                 {@code // TODO Step N} and {@code NotDoneYet(lab, N, ...)} say which)
 * @param hasTests whether a test class is tagged {@code stepN}
 */
public record Step(int number, String title, List<Hint> hints, List<Path> files, boolean hasTests) {

    /** A folded hint: its summary ("Hint 2") and its text (Markdown, as written in the README). */
    public record Hint(String summary, String text) {
    }

    public String label() {
        return "Step " + number + " — " + title;
    }
}
