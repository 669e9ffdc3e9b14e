package dev.streaminglabs.testkit.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

import dev.streaminglabs.testkit.DropFolder;

class TestHdfsTest {

    @Test
    void oneClusterPerJvmOnLoopbackWithFoldersOfItsOwnPerTest() {
        var hdfs = TestHdfs.cluster();

        assertThat(TestHdfs.cluster()).isSameAs(hdfs);
        assertThat(hdfs.uri().toString()).startsWith("hdfs://127.0.0.1:");
        assertThat(hdfs.newFolder("x")).isNotEqualTo(hdfs.newFolder("x"));
        assertThat(hdfs.liveDataNodes()).isEqualTo(TestHdfs.DATANODES);
    }

    @Test
    void aDropFolderOnHdfsMovesEachFileInWholeWithTwoReplicas() throws Exception {
        var hdfs = TestHdfs.cluster();
        var inbox = DropFolder.in(hdfs.newFolder("orders"), "inbox");

        var file = new Path(inbox.drop("orders-1.csv", "A1,book\n"));

        assertThat(inbox.path()).startsWith(hdfs.uri() + "/");
        var fileSystem = hdfs.fileSystem();
        try (var in = fileSystem.open(file)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("A1,book\n");
        }
        assertThat(fileSystem.getFileStatus(file).getReplication()).as("replicas of each block").isEqualTo((short) 2);
        assertThat(fileSystem.listStatus(new Path(inbox.stagingPath()))).isEmpty();
    }

    @Test
    void anUnreachableUriNamesAPortWhereNothingListens() {
        assertThat(TestHdfs.unreachableUri("/x")).matches("hdfs://127\\.0\\.0\\.1:\\d+/x");
    }
}
