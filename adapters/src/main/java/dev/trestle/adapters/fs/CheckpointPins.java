package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Ulid;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pinned checkpoints of one Workbench, {@code meta/pinned_checkpoints.json} {@code {schema_version: 1,
 * pinned: [ids]}} (decision in {@code docs/decisions}): outside the manifests, which are immutable, and outside the
 * swapped meta files, so a restore keeps the pins. Replaced atomically; an id whose manifest is gone is ignored.
 */
final class CheckpointPins {
    static final String FILE = "pinned_checkpoints.json";
    static final int SCHEMA = 1;

    private CheckpointPins() {
    }

    static Path file(WorkbenchDir d) {
        return d.meta(FILE);
    }

    /** The pinned ids; empty when the file is absent. An unreadable file reads as empty (and is logged by callers). */
    static Set<String> read(WorkbenchDir d) {
        Set<String> out = new TreeSet<>();
        Optional<ObjectNode> n = Codec.read(file(d), SCHEMA, Phase.WORKBENCH);
        if (n.isEmpty()) {
            return out;
        }
        JsonNode ids = n.get().path("pinned");
        if (ids.isArray()) {
            for (JsonNode id : ids) {
                if (id.isTextual() && Ulid.isValid(id.asText())) {
                    out.add(id.asText());
                }
            }
        }
        return out;
    }

    static void write(WorkbenchDir d, Set<String> pinned) throws IOException {
        ObjectNode n = Json.object();
        n.put("schema_version", SCHEMA);
        ArrayNode a = n.putArray("pinned");
        new TreeSet<>(pinned).forEach(a::add);
        AtomicFiles.write(file(d), Json.bytes(n));
    }
}
