package dev.trestle.adapters.support;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test double of a file system that runs out of space (or quota, or fails with an I/O error) on demand: a wrapper
 * around a real {@link FileSystem} (Jimfs or the default one) that counts every byte written and every entry created
 * (a file, a folder, a link: one {@link #ENTRY_COST}-byte page each) against a budget. When the budget runs out the
 * operation in progress fails the way Linux does: a write writes what still fits and returns a short count, the next
 * write throws; a create throws; nothing else changes. Reads, renames, deletes and truncations always work (they need
 * no space) and give space back like a real disk: deleting (or replacing) the last link of a file returns its bytes
 * and its entry, truncating returns the bytes cut. {@link #unlimited()} lifts the budget.
 * <p>
 * It can also play a power loss ({@link #trackDurability}): it remembers, at every sync, what a journaling file
 * system (ext4, xfs, APFS, NTFS) would bring back after the power went out at that moment. The model: any sync (a
 * file's {@code force} or a folder's fsync) commits the metadata journal, so every create, rename, link and delete made
 * before it is durable; a file's bytes are durable only as they were at its own last {@code force} (a file never
 * forced comes back empty). {@link #images()} lists one image per sync; {@link #materialize} builds one on a fresh
 * file system, where the engine's startup recovery can run.
 */
public final class FaultyFileSystem extends FileSystem {
    /** What a create costs, in bytes of budget. */
    public static final long ENTRY_COST = 512;

    /** The failure the file system reports. */
    public enum Fault {
        ENOSPC("No space left on device"), EDQUOT("Disk quota exceeded"), EIO("Input/output error");

        final String message;

        Fault(String message) {
            this.message = message;
        }
    }

    private final FileSystem delegate;
    private final Provider provider = new Provider();
    private final Object budgetLock = new Object();
    private long budget = Long.MAX_VALUE;
    private long inodes = Long.MAX_VALUE;
    private Fault fault = Fault.ENOSPC;
    private long failures;

    /** One entry of a durable image: a folder, a file (its inode and whether it is read-only) or a link. */
    public record Entry(boolean dir, Object inode, boolean readOnly, String link) {
    }

    /** What survives a power loss at one moment: the namespace and the forced bytes of each inode. */
    public record Image(Map<String, Entry> tree, Map<Object, byte[]> data) {
    }

    private Path tracked;
    private final Map<Object, byte[]> durableData = new java.util.HashMap<>();
    private final List<Image> images = new ArrayList<>();

    private FaultyFileSystem(FileSystem delegate) {
        this.delegate = delegate;
    }

    /** Wraps {@code delegate}; the budget starts unlimited. */
    public static FaultyFileSystem wrap(FileSystem delegate) {
        return new FaultyFileSystem(delegate);
    }

    /** From now on, allow {@code bytes} more bytes of writes and creates, then fail with {@code fault}. */
    public void allow(long bytes, Fault fault) {
        synchronized (budgetLock) {
            this.budget = bytes;
            this.fault = fault;
        }
    }

    /** No limit. */
    public void unlimited() {
        allow(Long.MAX_VALUE, Fault.ENOSPC);
        synchronized (budgetLock) {
            inodes = Long.MAX_VALUE;
        }
    }

    /**
     * From now on, allow {@code entries} more files, folders or links to be created, then fail each create with
     * {@code ENOSPC} while writes to existing files still succeed: inode exhaustion.
     */
    public void allowEntries(long entries) {
        synchronized (budgetLock) {
            this.inodes = entries;
        }
    }

    /** How many operations failed since the file system was made. */
    public long failures() {
        synchronized (budgetLock) {
            return failures;
        }
    }

    /** Bytes of budget left ({@code Long.MAX_VALUE} when unlimited). */
    public long left() {
        synchronized (budgetLock) {
            return budget;
        }
    }

    /** Takes up to {@code wanted} bytes of budget; returns how many were granted (0 throws). */
    private long take(long wanted, Path where) throws IOException {
        synchronized (budgetLock) {
            if (budget == Long.MAX_VALUE) {
                return wanted;
            }
            if (budget <= 0 && wanted > 0) {
                failures++;
                throw where == null ? new IOException(fault.message)
                        : new FileSystemException(where.toString(), null, fault.message);
            }
            long granted = Math.min(budget, wanted);
            budget -= granted;
            return granted;
        }
    }

    /** Gives back what an entry about to disappear holds (its bytes if it is the last link, and its entry). */
    private void release(Path inner) {
        creditEntry();
        synchronized (budgetLock) {
            if (budget == Long.MAX_VALUE) {
                return;
            }
        }
        long bytes = 0;
        try {
            BasicFileAttributes a = Files.readAttributes(inner, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isRegularFile()) {
                Object links;
                try {
                    links = Files.getAttribute(inner, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                } catch (IOException | RuntimeException e) {
                    links = 1;
                }
                bytes = links instanceof Number n && n.intValue() > 1 ? 0 : a.size();
            }
        } catch (IOException e) {
            return;
        }
        credit(bytes + ENTRY_COST);
    }

    private void credit(long bytes) {
        synchronized (budgetLock) {
            if (budget != Long.MAX_VALUE && bytes > 0) {
                budget = Math.min(Long.MAX_VALUE - 1, budget + bytes);
            }
        }
    }

    private void creditEntry() {
        synchronized (budgetLock) {
            if (inodes != Long.MAX_VALUE) {
                inodes++;
            }
        }
    }

    private void create(Path where) throws IOException {
        synchronized (budgetLock) {
            if (inodes != Long.MAX_VALUE) {
                if (inodes <= 0) {
                    failures++;
                    throw new FileSystemException(where.toString(), null, Fault.ENOSPC.message);
                }
                inodes--;
            }
            if (budget != Long.MAX_VALUE && budget < ENTRY_COST) {
                budget = 0;
                failures++;
                throw new FileSystemException(where.toString(), null, fault.message);
            }
            if (budget != Long.MAX_VALUE) {
                budget -= ENTRY_COST;
            }
        }
    }

    // ---- power loss

    /** From now on, record a durable image under {@code root} at every sync; the current state counts as durable. */
    public synchronized void trackDurability(Path root) throws IOException {
        tracked = unwrap(root);
        durableData.clear();
        images.clear();
        try (java.util.stream.Stream<Path> all = Files.walk(tracked)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    durableData.put(inode(p), Files.readAllBytes(p));
                }
            }
        }
        images.add(capture());
    }

    /** The images recorded since {@link #trackDurability} or {@link #clearImages}, oldest first. */
    public synchronized List<Image> images() {
        return List.copyOf(images);
    }

    /** Forgets the recorded images but the current durable one. */
    public synchronized void clearImages() {
        Image last = images.isEmpty() ? null : images.get(images.size() - 1);
        images.clear();
        if (last != null) {
            images.add(last);
        }
    }

    private static Object inode(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private synchronized void synced(Path forcedFile, Object forcedInode) {
        if (tracked == null) {
            return;
        }
        try {
            if (forcedFile != null && forcedInode != null && Files.isRegularFile(forcedFile, LinkOption.NOFOLLOW_LINKS)
                    && forcedInode.equals(inode(forcedFile))) {
                durableData.put(forcedInode, Files.readAllBytes(forcedFile));
            }
            images.add(capture());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Image capture() throws IOException {
        Map<String, Entry> tree = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> all = Files.walk(tracked)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String rel = tracked.relativize(p).toString();
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink()) {
                    tree.put(rel, new Entry(false, null, false, Files.readSymbolicLink(p).toString()));
                } else if (a.isDirectory()) {
                    tree.put(rel, new Entry(true, null, false, null));
                } else {
                    tree.put(rel, new Entry(false, a.fileKey(), !Files.isWritable(p), null));
                }
            }
        }
        Map<Object, byte[]> data = new java.util.HashMap<>();
        for (Entry e : tree.values()) {
            if (e.inode() != null && durableData.containsKey(e.inode())) {
                data.put(e.inode(), durableData.get(e.inode()));
            }
        }
        return new Image(tree, data);
    }

    /** Builds {@code image} under {@code root} (an empty folder on another file system): the state after the crash. */
    public static void materialize(Image image, Path root) throws IOException {
        Map<Object, Path> firstLink = new java.util.HashMap<>();
        List<Path> readOnly = new ArrayList<>();
        for (Map.Entry<String, Entry> e : image.tree().entrySet()) {
            Path p = e.getKey().isEmpty() ? root : root.resolve(e.getKey());
            Entry entry = e.getValue();
            if (entry.dir()) {
                Files.createDirectories(p);
            } else if (entry.link() != null) {
                Files.createSymbolicLink(p, p.getFileSystem().getPath(entry.link()));
            } else if (firstLink.containsKey(entry.inode())) {
                Files.createLink(p, firstLink.get(entry.inode()));
            } else {
                Files.write(p, image.data().getOrDefault(entry.inode(), new byte[0]));
                firstLink.put(entry.inode(), p);
                if (entry.readOnly()) {
                    readOnly.add(p);
                }
            }
        }
        for (Path p : readOnly) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
        }
    }

    // ---- FileSystem

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public boolean isReadOnly() {
        return delegate.isReadOnly();
    }

    @Override
    public String getSeparator() {
        return delegate.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        delegate.getRootDirectories().forEach(r -> roots.add(wrap(r)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return delegate.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return delegate.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(delegate.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher m = delegate.getPathMatcher(syntaxAndPattern);
        return p -> m.matches(unwrap(p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return delegate.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException();
    }

    Path wrap(Path p) {
        return p == null ? null : new FPath(this, p);
    }

    static Path unwrap(Path p) {
        if (p instanceof FPath f) {
            return f.inner;
        }
        throw new ProviderMismatchException();
    }

    // ---- Path

    private static final class FPath implements Path {
        final FaultyFileSystem fs;
        final Path inner;

        FPath(FaultyFileSystem fs, Path inner) {
            this.fs = fs;
            this.inner = inner;
        }

        @Override
        public FileSystem getFileSystem() {
            return fs;
        }

        @Override
        public boolean isAbsolute() {
            return inner.isAbsolute();
        }

        @Override
        public Path getRoot() {
            return fs.wrap(inner.getRoot());
        }

        @Override
        public Path getFileName() {
            return fs.wrap(inner.getFileName());
        }

        @Override
        public Path getParent() {
            return fs.wrap(inner.getParent());
        }

        @Override
        public int getNameCount() {
            return inner.getNameCount();
        }

        @Override
        public Path getName(int index) {
            return fs.wrap(inner.getName(index));
        }

        @Override
        public Path subpath(int beginIndex, int endIndex) {
            return fs.wrap(inner.subpath(beginIndex, endIndex));
        }

        @Override
        public boolean startsWith(Path other) {
            return other instanceof FPath f && inner.startsWith(f.inner);
        }

        @Override
        public boolean endsWith(Path other) {
            return other instanceof FPath f && inner.endsWith(f.inner);
        }

        @Override
        public Path normalize() {
            return fs.wrap(inner.normalize());
        }

        @Override
        public Path resolve(Path other) {
            return fs.wrap(inner.resolve(unwrap(other)));
        }

        @Override
        public Path resolve(String other) {
            return fs.wrap(inner.resolve(other));
        }

        @Override
        public Path resolveSibling(String other) {
            return fs.wrap(inner.resolveSibling(other));
        }

        @Override
        public Path relativize(Path other) {
            return fs.wrap(inner.relativize(unwrap(other)));
        }

        @Override
        public URI toUri() {
            return inner.toUri();
        }

        @Override
        public Path toAbsolutePath() {
            return fs.wrap(inner.toAbsolutePath());
        }

        @Override
        public Path toRealPath(LinkOption... options) throws IOException {
            return fs.wrap(inner.toRealPath(options));
        }

        @Override
        public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Path other) {
            return inner.compareTo(unwrap(other));
        }

        @Override
        public Iterator<Path> iterator() {
            List<Path> names = new ArrayList<>();
            inner.iterator().forEachRemaining(n -> names.add(fs.wrap(n)));
            return names.iterator();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FPath f && f.fs == fs && f.inner.equals(inner);
        }

        @Override
        public int hashCode() {
            return inner.hashCode();
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }

    // ---- channel

    private final class FChannel extends FileChannel {
        private final FileChannel inner;
        private final Path where;
        private final Object inode;

        FChannel(FileChannel inner, Path where) {
            this.inner = inner;
            this.where = where;
            Object key = null;
            try {
                key = inner == null ? null : FaultyFileSystem.inode(where);
            } catch (IOException | RuntimeException e) {
                // not tracked
            }
            this.inode = key;
        }

        private int limited(ByteBuffer src, IoWrite op) throws IOException {
            int wanted = src.remaining();
            long granted = take(wanted, null);
            if (granted >= wanted) {
                return op.write(src);
            }
            int oldLimit = src.limit();
            src.limit(src.position() + (int) granted);
            try {
                return op.write(src);
            } finally {
                src.limit(oldLimit);
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return inner.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return inner.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return limited(src, inner::write);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    int n = write(srcs[i]);
                    total += n;
                    if (srcs[i].hasRemaining()) {
                        break;
                    }
                }
            }
            return total;
        }

        @Override
        public long position() throws IOException {
            return inner.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            inner.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return inner.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            long before = inner.size();
            inner.truncate(size);
            credit(before - inner.size());
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (inner != null) {
                inner.force(metaData);
            }
            synced(inner == null ? null : where, inode);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(65536, Math.max(1, count)));
            long done = 0;
            while (done < count) {
                buf.clear().limit((int) Math.min(buf.capacity(), count - done));
                int n = inner.read(buf, position + done);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    target.write(buf);
                }
                done += n;
            }
            return done;
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(65536, Math.max(1, count)));
            long done = 0;
            while (done < count) {
                buf.clear().limit((int) Math.min(buf.capacity(), count - done));
                int n = src.read(buf);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    done += write(buf, position + done);
                }
            }
            return done;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return inner.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return limited(src, b -> inner.write(b, position));
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return inner.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return inner.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return inner.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            if (inner != null) {
                inner.close();
            }
        }

        @Override
        public String toString() {
            return "FChannel[" + where + "]";
        }
    }

    @FunctionalInterface
    private interface IoWrite {
        int write(ByteBuffer b) throws IOException;
    }

    // ---- provider

    private final class Provider extends FileSystemProvider {
        private FileSystemProvider inner() {
            return delegate.provider();
        }

        @Override
        public String getScheme() {
            return "faulty";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Path getPath(URI uri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                                  FileAttribute<?>... attrs) throws IOException {
            return newFileChannel(path, options, attrs);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            Path p = unwrap(path);
            Set<OpenOption> opts = new HashSet<>(options);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !opts.contains(StandardOpenOption.WRITE)) {
                // a folder opened to fsync it: a channel whose force() is the folder's fsync
                return new FChannel(null, p);
            }
            boolean creates = opts.contains(StandardOpenOption.CREATE_NEW)
                    || (opts.contains(StandardOpenOption.CREATE) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS));
            if (creates && !(opts.contains(StandardOpenOption.CREATE_NEW) && Files.exists(p, LinkOption.NOFOLLOW_LINKS))) {
                create(p);
            }
            return new FChannel(inner().newFileChannel(p, options, attrs), p);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> in = inner().newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> it = in.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(it.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    in.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            Path p = unwrap(dir);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                create(p);
            }
            inner().createDirectory(p, attrs);
        }

        @Override
        public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
            Path p = unwrap(link);
            create(p);
            inner().createSymbolicLink(p, unwrap(target), attrs);
        }

        @Override
        public void createLink(Path link, Path existing) throws IOException {
            Path p = unwrap(link);
            create(p);
            inner().createLink(p, unwrap(existing));
        }

        @Override
        public Path readSymbolicLink(Path link) throws IOException {
            return wrap(inner().readSymbolicLink(unwrap(link)));
        }

        @Override
        public void delete(Path path) throws IOException {
            Path p = unwrap(path);
            boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
            if (exists) {
                release(p);
            }
            inner().delete(p);
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            Set<CopyOption> opts = Set.of(options);
            Path t = unwrap(target);
            if (opts.contains(StandardCopyOption.REPLACE_EXISTING)) {
                Files.deleteIfExists(t);
            }
            if (Files.isDirectory(unwrap(source), LinkOption.NOFOLLOW_LINKS)) {
                createDirectory(target);
                return;
            }
            try (FileChannel in = newFileChannel(source, Set.of(StandardOpenOption.READ));
                 FileChannel out = newFileChannel(target, Set.of(StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE))) {
                long size = in.size();
                long pos = 0;
                while (pos < size) {
                    pos += in.transferTo(pos, size - pos, out);
                }
            }
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            Path t = unwrap(target);
            if (Set.of(options).contains(StandardCopyOption.REPLACE_EXISTING) && Files.exists(t, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(t, LinkOption.NOFOLLOW_LINKS)) {
                release(t);
            }
            inner().move(unwrap(source), t, options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return inner().isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return inner().isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return inner().getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            inner().checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
                                                                    LinkOption... options) {
            return inner().getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
                throws IOException {
            return inner().readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return inner().readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
                throws IOException {
            inner().setAttribute(unwrap(path), attribute, value, options);
        }
    }
}
