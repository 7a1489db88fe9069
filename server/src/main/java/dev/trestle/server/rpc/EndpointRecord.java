package dev.trestle.server.rpc;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code <data_dir>/engine.endpoint}: where the engine that holds the lock listens, for clients and relays. One JSON
 * object {@code {"socket": "/abs/path", "pid": 123, "allow_custom_endpoints": false}}, written atomically once the
 * socket is bound and removed when the engine stops. A crashed engine leaves it behind; a connect then fails and the
 * client starts an engine, which replaces it.
 *
 * @param socket               the Unix domain socket's absolute path
 * @param pid                  the engine process
 * @param allowCustomEndpoints whether that engine honours {@code settings.json} provider endpoints
 */
public record EndpointRecord(Path socket, long pid, boolean allowCustomEndpoints) {
    public static final String FILE_NAME = "engine.endpoint";

    /** Reads the record of {@code dataDir}; empty when there is none or it cannot be read. */
    public static Optional<EndpointRecord> read(Path dataDir) {
        try {
            JsonObject o = JsonParser.parseString(
                    Files.readString(dataDir.resolve(FILE_NAME), StandardCharsets.UTF_8)).getAsJsonObject();
            return Optional.of(new EndpointRecord(Path.of(o.get("socket").getAsString()), o.get("pid").getAsLong(),
                    o.has("allow_custom_endpoints") && o.get("allow_custom_endpoints").getAsBoolean()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void write(Path dataDir) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("socket", socket.toString());
        o.addProperty("pid", pid);
        o.addProperty("allow_custom_endpoints", allowCustomEndpoints);
        Path target = dataDir.resolve(FILE_NAME);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, o + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes the record if it is still this one (a successor may have replaced it). */
    public void remove(Path dataDir) {
        Optional<EndpointRecord> current = read(dataDir);
        if (current.isPresent() && current.get().equals(this)) {
            try {
                Files.deleteIfExists(dataDir.resolve(FILE_NAME));
            } catch (IOException e) {
                // a leftover record only costs the next client one failed connect
            }
        }
    }
}
