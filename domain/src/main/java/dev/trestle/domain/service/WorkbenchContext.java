package dev.trestle.domain.service;

import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * What the engine keeps in memory for one Workbench so that queries never rescan: metadata, the Published manifest with
 * its scope hash, the conversation's token count (counted when first asked, not on load), the Draft, the session
 * consent slot, the active run and the last clutter computed ({@link #version()} moves on every change that affects
 * it).
 * Mutated only under {@link #lock}; read fields are volatile snapshots.
 */
final class WorkbenchContext {
    final String id;
    /** Fair, so mutating requests run in arrival order ({@code rpc.md} §1). */
    final ReentrantLock lock = new ReentrantLock(true);

    private volatile WorkbenchInfo info;
    private volatile WorkshopState workshop;
    private volatile List<FileEntry> manifest;
    private final ToLongFunction<List<String>> countMessages;
    private volatile String scopeHash;
    /** Guards the conversation's count: {@link #counted} tokens, plus the messages {@link #uncounted} yet. */
    private final Object conversationLock = new Object();
    private long counted;
    private List<String> uncounted = new ArrayList<>();
    private final AtomicLong version = new AtomicLong();
    private volatile Object clutterCache;
    private volatile Optional<DraftInfo> draft;
    /** Session consents by client session ({@link dev.trestle.domain.model.RequestContext#client()}). */
    private final Map<String, ConsentRecord> sessionConsents = new ConcurrentHashMap<>();
    private volatile WorkshopRun run;

    WorkbenchContext(String id, WorkbenchInfo info, WorkshopState workshop, List<FileEntry> manifest,
                     List<ConversationRecord> conversation, Optional<DraftInfo> draft,
                     ToLongFunction<List<String>> countMessages) {
        this.id = id;
        this.countMessages = countMessages;
        this.info = info;
        this.workshop = workshop;
        this.draft = draft;
        setManifest(manifest);
        setConversation(conversation);
    }

    WorkbenchInfo info() {
        return info;
    }

    void setInfo(WorkbenchInfo value) {
        info = value;
    }

    WorkshopState workshop() {
        return workshop;
    }

    void setWorkshop(WorkshopState value) {
        workshop = value;
    }

    List<FileEntry> manifest() {
        return manifest;
    }

    void setManifest(List<FileEntry> value) {
        manifest = List.copyOf(value);
        scopeHash = null;
        version.incrementAndGet();
    }

    String scopeHash() {
        String h = scopeHash;
        if (h == null) {
            h = ScopeHash.of(manifest);
            scopeHash = h;
        }
        return h;
    }

    /**
     * Local tokens of the user and assistant messages, framing included ({@code algorithms.md} §6.1). The messages
     * not counted yet (all of them after a load) are counted now, in one batch; each message is counted once.
     */
    long conversationTokens() {
        synchronized (conversationLock) {
            if (!uncounted.isEmpty()) {
                counted += countMessages.applyAsLong(uncounted);
                uncounted = new ArrayList<>();
            }
            return counted;
        }
    }

    void setConversation(List<ConversationRecord> records) {
        List<String> texts = new ArrayList<>();
        for (ConversationRecord r : records) {
            if (isCounted(r)) {
                texts.add(r.text());
            }
        }
        synchronized (conversationLock) {
            counted = 0;
            uncounted = texts;
        }
        version.incrementAndGet();
    }

    void appended(ConversationRecord record) {
        if (isCounted(record)) {
            synchronized (conversationLock) {
                uncounted.add(record.text());
            }
            version.incrementAndGet();
        }
    }

    private static boolean isCounted(ConversationRecord r) {
        return r.isMessage() && r.text() != null;
    }

    /** Moves on every change to the manifest, the conversation or the token counts behind them. */
    long version() {
        return version.get();
    }

    /** Token counts of some file settled in the background. */
    void countsChanged() {
        version.incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    <T> T clutterCache() {
        return (T) clutterCache;
    }

    void setClutterCache(Object value) {
        clutterCache = value;
    }

    Optional<DraftInfo> draft() {
        return draft;
    }

    void setDraft(Optional<DraftInfo> value) {
        draft = value;
    }

    /** The session consent {@code client} granted, or null. */
    ConsentRecord sessionConsent(String client) {
        return sessionConsents.get(client);
    }

    void setSessionConsent(String client, ConsentRecord value) {
        sessionConsents.put(client, value);
    }

    /** Forgets every client's session consent (a revoke is a person's decision for all their windows). */
    void clearSessionConsents() {
        sessionConsents.clear();
    }

    WorkshopRun run() {
        return run;
    }

    void setRun(WorkshopRun value) {
        run = value;
    }
}
