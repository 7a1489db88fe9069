package dev.trestle.domain.service;

import dev.trestle.domain.model.Clutter;
import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ScopeHash;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the engine keeps in memory for one Workbench so that queries never rescan: metadata, the Published manifest with
 * its clutter weight and scope hash, conversation size, the Draft, the session consent slot and the active run.
 * Mutated only under {@link #lock}; read fields are volatile snapshots.
 */
final class WorkbenchContext {
    final String id;
    /** Fair, so mutating requests run in arrival order ({@code rpc.md} §1). */
    final ReentrantLock lock = new ReentrantLock(true);

    private volatile WorkbenchInfo info;
    private volatile WorkshopState workshop;
    private volatile List<FileEntry> manifest;
    private volatile double filesWeight;
    private volatile String scopeHash;
    private volatile long conversationBytes;
    private volatile Optional<DraftInfo> draft;
    /** Session consents by client session ({@link dev.trestle.domain.model.RequestContext#client()}). */
    private final Map<String, ConsentRecord> sessionConsents = new ConcurrentHashMap<>();
    private volatile WorkshopRun run;

    WorkbenchContext(String id, WorkbenchInfo info, WorkshopState workshop, List<FileEntry> manifest,
                     List<ConversationRecord> conversation, Optional<DraftInfo> draft) {
        this.id = id;
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
        filesWeight = Clutter.filesWeight(manifest);
        scopeHash = null;
    }

    double filesWeight() {
        return filesWeight;
    }

    String scopeHash() {
        String h = scopeHash;
        if (h == null) {
            h = ScopeHash.of(manifest);
            scopeHash = h;
        }
        return h;
    }

    long conversationBytes() {
        return conversationBytes;
    }

    void setConversation(List<ConversationRecord> records) {
        long bytes = 0;
        for (ConversationRecord r : records) {
            bytes += messageBytes(r);
        }
        conversationBytes = bytes;
    }

    void appended(ConversationRecord record) {
        conversationBytes += messageBytes(record);
    }

    static long messageBytes(ConversationRecord r) {
        return r.isMessage() && r.text() != null ? r.text().getBytes(StandardCharsets.UTF_8).length : 0;
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
