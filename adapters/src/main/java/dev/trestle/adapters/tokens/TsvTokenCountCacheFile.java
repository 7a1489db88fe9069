package dev.trestle.adapters.tokens;

import dev.trestle.adapters.support.AtomicFiles;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.TokenCountCachePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code <data_dir>/token_counts.tsv} ({@code storage.md} §2): a header line {@code trestle-token-counts<TAB><tag>},
 * then one {@code <sha256><TAB><count>} line per counted body, one append per recorded batch. A cache, never user
 * data: appends are not forced to disk, and a missing file, a foreign header or another tag reads as empty; a line
 * that is not 64 lowercase hex digits, a tab and a count of at least 0 (a stray byte) is skipped, and a last line
 * without its {@code \n} (a torn append, maybe a count cut short) is never trusted and is cut off by the next append.
 * A later line for the same hash wins.
 * <p>
 * Bounded: when a load finds many more lines than distinct hashes, or more than {@code maxEntries} of them, and when
 * appends pass one and a half times {@code maxEntries} lines, the file is rewritten atomically with the newest
 * {@code maxEntries} distinct entries (a body not counted since is counted again when next seen). Calls are
 * serialised by this instance; the engine lock keeps other engines out of the data dir.
 */
public final class TsvTokenCountCacheFile implements TokenCountCachePort {
    static final String FILE_NAME = "token_counts.tsv";
    static final String MAGIC = "trestle-token-counts";
    /** 20× a 10 000-file Workbench; about 14 MB of file and what {@code TokenAccounting} holds in memory anyway. */
    static final int MAX_ENTRIES = 200_000;
    /** Below this many lines a load never rewrites for duplicates alone. */
    static final int COMPACT_FLOOR = 1_024;
    private static final int SHA_LENGTH = 64;

    private final Path file;
    private final int maxEntries;
    private final Object lock = new Object();

    // what the file holds, known after the first scan (guarded by lock)
    private boolean scanned;
    private String fileTag;
    private long lines;
    private boolean openLine;
    private long completeBytes;

    public TsvTokenCountCacheFile(Path file) {
        this(file, MAX_ENTRIES);
    }

    TsvTokenCountCacheFile(Path file, int maxEntries) {
        this.file = Objects.requireNonNull(file, "file");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    public static TsvTokenCountCacheFile inDataDir(Path dataDir) {
        return new TsvTokenCountCacheFile(dataDir.resolve(FILE_NAME));
    }

    @Override
    public Map<String, Integer> loadAll(String tag) {
        checkTag(tag);
        synchronized (lock) {
            Scan s = scan();
            if (!tag.equals(s.tag)) {
                return new HashMap<>();
            }
            Map<String, Integer> entries = s.entries;
            if (entries.size() > maxEntries || s.lines > 2L * Math.max(entries.size(), COMPACT_FLOOR)) {
                entries = newest(entries, maxEntries);
                try {
                    rewrite(tag, entries);
                } catch (IOException | RuntimeException e) {
                    // reads never fail: the file stays as it was, and is bounded again on a later load
                    scanned = false;
                }
            }
            return new HashMap<>(entries);
        }
    }

    @Override
    public void record(String tag, Map<String, Integer> counts) {
        checkTag(tag);
        StringBuilder batch = new StringBuilder(counts.size() * (SHA_LENGTH + 8));
        Map<String, Integer> valid = new LinkedHashMap<>();
        counts.forEach((sha, n) -> {
            if (sha != null && isSha(sha, 0, sha.length()) && n != null && n >= 0) {
                valid.put(sha, n);
                batch.append(sha).append('\t').append(n.intValue()).append('\n');
            }
        });
        if (valid.isEmpty()) {
            return;
        }
        synchronized (lock) {
            try {
                if (!scanned) {
                    scan();
                }
                if (!tag.equals(fileTag)) {
                    rewrite(tag, valid);
                    return;
                }
                try {
                    append(batch, valid.size());
                } catch (NoSuchFileException gone) {
                    // removed since it was read: start over with this batch
                    rewrite(tag, valid);
                    return;
                }
                if (lines > maxEntries + (long) maxEntries / 2) {
                    Scan s = scan();
                    rewrite(tag, newest(s.entries, maxEntries));
                }
            } catch (IOException e) {
                scanned = false;
                throw new TrestleException(ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED, Phase.WORKSHOP)
                        .withDetail(FILE_NAME + " could not be written"), e);
            }
        }
    }

    private void append(CharSequence batch, int count) throws IOException {
        byte[] bytes = batch.toString().getBytes(StandardCharsets.US_ASCII);
        if (openLine) {
            // a torn last line was never complete: cut it off rather than complete it with a wrong count
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(completeBytes);
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                long at = completeBytes;
                while (buf.hasRemaining()) {
                    at += ch.write(buf, at);
                }
            }
        } else {
            Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        lines += count;
        openLine = false;
    }

    private void rewrite(String tag, Map<String, Integer> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + entries.size() * (SHA_LENGTH + 8));
        StringBuilder line = new StringBuilder(SHA_LENGTH + 16);
        line.append(MAGIC).append('\t').append(tag).append('\n');
        out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, Integer> e : entries.entrySet()) {
            line.setLength(0);
            line.append(e.getKey()).append('\t').append(e.getValue().intValue()).append('\n');
            out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(file, out.toByteArray());
        scanned = true;
        fileTag = tag;
        lines = entries.size();
        openLine = false;
        completeBytes = -1;
    }

    /** What the file holds now; remembered for appends. Unreadable is empty, under no tag. */
    private Scan scan() {
        Scan s;
        try {
            s = parse(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            s = new Scan(null, new LinkedHashMap<>(), 0, -1);
        }
        scanned = true;
        fileTag = s.tag;
        lines = s.lines;
        openLine = s.tornAt >= 0;
        completeBytes = s.tornAt;
        return s;
    }

    /** {@code tornAt}: the length of the complete lines when the last one is torn, else -1. */
    private record Scan(String tag, LinkedHashMap<String, Integer> entries, long lines, long tornAt) {
    }

    /** Header, then data lines; entries in the order of their last line, so the newest come last. */
    static Scan parse(byte[] b) {
        LinkedHashMap<String, Integer> entries = new LinkedHashMap<>();
        int headerEnd = indexOf(b, 0);
        if (headerEnd < 0) {
            return new Scan(null, entries, 0, -1);
        }
        String header = new String(b, 0, headerEnd, StandardCharsets.UTF_8);
        String prefix = MAGIC + "\t";
        if (!header.startsWith(prefix) || header.length() == prefix.length()) {
            return new Scan(null, entries, 0, -1);
        }
        long lines = 0;
        int start = headerEnd + 1;
        while (start < b.length) {
            int end = indexOf(b, start);
            if (end < 0) {
                // a torn last append: never complete, so never trusted
                return new Scan(header.substring(prefix.length()), entries, lines, start);
            }
            lines++;
            int count = parseLine(b, start, end);
            if (count >= 0) {
                String sha = new String(b, start, SHA_LENGTH, StandardCharsets.US_ASCII);
                entries.remove(sha);
                entries.put(sha, count);
            }
            start = end + 1;
        }
        return new Scan(header.substring(prefix.length()), entries, lines, -1);
    }

    /** The count of a well-formed data line in {@code b[start, end)}, or -1. */
    private static int parseLine(byte[] b, int start, int end) {
        int digits = end - start - SHA_LENGTH - 1;
        if (digits < 1 || digits > 10 || b[start + SHA_LENGTH] != '\t' || !isSha(b, start)) {
            return -1;
        }
        long n = 0;
        for (int i = start + SHA_LENGTH + 1; i < end; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            n = n * 10 + (b[i] - '0');
        }
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    private static boolean isSha(byte[] b, int start) {
        for (int i = start; i < start + SHA_LENGTH; i++) {
            if (!isLowerHex((char) b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSha(String s, int from, int to) {
        if (to - from != SHA_LENGTH) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isLowerHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The last {@code max} entries of {@code entries} (the newest), in order. */
    private static Map<String, Integer> newest(Map<String, Integer> entries, int max) {
        if (entries.size() <= max) {
            return entries;
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, Integer>> it = entries.entrySet().iterator();
        for (int skip = entries.size() - max; skip > 0; skip--) {
            it.next();
        }
        it.forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void checkTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (tag.isEmpty() || tag.indexOf('\t') >= 0 || tag.indexOf('\n') >= 0 || tag.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a tag is one line without tabs");
        }
    }
}
