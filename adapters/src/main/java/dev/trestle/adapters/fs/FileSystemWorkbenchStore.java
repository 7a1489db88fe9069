package dev.trestle.adapters.fs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConsentStorePort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.EgressEventLogPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The Workbench storage of {@code storage.md} on any {@link java.nio.file.FileSystem}, assembled: one adapter per
 * port over a shared {@link WorkbenchDirs}, plus the store's lifecycle. Startup reconciliation runs either all at once
 * ({@link #reconcileAll()}) or per Workbench right before its first use ({@link #reconcileOnFirstUse()}). Callers hold
 * the Workbench lock for mutating calls ({@code rpc.md} §1). A restore's leftovers are deleted on a cleanup thread
 * after the call returns: {@link #awaitIdle()} waits for it, {@link #close()} too.
 */
public final class FileSystemWorkbenchStore implements AutoCloseable {
    private final StoreContext ctx;
    private final CheckpointIndex index;
    private final WorkbenchDirs dirs;
    private final FileSystemWorkbenchCatalog catalog;
    private final FileSystemPublishedFiles published;
    private final FileSystemCheckpointStore checkpoints;
    private final FileSystemDraftStore drafts;
    private final FileSystemConversationLog conversation;
    private final FileSystemProposalStore proposals;
    private final FileSystemConsentStore consent;
    private final FileSystemEgressEventLog egressLog;
    private final FileSystemWorkbenchEventLog eventLog;

    /** Production wiring: {@code dataDir} is the engine's data directory ({@code storage.md} §1). */
    public FileSystemWorkbenchStore(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log) {
        this(dataDir, clock, ids, log, FileOps.DEFAULT);
    }

    FileSystemWorkbenchStore(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log, FileOps ops) {
        this(dataDir, clock, ids, log, ops, new BackgroundCleanup(), StoreContext.Tuning.DEFAULT);
    }

    /** Test wiring: a file-op seam, a cleanup executor and thresholds other than production's. */
    FileSystemWorkbenchStore(Path dataDir, ClockPort clock, IdGeneratorPort ids, EngineLogPort log, FileOps ops,
                             BackgroundCleanup cleanup, StoreContext.Tuning tuning) {
        this.ctx = new StoreContext(dataDir, clock, ids, log, ops, cleanup, tuning);
        this.index = new CheckpointIndex(ctx);
        GarbageCollector gc = new GarbageCollector(ctx, index);
        Restorer restorer = new Restorer(ctx);
        Drafts draftLogic = new Drafts(ctx, gc);
        CheckpointCreator creator = new CheckpointCreator(ctx, index, gc);
        this.dirs = new WorkbenchDirs(ctx, new Reconciler(ctx, index, creator, restorer, draftLogic));
        this.catalog = new FileSystemWorkbenchCatalog(dirs, index);
        this.published = new FileSystemPublishedFiles(dirs, gc);
        this.checkpoints = new FileSystemCheckpointStore(dirs, index, creator, restorer);
        this.drafts = new FileSystemDraftStore(dirs, draftLogic);
        this.conversation = new FileSystemConversationLog(dirs);
        this.proposals = new FileSystemProposalStore(dirs);
        this.consent = new FileSystemConsentStore(dirs);
        this.egressLog = new FileSystemEgressEventLog(dirs);
        this.eventLog = new FileSystemWorkbenchEventLog(dirs);
    }

    public WorkbenchCatalogPort catalog() {
        return catalog;
    }

    public PublishedFilesPort published() {
        return published;
    }

    public CheckpointStorePort checkpoints() {
        return checkpoints;
    }

    public DraftStorePort drafts() {
        return drafts;
    }

    public ConversationPort conversation() {
        return conversation;
    }

    public ProposalStorePort proposals() {
        return proposals;
    }

    public ConsentStorePort consent() {
        return consent;
    }

    public EgressEventLogPort egressLog() {
        return egressLog;
    }

    public WorkbenchEventLogPort eventLog() {
        return eventLog;
    }

    /**
     * Startup reconciliation ({@code storage.md} §9) of every Workbench, then GC, before returning. Failures are
     * logged per Workbench and never stop the others. Waits for pending background cleanup first.
     */
    public void reconcileAll() {
        ctx.cleanup.awaitAll();
        ctx.forgetAll();
        index.forgetAll();
        dirs.reconcileAll();
    }

    /**
     * The serving start-up ({@code storage.md} §9, "each Workbench, before serving"): returns at once; each Workbench
     * is reconciled (with its GC) right before the first call that names it, exactly once per store, even when two
     * first calls race. A listing first reconciles the Workbenches whose reconciliation may rewrite
     * {@code workbench.json} (a publish/restore marker or a kept-aside {@code workbench.json.prev}). Half-created or
     * half-deleted Workbench folders are deleted on the cleanup thread. Call once, under the engine lock.
     */
    public void reconcileOnFirstUse() {
        ctx.cleanup.awaitAll();
        ctx.forgetAll();
        index.forgetAll();
        dirs.reconcileOnFirstUse();
    }

    /**
     * Prepares the readers of the stored forms ({@code workbench.json}, {@code workshop_state.json}, conversation
     * lines, manifest roots) on the calling thread, from bytes in memory: no file is read. Meant for a background thread at start, so
     * the first open of a Workbench does not pay the JSON binder's set-up (≈ 150 ms in a fresh JVM, measured on the
     * first {@code WorkbenchFilesList} after a restart). Never throws.
     */
    public static void warmUp() {
        try {
            prepareReaders();
        } catch (IOException | RuntimeException e) {
            // only a warm-up: the first real read pays instead
        }
    }

    /** What {@link #warmUp()} does, failures included (a test proves it does not fail). */
    static void prepareReaders() throws IOException {
        Instant t = Instant.EPOCH;
        WorkbenchInfo info = new WorkbenchInfo("01JAAAAAAAAAAAAAAAAAAAAAAA", "warm up", t, t, "openai:gpt-5.2");
        StoredForms.workbench(Json.MAPPER.readTree(StoredForms.workbench(info)));
        StoredForms.workshopState(Json.MAPPER.readTree(StoredForms.workshopState(new WorkshopState(null, null))));
        LineForms.conversation(Json.MAPPER.readTree(LineForms.conversation(
                ConversationRecord.user("u-01JAAAAAAAAAAAAAAAAAAAAAAA", "warm up", t))));
        // the manifest roots' reader too (files.json, checkpoint manifests): 4-20 ms of a first listing
        ManifestCodec.chunks((ObjectNode) Json.MAPPER.readTree(ManifestCodec.filesJson(
                List.of(new ManifestCodec.ChunkRef("0".repeat(64), 1, 1)))));
    }

    /** Blocks until the background cleanup (old Published trees of restores) has finished. */
    public void awaitIdle() {
        ctx.cleanup.awaitAll();
    }

    /**
     * The clean stop: finishes the pending background cleanup and stops its thread (later cleanup runs inline), then
     * leaves a clean marker in each Workbench used since {@link #reconcileOnFirstUse()} ({@code storage.md} §9).
     * Call after the last request. Idempotent.
     */
    @Override
    public void close() {
        ctx.cleanup.close();
        dirs.markClean();
    }
}
