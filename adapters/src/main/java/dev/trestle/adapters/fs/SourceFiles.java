package dev.trestle.adapters.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a source file for an add once, with no gap between the checks and the read ({@code storage.md} §6):
 * <ul>
 * <li>The source's folder is resolved once ({@code toRealPath}, so a home folder reached through a link still works),
 * then walked from the root one folder descriptor at a time without following links ({@link SecureDirectoryStream},
 * i.e. {@code openat(O_NOFOLLOW)}): a folder swapped for a link after that fails the walk.</li>
 * <li>Every folder on the way is compared by identity ({@code fileKey}: device and inode) with the data dir: a source
 * inside it is refused whatever path led there.</li>
 * <li>The file itself is checked and opened relative to its folder's descriptor, without following a link, and
 * accepted only if it is a regular file with the same identity before and after the open. The open runs on a helper
 * thread: if the name turns into a FIFO (whose open blocks until a writer appears) the helper is released by opening
 * the FIFO's write end for an instant, and the source is refused; the caller never hangs.</li>
 * </ul>
 * Where the file system has no secure directory streams (Windows), or a folder on the way may be passed through but
 * not listed (mode {@code --x}), the checks fall back to path-based ones (identity of every folder, no-follow open).
 */
final class SourceFiles {
    /** Why a source was refused: the {@code AddResult} reason. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refused(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }

    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> WRITE = Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final long POLL_MS = 50;
    /** How long an open may stay blocked before the source is refused (a regular file opens at once). */
    private static final long OPEN_LIMIT_MS = 5_000;
    private static final ExecutorService OPENERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "trestle-source-open");
        t.setDaemon(true);
        return t;
    });

    private SourceFiles() {
    }

    /** The identity of the data dir, or {@code null} where the file system has none. */
    static Object identity(Path dir) {
        try {
            return Files.readAttributes(dir.toRealPath(), BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Opens {@code source} (absolute) for reading. Throws {@link Refused} with {@code symlink}, {@code directory},
     * {@code unreadable} or {@code invalid_path} (inside the data dir); the stream it returns reads a regular file.
     */
    static InputStream open(Path source, Object dataDirKey) throws Refused {
        Path parent = source.getParent();
        Path name = source.getFileName();
        if (parent == null || name == null) {
            throw new Refused("invalid_path");
        }
        Path realParent;
        try {
            realParent = parent.toRealPath();
        } catch (IOException | RuntimeException e) {
            throw new Refused("unreadable");
        }
        DirectoryStream<Path> top;
        try {
            top = Files.newDirectoryStream(realParent.getRoot());
        } catch (IOException | RuntimeException e) {
            throw new Refused("unreadable");
        }
        if (!(top instanceof SecureDirectoryStream<Path> root)) {
            closeQuietly(top);
            return openByPath(source);
        }
        List<SecureDirectoryStream<Path>> open = new ArrayList<>();
        open.add(root);
        SecureDirectoryStream<Path> dir = root;
        boolean unlistable = false;
        boolean walked = false;
        try {
            checkNotDataDir(dir, dataDirKey);
            for (Path part : realParent) {
                SecureDirectoryStream<Path> next;
                try {
                    next = dir.newDirectoryStream(part.getFileName(), LinkOption.NOFOLLOW_LINKS);
                } catch (java.nio.file.AccessDeniedException e) {
                    // a folder we may pass through but not list (mode --x): no descriptor to hold on to
                    unlistable = true;
                    break;
                } catch (IOException | RuntimeException e) {
                    // a link (or anything but a folder) where the folder was: the path changed under us
                    throw new Refused("unreadable");
                }
                open.add(next);
                dir = next;
                checkNotDataDir(dir, dataDirKey);
            }
            walked = true;
        } finally {
            // only the file's own folder stays open (openIn closes it); the ones above are no longer needed
            for (SecureDirectoryStream<Path> d : open) {
                if (d != dir || !walked) {
                    closeQuietly(d);
                }
            }
        }
        if (unlistable) {
            closeQuietly(dir);
            checkAncestorsByPath(realParent, dataDirKey);
            return openByPath(realParent.resolve(name));
        }
        return openIn(dir, name);
    }

    /** The fallback's data-dir check: the identity of every folder from {@code realParent} up to the root. */
    private static void checkAncestorsByPath(Path realParent, Object dataDirKey) throws Refused {
        if (dataDirKey == null) {
            return;
        }
        for (Path p = realParent; p != null; p = p.getParent()) {
            try {
                if (dataDirKey.equals(FsUtil.attributes(p).fileKey())) {
                    throw new Refused("invalid_path");
                }
            } catch (IOException | RuntimeException e) {
                throw new Refused("unreadable");
            }
        }
    }

    private static void checkNotDataDir(SecureDirectoryStream<Path> dir, Object dataDirKey) throws Refused {
        if (dataDirKey == null) {
            return;
        }
        try {
            Object key = dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            if (dataDirKey.equals(key)) {
                throw new Refused("invalid_path");
            }
        } catch (IOException | RuntimeException e) {
            throw new Refused("unreadable");
        }
    }

    private static BasicFileAttributes stat(SecureDirectoryStream<Path> dir, Path name) throws Refused {
        try {
            return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (IOException | RuntimeException e) {
            throw new Refused("unreadable");
        }
    }

    private static void refuseIfNotRegular(BasicFileAttributes a) throws Refused {
        if (a.isSymbolicLink()) {
            throw new Refused("symlink");
        }
        if (a.isDirectory()) {
            throw new Refused("directory");
        }
        if (!a.isRegularFile()) {
            throw new Refused("unreadable");
        }
    }

    /**
     * Checks and opens {@code name} in {@code dir}, then closes {@code dir}: at once, or, when a helper is still blocked
     * in an open through it (closing a secure directory stream waits for the calls using it), as soon as the helpers
     * return, so the caller never waits for them.
     */
    private static InputStream openIn(SecureDirectoryStream<Path> dir, Path name) throws Refused {
        List<CompletableFuture<?>> helpers = new ArrayList<>();
        try {
            BasicFileAttributes before = stat(dir, name);
            refuseIfNotRegular(before);
            CompletableFuture<SeekableByteChannel> opening = CompletableFuture.supplyAsync(() -> {
                try {
                    return dir.newByteChannel(name, READ);
                } catch (IOException e) {
                    throw new CompletionException(e);
                }
            }, OPENERS);
            helpers.add(opening);
            SeekableByteChannel channel = await(opening, dir, name, helpers);
            try {
                BasicFileAttributes after = stat(dir, name);
                if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())
                        || before.fileKey() == null && !before.lastModifiedTime().equals(after.lastModifiedTime())) {
                    throw new Refused("unreadable");
                }
                // a FIFO, socket or terminal cannot seek: whatever was opened must be a plain file
                channel.position(0);
            } catch (Refused | IOException | RuntimeException e) {
                closeQuietly(channel);
                throw e instanceof Refused r ? r : new Refused("unreadable");
            }
            return Channels.newInputStream(channel);
        } finally {
            CompletableFuture.allOf(helpers.toArray(CompletableFuture[]::new))
                    .whenComplete((ignored, failure) -> closeQuietly(dir));
        }
    }

    /**
     * Waits for the helper's open. While it is blocked, the name is looked at again: if it is no longer a regular
     * file (a FIFO swapped in), the FIFO's write end is opened for an instant so the blocked open returns, and the
     * source is refused. An open of a regular file returns at once; one still blocked after {@link #OPEN_LIMIT_MS}
     * (a FIFO swapped in and out again, out of reach) is given up: the source is refused and the helper thread is
     * left to the FIFO's next writer.
     */
    private static SeekableByteChannel await(CompletableFuture<SeekableByteChannel> opening,
                                             SecureDirectoryStream<Path> dir, Path name,
                                             List<CompletableFuture<?>> helpers) throws Refused {
        boolean released = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OPEN_LIMIT_MS);
        while (true) {
            try {
                SeekableByteChannel ch = opening.get(POLL_MS, TimeUnit.MILLISECONDS);
                if (released) {
                    closeQuietly(ch);
                    throw new Refused("unreadable");
                }
                return ch;
            } catch (TimeoutException stillOpening) {
                BasicFileAttributes now;
                try {
                    now = stat(dir, name);
                } catch (Refused gone) {
                    now = null;
                }
                if (now != null && now.isOther() && !released) {
                    helpers.add(release(dir, name));
                    released = true;
                }
                if (System.nanoTime() - deadline > 0) {
                    abandon(opening);
                    throw new Refused("unreadable");
                }
            } catch (ExecutionException e) {
                throw new Refused("unreadable");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abandon(opening);
                throw new Refused("unreadable");
            }
        }
    }

    /** Leaves a blocked open to its helper; a channel it still gets is closed at once. */
    private static void abandon(CompletableFuture<SeekableByteChannel> opening) {
        opening.thenAccept(SourceFiles::closeQuietly);
    }

    /**
     * Opens (and closes) the write end of the FIFO at {@code name} on a helper, which lets a blocked reader's open
     * return; the caller does not wait for it.
     */
    private static CompletableFuture<Void> release(SecureDirectoryStream<Path> dir, Path name) {
        return CompletableFuture.runAsync(() -> {
            try (SeekableByteChannel w = dir.newByteChannel(name, WRITE)) {
                // opened and closed: the reader sees end of file
            } catch (IOException e) {
                // gone or not a FIFO any more: nothing to release
            }
        }, OPENERS);
    }

    /** Where there are no secure directory streams: the path-based checks, then a plain no-follow open. */
    private static InputStream openByPath(Path source) throws Refused {
        BasicFileAttributes a;
        try {
            a = FsUtil.attributes(source);
        } catch (IOException | RuntimeException e) {
            throw new Refused("unreadable");
        }
        refuseIfNotRegular(a);
        try {
            return Files.newInputStream(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            throw new Refused(Files.isSymbolicLink(source) ? "symlink" : "unreadable");
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to do
        }
    }
}
