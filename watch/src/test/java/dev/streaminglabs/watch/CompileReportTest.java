package dev.streaminglabs.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompileReportTest {

    @Test
    void aMissingImportOfAKnownSparkClassNamesTheImport() {
        assertThat(CompileReport.inTheCoursesWords("compiler.err.cant.resolve.location",
                "cannot find symbol\n  symbol:   class Tuple2\n  location: class WordCount"))
                .hasValue("A Spark pair is a scala.Tuple2: add  import scala.Tuple2;");
    }

    @Test
    void aMissingSqlFunctionNamesItsStaticImport() {
        assertThat(CompileReport.inTheCoursesWords("compiler.err.cant.resolve.location.args",
                "cannot find symbol\n  symbol:   method window(org.apache.spark.sql.Column,java.lang.String)"))
                .get().asString().contains("import static org.apache.spark.sql.functions.window;");
    }

    @Test
    void aListWhereFlatMapWantsAnIteratorSaysIterator() {
        assertThat(CompileReport.inTheCoursesWords("compiler.err.prob.found.req",
                "incompatible types: bad return type in lambda expression\n    java.util.List<java.lang.String> "
                        + "cannot be converted to java.util.Iterator<U>"))
                .get().asString().contains(".iterator()");
    }

    @Test
    void codeLeftAfterTheSkeletonsThrowIsUnreachable() {
        assertThat(CompileReport.inTheCoursesWords("compiler.err.unreachable.stmt", "unreachable statement"))
                .get().asString().contains("NotDoneYet");
    }

    @Test
    void anUnknownErrorKeepsTheCompilersWordsAlone() {
        assertThat(CompileReport.inTheCoursesWords("compiler.err.something.new", "whatever")).isEmpty();
    }
}
