package dev.trestle.adapters.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineLockTest {
    @TempDir
    Path dataDir;

    /** A child JVM that tries the lock and holds it (if it got it) until we close its stdin. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final String answer;

        Child(Path dir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    LockHolderMain.class.getName(), dir.toString())).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            answer = r.readLine();
        }

        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Test
    void the_first_engine_gets_the_lock_and_creates_the_file() throws IOException {
        Path dir = dataDir.resolve("nested/data");
        try (EngineLock lock = EngineLock.tryAcquire(dir).orElseThrow()) {
            assertThat(lock.isHeld()).isTrue();
            assertThat(Files.exists(dir.resolve("engine.lock"))).isTrue();
            assertThat(Files.readString(dir.resolve("engine.lock")).trim())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void a_second_engine_in_the_same_jvm_is_refused_without_dropping_the_first_lock() throws IOException {
        try (EngineLock first = EngineLock.tryAcquire(dataDir).orElseThrow()) {
            assertThat(EngineLock.tryAcquire(dataDir)).isEmpty();
            assertThat(EngineLock.tryAcquire(dataDir.resolve(".").resolve("sub/..")) ).isEmpty();
            try (Child child = new Child(dataDir)) {
                assertThat(child.answer).isEqualTo("busy");
            }
            assertThat(first.isHeld()).isTrue();
        }
    }

    @Test
    void a_foreign_lock_in_this_jvm_is_detected_through_the_overlap_and_kept() throws IOException {
        Files.createDirectories(dataDir);
        try (FileChannel raw = FileChannel.open(dataDir.resolve("engine.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = raw.lock()) {
            assertThat(EngineLock.tryAcquire(dataDir)).isEmpty();
            try (Child child = new Child(dataDir)) {
                assertThat(child.answer).isEqualTo("busy");
            }
            assertThat(held.isValid()).isTrue();
        }
    }

    @Test
    void another_process_holding_the_lock_makes_the_attempt_fail_until_it_exits() throws IOException {
        try (Child child = new Child(dataDir)) {
            assertThat(child.answer).isEqualTo("locked");
            assertThat(EngineLock.tryAcquire(dataDir)).isEmpty();
        }
        Optional<EngineLock> after = EngineLock.tryAcquire(dataDir);
        assertThat(after).isPresent();
        after.get().close();
    }

    @Test
    void closing_releases_the_lock_for_the_next_engine() throws IOException {
        EngineLock first = EngineLock.tryAcquire(dataDir).orElseThrow();
        first.close();
        assertThat(first.isHeld()).isFalse();
        try (EngineLock second = EngineLock.tryAcquire(dataDir).orElseThrow()) {
            assertThat(second.isHeld()).isTrue();
        }
    }
}
