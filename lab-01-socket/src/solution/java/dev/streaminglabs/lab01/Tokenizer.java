package dev.streaminglabs.lab01;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
        return Arrays.stream(line.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }
}
