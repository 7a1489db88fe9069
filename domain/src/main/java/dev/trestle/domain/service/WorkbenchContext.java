package dev.trestle.domain.service;

import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * What the engine keeps in memory for one Workbench so that queries never rescan: metadata, the Published manifest with
 * its scope hash, the conversation's token count, the Draft, the session consent slot, the active run and the last
 * clutter computed ({@link #version()} moves on every change that affects it).
 * Mutated only under {@link #lock}; read fields are volatile snapshots.
 */
final class WorkbenchContext {
    final String id;
    /** Fair, so mutating requests run in arrival order ({@code rpc.md} §1). */
    final ReentrantLock lock = new ReentrantLock(true);

    private volatile WorkbenchInfo info;
    private volatile WorkshopState workshop;
    private volatile List<FileEntry> manifest;
    private final ToIntFunction<String> messageTokens;
    private volatile String scopeHash;
    private volatile long conversationTokens;
    private final AtomicLong version = new AtomicLong();
    private volatile Object clutterCache;
    private volatile Optional<DraftInfo> draft;
    /** Session consents by client session ({@link dev.trestle.domain.model.RequestContext#client()}). */
    private final Map<String, ConsentRecord> sessionConsents = new ConcurrentHashMap<>();
    private volatile WorkshopRun run;

    WorkbenchContext(String id, WorkbenchInfo info, WorkshopState workshop, List<FileEntry> manifest,
                     List<ConversationRecord> conversation, Optional<DraftInfo> draft,
                     ToIntFunction<String> messageTokens) {
        this.id = id;
        this.messageTokens = messageTokens;
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

    /** Local tokens of the user and assistant messages, framing included ({@code algorithms.md} §6.1). */
    long conversationTokens() {
        return conversationTokens;
    }

    void setConversation(List<ConversationRecord> records) {
        long tokens = 0;
        for (ConversationRecord r : records) {
            tokens += messageTokens(r);
        }
        conversationTokens = tokens;
        version.incrementAndGet();
    }

    void appended(ConversationRecord record) {
        long added = messageTokens(record);
        if (added > 0) {
            conversationTokens += added;
            version.incrementAndGet();
        }
    }

    private long messageTokens(ConversationRecord r) {
        return r.isMessage() && r.text() != null ? messageTokens.applyAsInt(r.text()) : 0;
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
