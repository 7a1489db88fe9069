package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.FlatName;
import dev.trestle.domain.model.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciliation's answer to a {@code files.json} whose root is readable but whose chunks are not (a chunk, or the
 * whole {@code meta/chunks/}, deleted by hand; {@code storage.md} §9): the manifest is rebuilt from {@code published/},
 * which holds every Published file. Each regular file with a valid name becomes an entry (hashed; its modification time
 * stands for both times, the original ones are gone), in name order, and {@code files.json} is written again with its
 * chunks. A {@code files.json} that is itself unreadable or of a newer version is left alone (the error stands).
 */
final class ManifestRebuild {
    private ManifestRebuild() {
    }

    /** Whether {@code files.json} is a readable version-3 root whose chunks cannot all be read. */
    static boolean chunksLost(StoreContext ctx, WorkbenchDir d, Phase phase) {
        try {
            Optional<ObjectNode> root = Codec.read(d.filesJson(), ManifestCodec.ROOT_SCHEMA, phase);
            if (root.isEmpty()) {
                return false;
            }
            Optional<List<ManifestCodec.ChunkRef>> refs = ManifestCodec.chunks(root.get());
            if (refs.isEmpty()) {
                return false;
            }
            try {
                ctx.chunks(d).expand(refs.get());
                return false;
            } catch (IOException e) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Writes {@code files.json} (and its chunks) from {@code published/}; returns the entries. */
    static List<FileEntry> rebuild(StoreContext ctx, WorkbenchDir d) throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        for (Path p : FsUtil.list(d.published())) {
            String name = p.getFileName().toString();
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile() || !FlatName.isValid(name) || FsUtil.isTempName(name)) {
                continue;
            }
            FsUtil.Hashed h = FsUtil.hash(p);
            Instant modified = Instant.ofEpochMilli(a.lastModifiedTime().toMillis());
            entries.add(new FileEntry(name, h.size(), h.sha256(), modified, modified, FileKind.classify(name),
                    FileKind.mimeType(name)));
        }
        entries.sort(Comparator.comparing(FileEntry::path));
        ctx.dropCachedManifest(d.id());
        ctx.writeManifest(d, entries);
        ctx.event(d, "manifest_rebuilt", null, Map.of("files", entries.size()));
        return entries;
    }
}
