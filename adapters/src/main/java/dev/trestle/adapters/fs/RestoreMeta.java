package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The meta files a restore journal of version 3 replaces ({@code storage.md} §8): the bytes of the small ones the
 * target state needs ({@code files.json}, {@code workbench.json}, {@code workshop_state.json} when it changes) travel
 * inside the journal, so the one forced journal write makes them durable (no staged copies, no forces before the
 * commit); the conversation of a full restore is copied from the target checkpoint's immutable snapshot while the
 * journal is applied. The state before is kept as hard links {@code meta/<name>.prev} beside the journal (made before
 * it, so the journal's own sync of {@code meta/} makes them durable): a backward replay puts them back by link and
 * rename and needs no new bytes, so it can finish on a full disk. Every step can be repeated.
 */
record RestoreMeta(Map<String, byte[]> next, boolean conversationFromSnapshot) {
    static final String SNAPSHOT = "snapshot";

    RestoreMeta {
        next = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(next));
    }

    /** The names a forward replay replaces, in {@link WorkbenchDir#SWAPPED_META} order. */
    List<String> swapped() {
        List<String> out = new ArrayList<>();
        for (String name : WorkbenchDir.SWAPPED_META) {
            if (next.containsKey(name) || (conversationFromSnapshot && WorkbenchDir.CONVERSATION.equals(name))) {
                out.add(name);
            }
        }
        return out;
    }

    static Path prev(WorkbenchDir d, String name) {
        return d.meta(name + ".prev");
    }

    ObjectNode encode() {
        ObjectNode n = Json.object();
        ObjectNode files = n.putObject("next");
        next.forEach((name, bytes) -> files.put(name, new String(bytes, StandardCharsets.UTF_8)));
        if (conversationFromSnapshot) {
            n.put("conversation", SNAPSHOT);
        }
        return n;
    }

    static RestoreMeta decode(JsonNode n) {
        JsonNode files = n.path("next");
        if (!files.isObject()) {
            throw new IllegalArgumentException("restore journal meta");
        }
        Map<String, byte[]> next = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Arrays.asList(WorkbenchDir.SWAPPED_META).contains(e.getKey())
                    || WorkbenchDir.CONVERSATION.equals(e.getKey()) || !e.getValue().isTextual()) {
                throw new IllegalArgumentException("restore journal meta file");
            }
            next.put(e.getKey(), e.getValue().asText().getBytes(StandardCharsets.UTF_8));
        }
        String conversation = Json.text(n, "conversation");
        if (conversation != null && !SNAPSHOT.equals(conversation)) {
            throw new IllegalArgumentException("restore journal conversation");
        }
        return new RestoreMeta(next, conversation != null);
    }

    /**
     * Before the journal: links each file a forward replay replaces to {@code <name>.prev} (a forced copy where links
     * are unsupported; an empty file for a missing conversation). No sync of its own: the journal's follows.
     */
    void stagePrev(StoreContext ctx, WorkbenchDir d) throws IOException {
        for (String name : swapped()) {
            Path current = d.meta(name);
            Path prev = prev(d, name);
            FsUtil.deleteIfExists(prev);
            if (!FsUtil.exists(current)) {
                if (WorkbenchDir.CONVERSATION.equals(name)) {
                    AtomicFiles.write(prev, new byte[0]);
                    continue;
                }
                throw new IOException(name + " missing");
            }
            try {
                ctx.ops.createLink(prev, current);
            } catch (UnsupportedOperationException | FileSystemException e) {
                FsUtil.deleteIfExists(prev);
                FsUtil.copyForced(current, prev);
            }
        }
    }

    /**
     * The forward placement: each new file written to a temp in {@code meta/} (the conversation copied from the
     * target's snapshot), all temps forced together with the sync of {@code published/} (when {@code published} is
     * not null), then each renamed over its name. The caller fsyncs {@code meta/}.
     */
    void placeForward(StoreContext ctx, WorkbenchDir d, String checkpointId, Path published) throws IOException {
        List<String> names = swapped();
        List<Path> temps = new ArrayList<>(names.size());
        try {
            for (String name : names) {
                Path tmp = FsUtil.tempIn(d.meta(), name);
                temps.add(tmp);
                if (next.containsKey(name)) {
                    writeUnforced(tmp, next.get(name));
                } else {
                    copyUnforced(d.snapshot(checkpointId).resolve(WorkbenchDir.CONVERSATION), tmp);
                }
            }
            int syncs = temps.size() + (published == null ? 0 : 1);
            IOException[] errors = new IOException[syncs];
            FsUtil.parallelFor(syncs, syncs, i -> {
                try {
                    if (i < temps.size()) {
                        FsUtil.force(temps.get(i));
                    } else {
                        AtomicFiles.fsyncDirectory(published);
                    }
                } catch (IOException e) {
                    errors[i] = e;
                }
            });
            for (IOException e : errors) {
                if (e != null) {
                    throw e;
                }
            }
            for (int i = 0; i < names.size(); i++) {
                ctx.ops.replace(temps.get(i), d.meta(names.get(i)));
            }
        } finally {
            for (Path t : temps) {
                FsUtil.deleteTreeQuietly(t);
            }
        }
    }

    /** The backward placement: each {@code <name>.prev} put back by link and rename (it stays for a repeat). */
    void placeBackward(StoreContext ctx, WorkbenchDir d) throws IOException {
        for (String name : swapped()) {
            Path prev = prev(d, name);
            if (!FsUtil.exists(prev)) {
                throw new IOException(name + ".prev missing");
            }
            RestoreJournal.place(ctx, prev, d.meta(name));
        }
    }

    private static void writeUnforced(Path target, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private static void copyUnforced(Path source, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (!FsUtil.exists(source)) {
                return;
            }
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                long size = in.size();
                long pos = 0;
                while (pos < size) {
                    long n = in.transferTo(pos, size - pos, out);
                    if (n <= 0) {
                        throw new IOException("short copy");
                    }
                    pos += n;
                }
            }
        }
    }

    /**
     * The fallback of §9 when a journal cannot be replayed: the meta files of checkpoint {@code checkpointId} (its
     * manifest over {@code chunks}, its snapshot's other files, the current ones where the snapshot lacks one) staged
     * in a fresh {@code meta/restore_tmp/}, forced together, then the folder once.
     */
    static void stageSnapshot(WorkbenchDir d, String checkpointId, List<ManifestCodec.ChunkRef> chunks)
            throws IOException {
        Path tmp = d.metaRestoreTmp();
        FsUtil.deleteTree(tmp);
        Files.createDirectories(tmp);
        Path snap = d.snapshot(checkpointId);
        Files.write(tmp.resolve(WorkbenchDir.FILES_JSON), ManifestCodec.filesJson(chunks));
        copyFirst(tmp.resolve(WorkbenchDir.WORKBENCH_JSON), snap.resolve(WorkbenchDir.WORKBENCH_JSON),
                d.workbenchJson());
        Path snapConv = snap.resolve(WorkbenchDir.CONVERSATION);
        if (FsUtil.exists(snapConv)) {
            Files.copy(snapConv, tmp.resolve(WorkbenchDir.CONVERSATION), LinkOption.NOFOLLOW_LINKS);
        } else {
            Files.write(tmp.resolve(WorkbenchDir.CONVERSATION), new byte[0]);
        }
        copyFirst(tmp.resolve(WorkbenchDir.WORKSHOP_STATE), snap.resolve(WorkbenchDir.WORKSHOP_STATE),
                d.workshopState());
        IOException[] errors = new IOException[WorkbenchDir.SWAPPED_META.length];
        FsUtil.parallelFor(errors.length, errors.length, i -> {
            try {
                FsUtil.force(tmp.resolve(WorkbenchDir.SWAPPED_META[i]));
            } catch (IOException e) {
                errors[i] = e;
            }
        });
        for (IOException e : errors) {
            if (e != null) {
                throw e;
            }
        }
        AtomicFiles.fsyncDirectory(tmp);
    }

    private static void copyFirst(Path target, Path preferred, Path fallback) throws IOException {
        Path source = FsUtil.exists(preferred) ? preferred : fallback;
        if (!FsUtil.exists(source)) {
            throw new IOException("no source for " + target.getFileName());
        }
        Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
    }
}
