package dev.trestle.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No Java file (main or test, every module) grows past {@value #LIMIT} lines without a stated reason: a file that
 * large usually holds more than one responsibility and is split by responsibility, not mechanically. Take a file off
 * the list once it is split (several branches split listed files at once, so a shrunk entry does not fail the build).
 */
class SourceFileSizeTest {
    static final int LIMIT = 450;

    /** Repository-relative path → why it may be longer. */
    static final Map<String, String> ALLOWED = Map.of(
            "adapters/src/test/java/dev/trestle/adapters/support/FaultyFileSystem.java",
            "a FileSystemProvider wrapper must override the whole NIO provider SPI; each override is one delegation "
                    + "plus its fault hook",
            "adapters/src/test/java/dev/trestle/adapters/fs/CheckpointContract.java",
            "the checkpoint store's contract: one scenario per create/restore/chunk-sharing rule of storage.md, run "
                    + "on three file systems; to be split per operation with the chunked manifests (issue 14)",
            "server/src/main/java/dev/trestle/server/rpc/TrestleServer.java",
            "the binder: one short @JsonRequest body per protocol method (50 methods); ordering, phases and "
                    + "registration come from the RpcMethod table");

    private static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("arch-tests")) ? here : here.getParent();
    }

    private static Map<String, Integer> javaFileLengths() throws IOException {
        Path root = repository();
        Map<String, Integer> lengths = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> files = all.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.relativize(p).toString().contains("/src/"))
                    .filter(p -> !root.relativize(p).toString().contains("node_modules"))
                    .filter(p -> !root.relativize(p).toString().contains("/target/"))
                    .toList();
            for (Path p : files) {
                try (Stream<String> lines = Files.lines(p)) {
                    lengths.put(root.relativize(p).toString().replace('\\', '/'), (int) lines.count());
                }
            }
        }
        return lengths;
    }

    @Test
    void no_java_file_is_over_the_limit_without_a_reason() throws IOException {
        Map<String, Integer> lengths = javaFileLengths();
        assertThat(lengths).as("no Java sources found under " + repository()).hasSizeGreaterThan(100);
        List<String> over = new ArrayList<>();
        lengths.forEach((file, n) -> {
            if (n > LIMIT && !ALLOWED.containsKey(file)) {
                over.add(file + " (" + n + " lines)");
            }
        });
        assertThat(over).as("Java files over %d lines: split them by responsibility, or add them to ALLOWED "
                + "with the reason", LIMIT).isEmpty();
    }
}
