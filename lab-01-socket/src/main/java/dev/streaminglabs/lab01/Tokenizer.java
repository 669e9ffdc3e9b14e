package dev.streaminglabs.lab01;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.streaminglabs.common.NotDoneYet;

/**
 * Step 1 — split a line into words.
 *
 * <p>A word is a run of letters or digits, in lower case. Everything else (spaces, punctuation, tabs) separates
 * words. Letters are Unicode letters: "éléphant" and "Москва" are words too.
 */
public final class Tokenizer {

    private Tokenizer() {
    }

    /**
     * The words of a line, in order, lower case, with no empty strings.
     *
     * <p>{@code wordsOf("To be, or NOT to be!")} is {@code [to, be, or, not, to, be]}.
     */
    public static List<String> wordsOf(String line) {
        // TODO Step 1: lower-case the line, split it on everything that is not a letter or a digit, drop empty words.
        throw new NotDoneYet("lab-01-socket", 1, "split a line into words");
    }
}
