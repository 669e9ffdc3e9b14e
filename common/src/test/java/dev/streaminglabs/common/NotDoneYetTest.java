package dev.streaminglabs.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

class NotDoneYetTest {

    @Test
    void messageNamesTheLabTheStepAndWhereToRead() {
        var todo = new NotDoneYet("lab-01-socket", 2, "count the words of each batch");

        assertThat(todo).hasMessage(
                "Lab 01 · Step 2 — count the words of each batch — not done yet: see lab-01-socket/README.md#step-2");
        assertThat(todo.lab()).isEqualTo("lab-01-socket");
        assertThat(todo.step()).isEqualTo(2);
    }

    @Test
    void isFoundHoweverDeeplySparkWrappedIt() {
        var todo = new NotDoneYet("lab-03-structured", 1, "count words");
        var wrapped = new SparkException("Job aborted", new RuntimeException("task failed", todo));

        assertThat(NotDoneYet.findIn(wrapped)).isSameAs(todo);
        assertThat(NotDoneYet.isNotDoneYet(wrapped)).isTrue();
    }

    @Test
    void isRecognisedByItsMessageWhenOnlyTheTextSurvived() {
        var onlyText = new SparkException("Task failed: " + new NotDoneYet("lab-01-socket", 3, "top words").getMessage());

        assertThat(NotDoneYet.findIn(onlyText)).isNull();
        assertThat(NotDoneYet.isNotDoneYet(onlyText)).isTrue();
    }

    @Test
    void anyOtherFailureIsNotATodo() {
        assertThat(NotDoneYet.isNotDoneYet(new IllegalStateException("boom", new NullPointerException()))).isFalse();
    }
}
