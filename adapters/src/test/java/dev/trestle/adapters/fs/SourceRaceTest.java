package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Check-then-read races on sources, on the real file system: a thread keeps swapping a source with a FIFO, or its
 * folder with a link into the data dir, while adds run. No add may hang (each must answer within
 * {@link #ANSWER_S}; a hang fails the test) and no byte of the data dir may be ingested.
 */
class SourceRaceTest {
    private static final int ROUNDS = 150;
    private static final long ANSWER_S = 30;

    @TempDir
    Path tmp;
    Path dataDir;
    Path sources;
    FileSystemWorkbenchStore store;
    StoreTestBase.FakeClock clock = new StoreTestBase.FakeClock();
    StoreTestBase.SequentialIds ids = new StoreTestBase.SequentialIds(clock);
    String w;
    final AtomicBoolean swapping = new AtomicBoolean(true);

    @BeforeEach
    void setUp() throws IOException {
        dataDir = Files.createDirectories(tmp.resolve("data"));
        sources = Files.createDirectories(tmp.resolve("sources"));
        store = new FileSystemWorkbenchStore(dataDir, clock, ids, new StoreTestBase.RecordingLog());
        w = ids.newUlid();
        Instant now = clock.now();
        store.catalog().create(new WorkbenchInfo(w, "Races", now, now, "m"), new WorkshopState("m", null));
    }

    @AfterEach
    void tearDown() {
        swapping.set(false);
        store.close();
    }

    private static void mkfifo(Path p) throws Exception {
        Process proc;
        try {
            proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available here");
            return;
        }
        assumeTrue(proc.waitFor(30, TimeUnit.SECONDS) && proc.exitValue() == 0, "mkfifo failed");
    }

    private PublishedFilesPort.AddBatch addWithin(Path source) throws Exception {
        CompletableFuture<PublishedFilesPort.AddBatch> add = CompletableFuture.supplyAsync(
                () -> store.published().add(w, List.of(source.toString()), Limits.DEFAULT));
        return add.get(ANSWER_S, TimeUnit.SECONDS);
    }

    private void removeAll() {
        List<String> names = store.published().manifest(w).stream().map(e -> e.path()).toList();
        if (!names.isEmpty()) {
            store.published().remove(w, names);
        }
    }

    @Test
    void a_source_swapped_with_a_fifo_never_hangs_an_add() throws Exception {
        Path target = sources.resolve("notes.txt");
        Path regular = Files.writeString(sources.resolve("regular"), "plain notes");
        Path fifo = sources.resolve("fifo");
        mkfifo(fifo);
        Thread swapper = new Thread(() -> {
            try {
                while (swapping.get()) {
                    Files.move(regular, target, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(target, regular, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(fifo, target, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(target, fifo, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        swapper.start();
        int added = 0;
        try {
            for (int i = 0; i < ROUNDS; i++) {
                AddResult r = addWithin(target).results().get(0);
                if (r.status() == AddResult.Status.ADDED) {
                    added++;
                    assertThat(Files.readString(dataDir.resolve("workbenches").resolve(w).resolve("published")
                            .resolve("notes.txt"))).isEqualTo("plain notes");
                    removeAll();
                } else {
                    assertThat(r.reason()).isIn("unreadable", "symlink");
                }
            }
        } finally {
            swapping.set(false);
            swapper.join();
        }
        assertThat(swapper.isAlive()).isFalse();
        assertThat(added).isLessThanOrEqualTo(ROUNDS);
    }

    @Test
    void a_folder_swapped_with_a_link_into_the_data_dir_never_lets_its_bytes_in() throws Exception {
        byte[] secret = "{\"secret_marker\":\"DATA-DIR-BYTES\"}".getBytes(StandardCharsets.UTF_8);
        Files.write(dataDir.resolve("settings.json"), secret);
        Path folder = sources.resolve("project");
        Path real = Files.createDirectories(sources.resolve("real"));
        Files.writeString(real.resolve("settings.json"), "{\"harmless\":true}");
        Path link = Files.createSymbolicLink(sources.resolve("link"), dataDir);
        Thread swapper = new Thread(() -> {
            try {
                while (swapping.get()) {
                    Files.move(real, folder, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(folder, real, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, folder, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(folder, link, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        swapper.start();
        Path source = folder.resolve("settings.json");
        try {
            for (int i = 0; i < ROUNDS; i++) {
                AddResult r = addWithin(source).results().get(0);
                if (r.status() == AddResult.Status.ADDED) {
                    removeAll();
                }
            }
        } finally {
            swapping.set(false);
            swapper.join();
        }
        try (Stream<Path> all = Files.walk(dataDir.resolve("workbenches"))) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    assertThat(new String(Files.readAllBytes(p), StandardCharsets.UTF_8)).as(p.toString())
                            .doesNotContain("DATA-DIR-BYTES");
                }
            }
        }
        assertThat(Ulid.isValid(w)).isTrue();
    }
}
