package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code meta/clean.json} ({@code storage.md} §9): written for each Workbench the engine used when it stops cleanly,
 * naming the generation of {@code files.json} and of the folders beside it ({@link #generation}). At the next start, a Workbench whose
 * marker matches needs no reconciliation: the marker is consumed (deleted, durably) on first use instead, so a crash
 * later in that run finds no marker and reconciles exactly the Workbenches that were in use.
 */
final class CleanMarker {
    static final String NAME = "clean.json";

    private CleanMarker() {
    }

    /**
     * The generation of the Workbench's state as a few {@code stat}s: {@code files.json}'s size and modification time,
     * and the modification times of {@code published/}, {@code meta/checkpoints/}, its {@code objects/} and
     * {@code meta/chunks/} (a file added to or removed from one of them by hand changes them). Empty if any cannot be
     * read.
     */
    static Optional<String> generation(WorkbenchDir d) {
        try {
            BasicFileAttributes files = attributes(d.filesJson());
            if (!files.isRegularFile()) {
                return Optional.empty();
            }
            StringBuilder g = new StringBuilder().append(files.size()).append(':')
                    .append(files.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            for (java.nio.file.Path dir : new java.nio.file.Path[] {d.published(), d.checkpoints(), d.objects()}) {
                BasicFileAttributes a = attributes(dir);
                if (!a.isDirectory()) {
                    return Optional.empty();
                }
                g.append(':').append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            }
            // the chunks folder too (a chunk deleted by hand must not be trusted away); none yet is a state of its own
            g.append(':').append(FsUtil.isDirectory(d.chunks())
                    ? attributes(d.chunks()).lastModifiedTime().to(TimeUnit.NANOSECONDS) : "none");
            return Optional.of(g.toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static BasicFileAttributes attributes(java.nio.file.Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Writes the marker (fsynced); failures only cost a reconciliation at the next start. */
    static void write(StoreContext ctx, WorkbenchDir d) {
        Optional<String> gen = generation(d);
        if (gen.isEmpty() || FsUtil.exists(d.restoreMarker()) || FsUtil.exists(d.publishMarker())) {
            return;
        }
        ObjectNode n = Json.object();
        n.put("files_generation", gen.get());
        n.put("stopped_at", Json.time(ctx.clock.now()));
        try {
            AtomicFiles.write(d.meta(NAME), Json.bytes(n));
        } catch (IOException | RuntimeException e) {
            ctx.log.warn("clean_marker_write_failed", Map.of("workbench_id", d.id()));
        }
    }

    /**
     * Deletes the marker durably and tells whether it matched: true when the Workbench was left clean and
     * {@code files.json} is the one it names (no reconciliation needed). Any doubt answers false.
     */
    static boolean consume(StoreContext ctx, WorkbenchDir d) {
        if (!FsUtil.exists(d.meta(NAME))) {
            return false;
        }
        boolean matches;
        try {
            matches = Codec.read(d.meta(NAME), 4096, dev.trestle.domain.model.Phase.WORKBENCH)
                    .map(n -> Json.text(n, "files_generation"))
                    .filter(g -> generation(d).map(g::equals).orElse(false))
                    .isPresent();
        } catch (RuntimeException e) {
            matches = false;
        }
        try {
            ctx.ops.delete(d.meta(NAME));
            AtomicFiles.fsyncDirectory(d.meta());
        } catch (IOException | RuntimeException e) {
            // a marker that cannot be removed cannot be trusted at the next start either: reconcile now
            return false;
        }
        return matches && !FsUtil.exists(d.restoreMarker()) && !FsUtil.exists(d.publishMarker());
    }
}
