package dev.streaminglabs.lab01;

import static dev.streaminglabs.lab01.Tokenizer.wordsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Locale;
import java.util.TreeSet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step1")
@DisplayName("Step 1 — split a line into words")
class Step1TokenizerTest {

    @Test
    void splitsOnSpaces() {
        assertThat(wordsOf("spark streams words"))
                .as("the words of \"spark streams words\"")
                .containsExactly("spark", "streams", "words");
    }

    @Test
    void wordsAreLowerCase() {
        assertThat(wordsOf("Spark SPARK spark"))
                .as("Spark, SPARK and spark are the same word")
                .containsExactly("spark", "spark", "spark");
    }

    @Test
    void punctuationIsNotPartOfAWord() {
        assertThat(wordsOf("To be, or not to be: that's it!"))
                .as("punctuation separates words and is dropped")
                .containsExactly("to", "be", "or", "not", "to", "be", "that", "s", "it");
    }

    @Test
    void severalSeparatorsInARowMakeNoEmptyWord() {
        assertThat(wordsOf("  spark\t\tstreaming --  works  "))
                .as("spaces, tabs and dashes in a row, at the start and at the end: no empty word \"\"")
                .containsExactly("spark", "streaming", "works");
    }

    @Test
    void blankLineHasNoWords() {
        assertThat(wordsOf("")).as("an empty line has no words, not even an empty word \"\"").isEmpty();
        assertThat(wordsOf("   \t ")).as("a line of spaces and tabs has no words, not even an empty word \"\"")
                .isEmpty();
        assertThat(wordsOf("?!...")).as("a line of punctuation has no words, not even an empty word \"\"").isEmpty();
    }

    @Test
    void accentedWordsStayWhole() {
        assertThat(wordsOf("L'Éléphant boit un café à Noël"))
                .as("accented letters are letters: \"éléphant\" is one word")
                .containsExactly("l", "éléphant", "boit", "un", "café", "à", "noël");
    }

    /**
     * In Turkish, the capital of "i" is "İ" and the small letter of "I" is the dotless "ı": {@code toLowerCase()}
     * follows the machine's language. The test runs the tokenizer as on a Turkish machine, whatever this one is.
     */
    @Test
    void lowerCaseDoesNotDependOnTheMachinesLanguage() {
        var machine = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            assertThat(wordsOf("TITLE: INFO"))
                    .as("""
                            the words of "TITLE: INFO" on a machine set to Turkish, where "I".toLowerCase() is the \
                            dotless "ı": lower-case with toLowerCase(Locale.ROOT), not the machine's language""")
                    .containsExactly("title", "info");
        } finally {
            Locale.setDefault(machine);
        }
    }

    @Test
    void lettersOfOtherAlphabetsAreLetters() {
        assertThat(wordsOf("Москва 東京 Αθήνα")).containsExactly("москва", "東京", "αθήνα");
    }

    @Test
    void digitsAreWordsToo() {
        assertThat(wordsOf("Spark 4.1 has 2 APIs"))
                .as("numbers are words, the dot separates them")
                .containsExactly("spark", "4", "1", "has", "2", "apis");
    }

    @Test
    void veryLongLine() {
        var line = String.join(" ", Collections.nCopies(50_000, "Stream,"));
        var words = wordsOf(line);
        // Sizes and distinct words, not the lists: a failure must not print 50,000 words.
        assertThat(words.size()).as("the number of words of a line of 50,000 times \"Stream,\"").isEqualTo(50_000);
        assertThat(new TreeSet<>(words)).as("the distinct words of a line of 50,000 times \"Stream,\"")
                .containsExactly("stream");
    }
}
