package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reading and writing the Workbench's small JSON and JSONL files with the store's error mapping. */
final class JsonFiles {
    private JsonFiles() {
    }

    static <T> T parse(JsonNode n, Function<JsonNode, T> reader, String what, Phase phase) {
        try {
            return reader.apply(n);
        } catch (RuntimeException e) {
            throw FsErrors.error(ErrorCode.FILE_READ_FAILED, phase, "corrupt " + what);
        }
    }

    static void write(Path target, byte[] bytes, Phase phase) {
        try {
            AtomicFiles.write(target, bytes);
        } catch (IOException e) {
            throw FsErrors.write(phase, "cannot write " + target.getFileName(), e);
        }
    }

    static void appendLine(Path file, String line, Phase phase) {
        try {
            AtomicFiles.appendLine(file, line);
        } catch (IOException e) {
            throw FsErrors.write(phase, "cannot append " + file.getFileName(), e);
        }
    }

    /** Reads a JSONL file, skipping malformed lines and a torn last line. */
    static <T> List<T> readLines(Path file, Function<JsonNode, T> reader, Phase phase) {
        if (Files.isSymbolicLink(file)) {
            throw FsErrors.error(ErrorCode.SANDBOX_VIOLATION, phase, "symbolic link in workbench");
        }
        List<String> lines;
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw FsErrors.read(phase, "cannot read " + file.getFileName(), e);
        }
        List<T> out = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                if (n != null && n.isObject()) {
                    out.add(reader.apply(n));
                }
            } catch (IOException | RuntimeException e) {
                // malformed or torn line: skipped (storage.md §5)
            }
        }
        return out;
    }
}
