package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.FileEntry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The intent journal of a restore ({@code storage.md} §8–§9): {@code meta/restore.json} version 2 names the target,
 * the pre-restore checkpoint, the operations that turn the current Published tree into the target's (links of
 * immutable objects and removals, only for the entries that differ) and the inverse operations, plus a direction.
 * Written and fsynced before the first change; every step it names is idempotent, so applying it again after a crash
 * at any point ends in exactly the state its direction names: {@code forward} the target, {@code backward} the state
 * before the restore. The meta files of both states are staged in {@code meta/restore_tmp/} ({@code next/} and
 * {@code prev/}) and placed by link-and-rename, never consumed, so a replay finds them again. Version 3 carries the
 * meta files ({@link RestoreMeta}); version 4 names a swap of the whole tree instead of operations
 * ({@link RestoreSwap}).
 */
final class RestoreJournal {
    /** Written: version 3, the meta files inside the journal ({@link RestoreMeta}); version 2 is still replayed. */
    static final int VERSION = 3;
    /** A restore by swap ({@link RestoreSwap}): no operations, the name the old tree is renamed to, the meta files. */
    static final int SWAP_VERSION = 4;
    static final int STAGED_META_VERSION = 2;
    static final String FORWARD = "forward";
    static final String BACKWARD = "backward";
    /** From this many operations of one kind on, they are applied from {@link #OP_THREADS} threads. */
    static final int PARALLEL_OPS = 1_000;
    private static final int OP_THREADS = 4;

    /** One step on {@code published/}: link {@code path} to the object {@code sha256}, or remove {@code path}. */
    record Op(String path, String sha256, long size) {
        static Op remove(String path) {
            return new Op(path, null, -1);
        }

        boolean isRemove() {
            return sha256 == null;
        }
    }

    /**
     * A journal's content; {@code meta} is null for version 2, whose meta files of both states are staged in
     * {@code meta/restore_tmp/next/} and {@code prev/}; {@code aside} is null except for a swap (version 4), which
     * names no operations.
     */
    record Plan(String checkpointId, String preRestoreId, String direction, List<Op> forward, List<Op> backward,
                RestoreMeta meta, String aside) {
        Plan(String checkpointId, String preRestoreId, String direction, List<Op> forward, List<Op> backward,
             RestoreMeta meta) {
            this(checkpointId, preRestoreId, direction, forward, backward, meta, null);
        }

        static Plan swap(String checkpointId, String preRestoreId, RestoreMeta meta, String aside) {
            return new Plan(checkpointId, preRestoreId, FORWARD, List.of(), List.of(), meta, aside);
        }

        boolean isSwap() {
            return aside != null;
        }

        List<Op> ops() {
            return FORWARD.equals(direction) ? forward : backward;
        }

        /** The folder under {@code meta/restore_tmp/} holding the meta files of the state this direction ends in. */
        String metaSource() {
            return FORWARD.equals(direction) ? "next" : "prev";
        }

        Plan reversed() {
            return new Plan(checkpointId, preRestoreId, BACKWARD, forward, backward, meta, aside);
        }
    }

    private RestoreJournal() {
    }

    /**
     * The operations turning {@code from} into {@code to}: removals of names {@code to} lacks first (so a name that
     * differs only in case is freed before it is linked), then links of every name that is new or names another
     * object. Entries with the same name and object are not named at all.
     */
    static List<Op> diff(List<FileEntry> from, List<FileEntry> to) {
        Map<String, String> before = new HashMap<>(from.size() * 2);
        from.forEach(e -> before.put(e.path(), e.sha256()));
        Map<String, FileEntry> after = new HashMap<>(to.size() * 2);
        to.forEach(e -> after.put(e.path(), e));
        List<Op> ops = new ArrayList<>();
        for (FileEntry e : from) {
            if (!after.containsKey(e.path())) {
                ops.add(Op.remove(e.path()));
            }
        }
        for (FileEntry e : to) {
            if (!e.sha256().equals(before.get(e.path()))) {
                ops.add(new Op(e.path(), e.sha256(), e.size()));
            }
        }
        return ops;
    }

    /**
     * The journal's bytes, compact and streamed (no tree): a restore of 10 000 differing files names 20 000
     * operations, and the pretty-printed tree form cost megabytes and milliseconds per restore.
     */
    static byte[] encode(Plan plan, Instant at) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(
                256 + 112 * (plan.forward().size() + plan.backward().size()));
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", plan.isSwap() ? SWAP_VERSION
                    : plan.meta() == null ? STAGED_META_VERSION : VERSION);
            g.writeStringField("checkpoint_id", plan.checkpointId());
            g.writeStringField("pre_restore_checkpoint_id", plan.preRestoreId());
            g.writeStringField("direction", plan.direction());
            g.writeStringField("started_at", Json.time(at));
            if (plan.isSwap()) {
                g.writeStringField("mode", "swap");
                g.writeStringField("aside", plan.aside());
            } else {
                writeOps(g, "ops", plan.forward());
                writeOps(g, "undo", plan.backward());
            }
            if (plan.meta() != null) {
                g.writeFieldName("meta");
                g.writeTree(plan.meta().encode());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("in-memory JSON generation cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeOps(com.fasterxml.jackson.core.JsonGenerator g, String field, List<Op> ops)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (Op op : ops) {
            g.writeStartObject();
            g.writeStringField("path", op.path());
            if (!op.isRemove()) {
                g.writeStringField("sha256", op.sha256());
                g.writeNumberField("size", op.size());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The plan of a version-2, -3 or -4 journal; empty for an older marker (no operations) or a malformed one. */
    static Optional<Plan> decode(JsonNode n) {
        int version = n == null ? 0 : n.path("version").asInt();
        if (version != VERSION && version != STAGED_META_VERSION && version != SWAP_VERSION) {
            return Optional.empty();
        }
        String direction = Json.text(n, "direction");
        if (!FORWARD.equals(direction) && !BACKWARD.equals(direction)) {
            return Optional.empty();
        }
        try {
            if (version == SWAP_VERSION) {
                String aside = Json.text(n, "aside");
                if (!"swap".equals(Json.text(n, "mode")) || !RestoreSwap.isAsideName(aside)) {
                    return Optional.empty();
                }
                return Optional.of(new Plan(Json.text(n, "checkpoint_id"), Json.text(n, "pre_restore_checkpoint_id"),
                        direction, List.of(), List.of(), RestoreMeta.decode(n.path("meta")), aside));
            }
            return Optional.of(new Plan(Json.text(n, "checkpoint_id"), Json.text(n, "pre_restore_checkpoint_id"),
                    direction, decodeOps(n.path("ops")), decodeOps(n.path("undo")),
                    version == VERSION ? RestoreMeta.decode(n.path("meta")) : null));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Op> decodeOps(JsonNode ops) {
        if (!ops.isArray()) {
            throw new IllegalArgumentException("restore journal ops");
        }
        List<Op> out = new ArrayList<>(ops.size());
        for (JsonNode o : ops) {
            String path = Json.text(o, "path");
            if (path == null || !dev.trestle.domain.model.FlatName.isValid(path)) {
                throw new IllegalArgumentException("restore journal path");
            }
            String sha = Json.text(o, "sha256");
            if (sha != null && !ContentStore.isObjectName(sha)) {
                throw new IllegalArgumentException("restore journal object");
            }
            out.add(sha == null ? Op.remove(path) : new Op(path, sha, o.path("size").asLong(-1)));
        }
        return out;
    }

    /** Writes the journal durably (temp, fsync, rename over the marker, fsync of {@code meta/}): the commit point. */
    static void write(StoreContext ctx, WorkbenchDir d, Plan plan) throws IOException {
        Path tmp = FsUtil.tempIn(d.meta(), "restore.json");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(encode(plan, ctx.clock.now()));
                while (buf.hasRemaining()) {
                    // a short write (the disk filling up) must not commit a torn journal
                    ch.write(buf);
                }
                ch.force(true);
            }
            ctx.ops.replace(tmp, d.restoreMarker());
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(tmp);
            throw e;
        }
        AtomicFiles.fsyncDirectory(d.meta());
    }

    /**
     * Applies the plan's operations in its direction, then places its meta files; each step is idempotent. Reports
     * the share of operations done (0–100) to {@code percent} in steps of ten when there are many.
     */
    static void apply(StoreContext ctx, WorkbenchDir d, Plan plan, IntConsumer percent) throws IOException {
        apply(ctx, d, plan, percent, null);
    }

    /**
     * {@link #apply}; with {@code absent} (the first application of a fresh forward plan, right after its diff) the
     * names the diff found missing are linked straight under their name and the others by temp link + rename, with
     * nothing else per entry (two calls for a replaced name, one for a new one). A replay or rollback passes null:
     * it may meet names already in their final state and takes the careful path.
     */
    static void apply(StoreContext ctx, WorkbenchDir d, Plan plan, IntConsumer percent, java.util.Set<String> absent)
            throws IOException {
        if (plan.isSwap()) {
            RestoreSwap.apply(ctx, d, plan);
            return;
        }
        ContentStore store = ctx.store(d);
        boolean quick = absent != null && store.linksKeepMode(d.published());
        List<Op> ops = plan.ops();
        int total = ops.size();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        int[] last = {-10};
        Thread caller = Thread.currentThread();
        IOException[] failure = new IOException[1];
        RuntimeException[] unchecked = new RuntimeException[1];
        // removals first (a name differing only in case is freed before it is linked), then links; each phase on a
        // few threads when it is large (the names are distinct, the work is syscalls), progress from the caller
        for (boolean removals : new boolean[] {true, false}) {
            List<Op> phase = new ArrayList<>();
            for (Op op : ops) {
                if (op.isRemove() == removals) {
                    phase.add(op);
                }
            }
            FsUtil.parallelFor(phase.size(), phase.size() >= PARALLEL_OPS ? OP_THREADS : 1, i -> {
                synchronized (failure) {
                    if (failure[0] != null || unchecked[0] != null) {
                        return;
                    }
                }
                Op op = phase.get(i);
                try {
                    if (op.isRemove()) {
                        ctx.ops.delete(d.published().resolve(op.path()));
                    } else if (quick) {
                        store.linkOver(op.sha256(), d.published(), op.path(), absent.contains(op.path()));
                    } else {
                        store.link(op.sha256(), d.published(), op.path());
                    }
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = failure[0] == null ? e : failure[0];
                    }
                    return;
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        unchecked[0] = unchecked[0] == null ? e : unchecked[0];
                    }
                    return;
                }
                int n = done.incrementAndGet();
                if (Thread.currentThread() == caller) {
                    int p = (int) ((n * 100L) / total);
                    if (p >= last[0] + 10) {
                        last[0] = p - p % 10;
                        percent.accept(last[0]);
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            if (unchecked[0] != null) {
                throw unchecked[0];
            }
        }
        if (total > 0 && last[0] < 100) {
            percent.accept(100);
        }
        RestoreMeta meta = plan.meta();
        if (meta != null && FORWARD.equals(plan.direction())) {
            // the new meta files are forced together with the sync of published/
            meta.placeForward(ctx, d, plan.checkpointId(), total > 0 ? d.published() : null);
        } else {
            if (total > 0) {
                AtomicFiles.fsyncDirectory(d.published());
            }
            if (meta != null) {
                meta.placeBackward(ctx, d);
            } else {
                Path source = d.metaRestoreTmp().resolve(plan.metaSource());
                for (String name : WorkbenchDir.SWAPPED_META) {
                    place(ctx, source.resolve(name), d.meta(name));
                }
            }
        }
        AtomicFiles.fsyncDirectory(d.meta());
    }

    /** Puts a copy of {@code source} at {@code target} (link or forced copy to a temp, then rename); source stays. */
    static void place(StoreContext ctx, Path source, Path target) throws IOException {
        Path tmp = FsUtil.tempIn(target.getParent(), target.getFileName().toString());
        try {
            try {
                ctx.ops.createLink(tmp, source);
            } catch (UnsupportedOperationException | FileSystemException e) {
                FsUtil.deleteIfExists(tmp);
                FsUtil.copyForced(source, tmp);
            }
            ctx.ops.replace(tmp, target);
            FsUtil.deleteIfExists(tmp);
        } catch (IOException | RuntimeException e) {
            FsUtil.deleteTreeQuietly(tmp);
            throw e;
        }
    }

    /**
     * After the plan is applied (and {@code meta/} synced): the journal first, then what only it referred to (the
     * {@code <name>.prev} links, a version-2 staging); one sync of {@code meta/}. A crash in between leaves leftovers
     * without a journal, which §9 deletes (their targets exist).
     */
    static void finish(StoreContext ctx, WorkbenchDir d) throws IOException {
        ctx.ops.delete(d.restoreMarker());
        for (String name : WorkbenchDir.SWAPPED_META) {
            FsUtil.deleteIfExists(RestoreMeta.prev(d, name));
        }
        FsUtil.deleteTree(d.metaRestoreTmp());
        AtomicFiles.fsyncDirectory(d.meta());
    }
}
