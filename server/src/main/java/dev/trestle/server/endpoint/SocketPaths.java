package dev.trestle.server.endpoint;

import dev.trestle.server.rpc.EndpointRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the engine's socket goes: {@code <data_dir>/engine.sock}, unless that path is longer than a Unix domain
 * socket address allows (about 108 bytes on Linux, 104 on macOS). Then it goes to a per-user directory
 * ({@code $XDG_RUNTIME_DIR}, else {@code <tmp>/trestle-<user>}, owner-only) under a name derived from the data dir;
 * clients always find the path in {@link EndpointRecord}.
 */
public final class SocketPaths {
    /** Longest socket path used as is; below every platform's limit. */
    static final int MAX_PATH_BYTES = 100;
    public static final String SOCKET_NAME = "engine.sock";

    private SocketPaths() {
    }

    /** The socket path for {@code dataDir} (created owner-only when the fallback directory is needed). */
    public static Path forDataDir(Path dataDir, Map<String, String> env) throws IOException {
        Path real = dataDir.toRealPath();
        Path inDataDir = real.resolve(SOCKET_NAME);
        if (fits(inDataDir)) {
            return inDataDir;
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path base;
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute() && Files.isDirectory(Path.of(runtime))) {
            base = Path.of(runtime);
        } else {
            base = Path.of(System.getProperty("java.io.tmpdir"), "trestle-" + System.getProperty("user.name", "user"));
            ownerOnlyDirectory(base);
        }
        Path fallback = base.resolve("trestle-" + digest(real) + ".sock");
        if (!fits(fallback)) {
            throw new IOException("no socket path short enough for this data dir");
        }
        return fallback;
    }

    private static boolean fits(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    private static void ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created concurrently; checked below
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
        try {
            String owner = Files.getOwner(dir).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IOException("the socket directory belongs to another user");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's default ACL applies
        }
    }

    private static String digest(Path real) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(real.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
