package dev.trestle.adapters.secrets;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.adapters.support.DiskFull;
import dev.trestle.adapters.support.IoFailures;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.SecretsPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * API keys in {@code secrets.enc}, AES-256-GCM under a random {@code master.key} next to it ({@code storage.md} §3).
 * Protection is best effort: it keeps keys out of plaintext files, Workbenches and logs. Both files are replaced
 * atomically and created owner-only (POSIX {@code rw-------}; an owner-only ACL where only ACLs exist).
 * <p>
 * A store that cannot be decrypted (tampered, wrong key, corrupt, newer schema) is {@linkplain #readable()
 * unreadable} and shows no keys; the next {@link #setApiKey} renames it to {@code secrets.enc.unreadable-<timestamp>}
 * and starts empty. The store is loaded once and cached: only this engine touches it. Thread-safe.
 */
public final class AesGcmSecretsFile implements SecretsPort {
    static final String ALG = "AES-256-GCM";
    static final byte[] AAD = "trestle:secrets:v1".getBytes(StandardCharsets.UTF_8);
    static final int NONCE_BYTES = 12;
    static final int KEY_BYTES = 32;
    private static final int TAG_BITS = 128;
    private static final DateTimeFormatter ASIDE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path secretsFile;
    private final Path masterKeyFile;
    private final ClockPort clock;
    private final SecureRandom random = new SecureRandom();

    private boolean loaded;
    private boolean readable;
    private Map<String, String> keys = new LinkedHashMap<>();

    /** A store in {@code dataDir} ({@code secrets.enc}, {@code master.key}); {@code clock} names set-aside files. */
    public AesGcmSecretsFile(Path dataDir, ClockPort clock) {
        Objects.requireNonNull(dataDir, "dataDir");
        this.secretsFile = dataDir.resolve("secrets.enc");
        this.masterKeyFile = dataDir.resolve("master.key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized boolean readable() {
        ensureLoaded();
        return readable;
    }

    @Override
    public synchronized Optional<String> apiKey(ProviderId provider) {
        ensureLoaded();
        return readable ? Optional.ofNullable(keys.get(provider.id())) : Optional.empty();
    }

    @Override
    public synchronized void setApiKey(ProviderId provider, String key) {
        Objects.requireNonNull(provider, "provider");
        if (key == null || key.isEmpty()) {
            throw new TrestleException(ErrorInfo.validation(Phase.SETTINGS, "invalid_api_key", "empty key")
                    .withProvider(provider.id()));
        }
        ensureLoaded();
        if (!readable) {
            setAsideUnreadable();
        }
        Map<String, String> next = new LinkedHashMap<>(keys);
        next.put(provider.id(), key);
        save(next);
    }

    @Override
    public synchronized void clearApiKey(ProviderId provider) {
        ensureLoaded();
        if (!readable || !keys.containsKey(provider.id())) {
            return;
        }
        Map<String, String> next = new LinkedHashMap<>(keys);
        next.remove(provider.id());
        save(next);
    }

    private void ensureLoaded() {
        if (loaded) {
            return;
        }
        try {
            keys = load();
            readable = true;
        } catch (UnreadableStore e) {
            keys = new LinkedHashMap<>();
            readable = false;
        }
        loaded = true;
    }

    /** Thrown internally for any reason the store cannot be read; carries no content. */
    private static final class UnreadableStore extends Exception {
        UnreadableStore() {
            super(null, null, false, false);
        }
    }

    private Map<String, String> load() throws UnreadableStore {
        byte[] envelope;
        try {
            envelope = Files.readAllBytes(secretsFile);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        } catch (IOException e) {
            throw new UnreadableStore();
        }
        byte[] plain = null;
        try {
            JsonNode env = Json.MAPPER.readTree(envelope);
            if (env == null || !env.isObject() || env.path("schema_version").asInt(-1) != 1
                    || !ALG.equals(env.path("alg").asText())) {
                throw new UnreadableStore();
            }
            byte[] nonce = Base64.getDecoder().decode(env.path("nonce").asText());
            byte[] ciphertext = Base64.getDecoder().decode(env.path("ciphertext").asText());
            if (nonce.length != NONCE_BYTES) {
                throw new UnreadableStore();
            }
            byte[] key = readMasterKey().orElseThrow(UnreadableStore::new);
            try {
                plain = crypt(Cipher.DECRYPT_MODE, key, nonce, ciphertext);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            JsonNode doc = Json.MAPPER.readTree(plain);
            if (doc == null || !doc.isObject() || doc.path("schema_version").asInt(-1) != 1
                    || !doc.path("api_keys").isObject()) {
                throw new UnreadableStore();
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : doc.get("api_keys").properties()) {
                if (e.getValue().isTextual()) {
                    out.put(e.getKey(), e.getValue().asText());
                }
            }
            return out;
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            throw new UnreadableStore();
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private Optional<byte[]> readMasterKey() {
        try {
            byte[] key = Files.readAllBytes(masterKeyFile);
            if (key.length == KEY_BYTES) {
                return Optional.of(key);
            }
            Arrays.fill(key, (byte) 0);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void setAsideUnreadable() {
        try {
            if (Files.exists(secretsFile)) {
                String stamp = ASIDE_STAMP.format(clock.now());
                Path aside = secretsFile.resolveSibling("secrets.enc.unreadable-" + stamp);
                for (int n = 2; Files.exists(aside); n++) {
                    aside = secretsFile.resolveSibling("secrets.enc.unreadable-" + stamp + "-" + n);
                }
                Files.move(secretsFile, aside);
            }
        } catch (IOException e) {
            throw new TrestleException(writeFailure(e), e);
        }
        keys = new LinkedHashMap<>();
        readable = true;
    }

    private void save(Map<String, String> next) {
        byte[] plain = null;
        byte[] key = null;
        boolean newKey = false;
        try {
            Path dir = secretsFile.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Optional<byte[]> existing = readMasterKey();
            if (existing.isPresent()) {
                key = existing.get();
            } else {
                key = new byte[KEY_BYTES];
                random.nextBytes(key);
                writeOwnerOnly(masterKeyFile, key);
                newKey = true;
            }
            ObjectNode doc = Json.object();
            doc.put("schema_version", 1);
            ObjectNode apiKeys = doc.putObject("api_keys");
            next.forEach(apiKeys::put);
            plain = Json.MAPPER.writeValueAsBytes(doc);
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, key, nonce, plain);
            ObjectNode env = Json.object();
            env.put("schema_version", 1);
            env.put("alg", ALG);
            env.put("nonce", Base64.getEncoder().encodeToString(nonce));
            env.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
            writeOwnerOnly(secretsFile, Json.bytes(env));
            keys = next;
        } catch (JacksonException e) {
            throw new IllegalStateException("serialising the key document cannot fail", e);
        } catch (IOException e) {
            if (newKey) {
                // all or nothing: a key made for a store that could not be written goes with it
                try {
                    Files.deleteIfExists(masterKeyFile);
                    AtomicFiles.fsyncDirectory(masterKeyFile.toAbsolutePath().getParent());
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new TrestleException(writeFailure(e), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required by every Java platform", e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    private static byte[] crypt(int mode, byte[] key, byte[] nonce, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(AAD);
        return cipher.doFinal(input);
    }

    /** Atomic replace with owner-only access: POSIX mode at creation, else a best-effort owner-only ACL. */
    static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        Set<String> views = target.getFileSystem().supportedFileAttributeViews();
        if (views.contains("posix")) {
            Set<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE);
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(ownerOnly);
            AtomicFiles.write(target, bytes, attr);
            Files.setPosixFilePermissions(target, ownerOnly);
            return;
        }
        AtomicFiles.write(target, bytes);
        if (views.contains("acl")) {
            restrictAclToOwner(target);
        }
    }

    private static void restrictAclToOwner(Path target) {
        try {
            AclFileAttributeView view = Files.getFileAttributeView(target, AclFileAttributeView.class);
            if (view == null) {
                return;
            }
            UserPrincipal owner = view.getOwner();
            AclEntry entry = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();
            view.setAcl(List.of(entry));
        } catch (IOException | RuntimeException e) {
            // best effort (storage.md §3): the file is still encrypted or is the key beside it
        }
    }

    private static ErrorInfo writeFailure(IOException e) {
        if (DiskFull.is(e)) {
            return ErrorInfo.of(ErrorCode.DISK_FULL, Phase.SETTINGS).withDetail("secrets store could not be written");
        }
        return ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED, Phase.SETTINGS)
                .withDetail("secrets store could not be written (" + IoFailures.reason(e) + ")");
    }

    /** For logs and debuggers: never the keys. */
    @Override
    public String toString() {
        return "AesGcmSecretsFile[" + secretsFile + "]";
    }
}
