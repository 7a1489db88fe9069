package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reading a stored JSON file. The single-object forms are Jackson-annotated records in {@link StoredForms}, the
 * conversation and egress lines in {@link LineForms}; {@code files.json} and the checkpoint manifests have their own
 * chunked encoding ({@link ManifestCodec}).
 */
final class Codec {
    private Codec() {
    }

    /**
     * Reads a JSON object file. Empty when the file does not exist; {@code FILE_READ_FAILED} (file untouched) when it
     * is not a JSON object, is a symbolic link, or has a {@code schema_version} newer than {@code maxSchema}.
     */
    static Optional<ObjectNode> read(Path file, int maxSchema, Phase phase) {
        byte[] bytes;
        try {
            if (Files.isSymbolicLink(file)) {
                throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in workbench");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw FsErrors.read(phase, "cannot read " + file.getFileName(), e);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + file.getFileName());
        }
        if (node == null || !node.isObject()) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + file.getFileName());
        }
        JsonNode version = node.get("schema_version");
        if (version != null && (!version.canConvertToInt() || version.asInt() > maxSchema)) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase,
                    "unsupported schema_version in " + file.getFileName());
        }
        return Optional.of((ObjectNode) node);
    }

    static String required(JsonNode n, String field) {
        String v = Json.text(n, field);
        if (v == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return v;
    }
}
