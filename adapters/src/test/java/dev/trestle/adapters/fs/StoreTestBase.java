package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Feature;
import com.google.common.jimfs.Jimfs;
import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared fixture of the storage contract tests: one store on the default filesystem, on Jimfs (unix, with hard
 * links) or on Jimfs without {@code LINKS} (copy fallback), with a fake clock, ULID source, recording engine log and a
 * fault-injecting {@link FileOps}.
 */
abstract class StoreTestBase {
    /** The filesystem a contract runs on. */
    enum Fs { DEFAULT, JIMFS, JIMFS_NO_LINKS }

    @TempDir
    Path tempDir;

    FileSystem jimfs;
    Path dataDir;
    Path sources;
    FakeClock clock;
    SequentialIds ids;
    RecordingLog log;
    FaultyOps ops;
    FileSystemWorkbenchStore store;
    /** The thresholds every store of the test is built with (also after {@link #restart()}). */
    StoreContext.Tuning tuning = StoreContext.Tuning.DEFAULT;

    abstract Fs fs();

    @BeforeEach
    void setUpStore() throws IOException {
        Path root;
        switch (fs()) {
            case JIMFS -> {
                jimfs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                        .setAttributeViews("basic", "owner", "posix", "unix").build());
                root = jimfs.getPath("/work");
            }
            case JIMFS_NO_LINKS -> {
                jimfs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                        .setSupportedFeatures(Feature.SYMBOLIC_LINKS, Feature.SECURE_DIRECTORY_STREAM,
                                Feature.FILE_CHANNEL)
                        .setAttributeViews("basic", "owner", "posix", "unix")
                        .build());
                root = jimfs.getPath("/work");
            }
            default -> root = tempDir;
        }
        dataDir = Files.createDirectories(root.resolve("data"));
        sources = Files.createDirectories(root.resolve("sources"));
        clock = new FakeClock();
        ids = new SequentialIds(clock);
        log = new RecordingLog();
        ops = new FaultyOps();
        store = newStore();
    }

    /** A fresh store over the same data dir, as after an engine restart. */
    FileSystemWorkbenchStore newStore() {
        return new FileSystemWorkbenchStore(dataDir, clock, ids, log, ops, new BackgroundCleanup(), tuning);
    }

    /**
     * From now on a restore swaps from {@code minOps} operations ({@link RestoreSwap#chosen}): this and every later
     * store of the test is built so. Replaces the current store (call it before the test's first step).
     */
    void swapFrom(int minOps) {
        tuning = new StoreContext.Tuning(minOps);
        store.close();
        store = newStore();
    }

    /** Simulates an engine restart: new store instance, then startup reconciliation. */
    FileSystemWorkbenchStore restart() {
        store.awaitIdle();
        store = newStore();
        store.reconcileAll();
        return store;
    }

    @AfterEach
    void closeJimfs() throws IOException {
        store.close();
        if (jimfs != null) {
            jimfs.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    String newWorkbench() {
        String id = ids.newUlid();
        Instant now = clock.now();
        store.catalog().create(new WorkbenchInfo(id, "Analysis", now, now, "openai:gpt-5.2"),
                new WorkshopState("openai:gpt-5.2", null));
        return id;
    }

    Path wb(String id) {
        return dataDir.resolve("workbenches").resolve(id);
    }

    Path published(String id) {
        return wb(id).resolve("published");
    }

    Path meta(String id, String name) {
        return wb(id).resolve("meta").resolve(name);
    }

    Path source(String name, String content) throws IOException {
        Path p = sources.resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    PublishedFilesPort.AddBatch add(String wbId, Path... files) {
        List<String> paths = new ArrayList<>();
        for (Path f : files) {
            paths.add(f.toString());
        }
        return store.published().add(wbId, paths, Limits.DEFAULT);
    }

    void addOk(String wbId, Path... files) {
        assertThat(add(wbId, files).results()).extracting(AddResult::status).containsOnly(AddResult.Status.ADDED);
    }

    static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    /** Every byte of {@code published/} and the four swapped meta files, for byte-identity checks. */
    Map<String, String> state(String wbId) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var s = Files.list(published(wbId))) {
            for (Path p : s.toList()) {
                out.put("published/" + p.getFileName(), Files.readString(p));
            }
        }
        for (String name : WorkbenchDir.SWAPPED_META) {
            Path p = meta(wbId, name);
            out.put("meta/" + name, Files.exists(p) ? Files.readString(p) : "<missing>");
        }
        return out;
    }

    /** Names directly under a folder. */
    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** All object files of a Workbench's content store. */
    List<String> objects(String wbId) throws IOException {
        Path objects = meta(wbId, "checkpoints").resolve("objects");
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(objects)) {
            return out;
        }
        try (var s = Files.walk(objects)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(p.getFileName().toString()));
        }
        out.sort(null);
        return out;
    }

    Path objectPath(String wbId, String sha) {
        return meta(wbId, "checkpoints").resolve("objects").resolve(sha.substring(0, 2)).resolve(sha);
    }

    List<String> workbenchEventKinds(String wbId) throws IOException {
        Path p = meta(wbId, "workbench_events.jsonl");
        if (!Files.exists(p)) {
            return List.of();
        }
        List<String> kinds = new ArrayList<>();
        for (String line : Files.readAllLines(p)) {
            int i = line.indexOf("\"kind\":\"");
            if (i >= 0) {
                kinds.add(line.substring(i + 8, line.indexOf('"', i + 8)));
            }
        }
        return kinds;
    }

    // ------------------------------------------------------------------ fakes

    /** A clock that advances one millisecond per reading. */
    static final class FakeClock implements ClockPort {
        private long millis = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

        @Override
        public synchronized Instant now() {
            return Instant.ofEpochMilli(millis++);
        }

        @Override
        public long nanoTime() {
            return millis * 1_000_000L;
        }
    }

    /** Increasing ULIDs from the fake clock. */
    static final class SequentialIds implements IdGeneratorPort {
        private final FakeClock clock;
        private long counter;

        SequentialIds(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized String newUlid() {
            byte[] random = new byte[10];
            long c = ++counter;
            for (int i = 9; i >= 2; i--) {
                random[i] = (byte) (c & 0xFF);
                c >>>= 8;
            }
            String id = Ulid.format(clock.now().toEpochMilli(), random);
            assertThat(Ulid.isValid(id)).isTrue();
            return id;
        }
    }

    /** Records engine log events. */
    static final class RecordingLog implements EngineLogPort {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Map<String, ?>> fields = new CopyOnWriteArrayList<>();

        @Override
        public void info(String event, Map<String, ?> f) {
            events.add(event);
            fields.add(f);
        }

        @Override
        public void warn(String event, Map<String, ?> f) {
            events.add(event);
            fields.add(f);
        }

        @Override
        public void debug(String event, Map<String, ?> f) {
            events.add(event);
            fields.add(f);
        }
    }

    /** Real file operations, with an optional failure on renames matching a predicate. */
    /** A simulated process death at one exact file operation: an {@link Error}, so no in-process handler runs. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    static final class FaultyOps implements FileOps {
        volatile BiPredicate<Path, Path> failRename = (a, b) -> false;
        /** Every rename, replace, link and delete counted from 0; at {@link #failAt} one IOException, at {@link #crashAt} a crash. */
        final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        volatile int failAt = -1;
        volatile int crashAt = -1;

        void failRenameOf(String fromName, String toName) {
            failRename = (a, b) -> a.getFileName().toString().equals(fromName)
                    && b.getFileName().toString().equals(toName);
        }

        /** Like {@link #failRenameOf} but only the first matching rename fails (a transient error). */
        void failRenameOnceOf(String fromName, String toName) {
            boolean[] done = {false};
            failRename = (a, b) -> {
                if (!done[0] && FileSystemNames.matches(a, fromName) && b.getFileName().toString().equals(toName)) {
                    done[0] = true;
                    return true;
                }
                return false;
            };
        }

        /** Counts from zero again; fails (IOException) at operation {@code fail}, crashes at {@code crash}; -1 never. */
        void arm(int fail, int crash) {
            count.set(0);
            failAt = fail;
            crashAt = crash;
        }

        void heal() {
            failRename = (a, b) -> false;
            failAt = -1;
            crashAt = -1;
        }

        private void step() throws IOException {
            int n = count.getAndIncrement();
            if (n == crashAt) {
                throw new Crash();
            }
            if (n == failAt) {
                throw new IOException("injected failure at operation " + n);
            }
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            step();
            if (failRename.test(from, to)) {
                throw new IOException("injected rename failure");
            }
            FileOps.super.rename(from, to);
        }

        @Override
        public void replace(Path from, Path to) throws IOException {
            step();
            if (failRename.test(from, to)) {
                throw new IOException("injected rename failure");
            }
            FileOps.super.replace(from, to);
        }

        @Override
        public void createLink(Path link, Path existing) throws IOException {
            step();
            FileOps.super.createLink(link, existing);
        }

        @Override
        public void delete(Path file) throws IOException {
            step();
            FileOps.super.delete(file);
        }
    }

    /** Matches a name or a temp made for it ({@code .<name>.tmp-*}). */
    static final class FileSystemNames {
        static boolean matches(Path p, String name) {
            String n = p.getFileName().toString();
            return n.equals(name) || n.startsWith("." + name + ".tmp-");
        }
    }
}
