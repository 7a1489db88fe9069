package dev.trestle.server.rpc;

import com.google.gson.JsonObject;
import dev.trestle.domain.model.CheckpointId;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.MessageId;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.ProposalId;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import dev.trestle.domain.port.in.ProposeChangesUseCase;
import dev.trestle.domain.port.in.ProvidersUseCase;
import dev.trestle.domain.port.in.SelectModelUseCase;
import dev.trestle.domain.port.in.WorkshopUseCase;
import dev.trestle.domain.port.out.EngineLogPort;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link TrestleProtocol} endpoint: binds params, calls the use cases on the request executor and maps results to
 * wire records. Every use case receives the request's {@link dev.trestle.domain.model.RequestContext} (cancel token,
 * arrival ticket, phase): a request still queued for its Workbench lock is dropped on {@code $/cancelRequest}; only
 * Workshop runs stop once started ({@code docs/spec/rpc.md} §1); every other started request returns its real result.
 *
 * <p>This file is the binder of every request in {@link RpcMethod} (one short method each); it is over 400 lines
 * because keeping all bindings in one place is what lets a reader find any RPC's path in one step.
 */
public final class TrestleServer implements TrestleProtocol {
    /** The protocol generation clients check in {@code EngineGetInfo}. */
    public static final String API_VERSION = "1";

    private final UseCases uc;
    private final String engineVersion;
    private final RequestRunner runner;
    private final Runnable onExit;
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    /**
     * The wire form of the last clutter states answered, by identity of the domain's state: the domain keeps one state
     * per Workbench until something that affects it changes, so an unchanged Workbench gets the very same wire
     * instance, whose JSON text {@link PreSerialized} wrote before.
     */
    private final IdentityCache<ClutterState, WireTypes.ClutterState> clutterAnswers =
            new IdentityCache<>(PreSerialized.SLOTS);

    /**
     * @param executor where requests run (a cached pool; never the reader thread)
     * @param onExit   called once on the LSP {@code exit} notification
     */
    public TrestleServer(UseCases useCases, String engineVersion, EngineLogPort log, ExecutorService executor,
                         Runnable onExit) {
        this(useCases, engineVersion, log, executor, onExit, RequestContext.LOCAL_CLIENT);
    }

    /**
     * One client session of an engine several clients share.
     *
     * @param client names the session; its requests carry it (a session consent belongs to it)
     */
    public TrestleServer(UseCases useCases, String engineVersion, EngineLogPort log, ExecutorService executor,
                         Runnable onExit, String client) {
        this.uc = useCases;
        this.engineVersion = engineVersion;
        this.runner = new RequestRunner(executor, new ErrorMapper(log), log, client);
        this.onExit = onExit;
    }

    /** Whether {@code shutdown} was received (LSP: exit code 0 on {@code exit} only then). */
    public boolean shutdownRequested() {
        return shutdownRequested.get();
    }

    private <T> CompletableFuture<T> run(RpcMethod method, JsonObject params, RequestRunner.Body<T> body) {
        if (shutdownRequested.get()) {
            return CompletableFuture.failedFuture(RequestRunner.shuttingDown());
        }
        return runner.run(method, params, body);
    }

    // ---- LSP lifecycle

    @Override
    public CompletableFuture<Results.Initialize> initialize(JsonObject params) {
        return CompletableFuture.completedFuture(
                new Results.Initialize(new JsonObject(), new Results.ServerInfo("trestle", engineVersion)));
    }

    @Override
    public void initialized(JsonObject params) {
        // nothing to do: the engine is ready once the launcher listens
    }

    @Override
    public CompletableFuture<Object> shutdown(JsonObject params) {
        shutdownRequested.set(true);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit(JsonObject params) {
        onExit.run();
    }

    // ---- Engine, providers, models

    @Override
    public CompletableFuture<Results.EngineInfo> engineGetInfo(JsonObject params) {
        return run(RpcMethod.ENGINE_GET_INFO, params, (p, rq) -> new Results.EngineInfo(engineVersion, API_VERSION));
    }

    @Override
    public CompletableFuture<Results.ProvidersStatus> providersGetStatus(JsonObject params) {
        return run(RpcMethod.PROVIDERS_GET_STATUS, params, (p, rq) -> new Results.ProvidersStatus(
                uc.providers().status(rq).stream().map(WireMapper::providerStatus).toList()));
    }

    @Override
    public CompletableFuture<Results.ApiKeySet> providersSetApiKey(JsonObject params) {
        return run(RpcMethod.PROVIDERS_SET_API_KEY, params, (p, rq) -> {
            ProviderId provider = p.provider();
            uc.providers().setApiKey(rq, new ProvidersUseCase.SetApiKey(provider, p.string("api_key")));
            return new Results.ApiKeySet(true);
        });
    }

    @Override
    public CompletableFuture<Results.Empty> providersClearApiKey(JsonObject params) {
        return run(RpcMethod.PROVIDERS_CLEAR_API_KEY, params, (p, rq) -> {
            uc.providers().clearApiKey(rq, p.provider());
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.Empty> providersSetEnabled(JsonObject params) {
        return run(RpcMethod.PROVIDERS_SET_ENABLED, params, (p, rq) -> {
            ProviderId provider = p.provider();
            uc.providers().setEnabled(rq, provider, p.bool("enabled"));
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.Validated> providersValidate(JsonObject params) {
        return run(RpcMethod.PROVIDERS_VALIDATE, params, (p, rq) -> new Results.Validated(true,
                WireMapper.time(uc.providers().validate(rq, p.provider()))));
    }

    @Override
    public CompletableFuture<Results.Models> modelsListSupported(JsonObject params) {
        return run(RpcMethod.MODELS_LIST_SUPPORTED, params, (p, rq) -> new Results.Models(
                uc.models().listSupported(rq).stream().map(WireMapper::modelInfo).toList()));
    }

    @Override
    public CompletableFuture<Results.ModelCapabilities> modelsGetCapabilities(JsonObject params) {
        return run(RpcMethod.MODELS_GET_CAPABILITIES, params, (p, rq) -> new Results.ModelCapabilities(
                WireMapper.capabilities(uc.models().capabilities(rq, new ModelId(p.string("model_id"))))));
    }

    @Override
    public CompletableFuture<Results.ModelId> userGetDefaultModel(JsonObject params) {
        return run(RpcMethod.USER_GET_DEFAULT_MODEL,
                params, (p, rq) -> new Results.ModelId(uc.models().userDefault(rq)));
    }

    @Override
    public CompletableFuture<Results.Empty> userSetDefaultModel(JsonObject params) {
        return run(RpcMethod.USER_SET_DEFAULT_MODEL, params, (p, rq) -> {
            uc.models().setUserDefault(rq, new ModelId(p.string("model_id")));
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.ModelId> workbenchGetDefaultModel(JsonObject params) {
        return run(RpcMethod.WORKBENCH_GET_DEFAULT_MODEL, params, (p, rq) -> new Results.ModelId(
                uc.models().workbenchDefault(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.Empty> workbenchSetDefaultModel(JsonObject params) {
        return run(RpcMethod.WORKBENCH_SET_DEFAULT_MODEL, params, (p, rq) -> {
            uc.models().setWorkbenchDefault(rq, chooseModel(p));
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.Empty> workshopSetActiveModel(JsonObject params) {
        return run(RpcMethod.WORKSHOP_SET_ACTIVE_MODEL, params, (p, rq) -> {
            uc.models().setActiveModel(rq, chooseModel(p));
            return Results.Empty.INSTANCE;
        });
    }

    // ---- Workbench and files

    @Override
    public CompletableFuture<Results.WorkbenchCreated> workbenchCreate(JsonObject params) {
        return run(RpcMethod.WORKBENCH_CREATE, params, (p, rq) -> new Results.WorkbenchCreated(
                uc.workbenches().create(rq,
                        new ManageWorkbenchesUseCase.CreateWorkbench(p.optionalString("name")))));
    }

    @Override
    public CompletableFuture<Results.WorkbenchOpened> workbenchOpen(JsonObject params) {
        return run(RpcMethod.WORKBENCH_OPEN, params, (p, rq) -> new Results.WorkbenchOpened(
                WireMapper.workbench(uc.workbenches().open(rq, p.workbench()))));
    }

    @Override
    public CompletableFuture<Results.Workbenches> workbenchList(JsonObject params) {
        return run(RpcMethod.WORKBENCH_LIST, params, (p, rq) -> new Results.Workbenches(
                uc.workbenches().list(rq).stream().map(WireMapper::workbench).toList()));
    }

    @Override
    public CompletableFuture<Results.Empty> workbenchDelete(JsonObject params) {
        return run(RpcMethod.WORKBENCH_DELETE, params, (p, rq) -> {
            uc.workbenches().delete(rq, p.workbench());
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.Scope> workbenchGetScope(JsonObject params) {
        return run(RpcMethod.WORKBENCH_GET_SCOPE, params, (p, rq) -> WireMapper.scope(
                uc.workbenches().scope(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.Files> workbenchFilesList(JsonObject params) {
        return run(RpcMethod.WORKBENCH_FILES_LIST, params, (p, rq) -> new Results.Files(
                uc.files().list(rq, p.workbench()).stream().map(WireMapper::file).toList()));
    }

    @Override
    public CompletableFuture<Results.FilesAdded> workbenchFilesAdd(JsonObject params) {
        return run(RpcMethod.WORKBENCH_FILES_ADD, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            List<String> sources = p.strings("source_paths");
            return new Results.FilesAdded(uc.files()
                    .add(rq, new ManageFilesUseCase.AddFiles(new WorkbenchId(workbench), sources))
                    .stream()
                    .map(WireMapper::addResult).toList());
        });
    }

    @Override
    public CompletableFuture<Results.FilesRemoved> workbenchFilesRemove(JsonObject params) {
        return run(RpcMethod.WORKBENCH_FILES_REMOVE, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            List<String> names = p.strings("workbench_paths");
            return new Results.FilesRemoved(uc.files()
                    .remove(rq, new ManageFilesUseCase.RemoveFiles(new WorkbenchId(workbench), names)).stream()
                    .map(WireMapper::removeResult).toList());
        });
    }

    @Override
    public CompletableFuture<WireTypes.ClutterState> workbenchGetClutter(JsonObject params) {
        return run(RpcMethod.WORKBENCH_GET_CLUTTER, params, (p, rq) -> {
            ClutterState state = uc.clutter().clutter(rq, p.workbench());
            WireTypes.ClutterState wire = clutterAnswers.get(state);
            if (wire == null) {
                wire = WireMapper.clutter(state);
                clutterAnswers.put(state, wire);
            }
            return wire;
        });
    }

    // ---- Egress

    @Override
    public CompletableFuture<Results.ConsentStatus> egressGetConsentStatus(JsonObject params) {
        return run(RpcMethod.EGRESS_GET_CONSENT_STATUS, params, (p, rq) -> WireMapper.consent(
                uc.egress().status(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.Empty> egressGrantWorkshopConsent(JsonObject params) {
        return run(RpcMethod.EGRESS_GRANT_WORKSHOP_CONSENT, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            ProviderId provider = p.provider();
            String model = p.string("model_id");
            String scopeHash = p.string("scope_hash");
            boolean persist = p.bool("persist");
            uc.egress().grant(rq, new EgressConsentUseCase.GrantConsent(new WorkbenchId(workbench), provider,
                    ModelId.parse(model), scopeHash, persist));
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.Empty> egressRevokeWorkshopConsent(JsonObject params) {
        return run(RpcMethod.EGRESS_REVOKE_WORKSHOP_CONSENT, params, (p, rq) -> {
            uc.egress().revoke(rq, p.workbench());
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.EgressEvents> egressListEvents(JsonObject params) {
        return run(RpcMethod.EGRESS_LIST_EVENTS, params, (p, rq) -> {
            String id = p.string("workbench_id");
            Integer limit = p.optionalInt("limit", 0, Integer.MAX_VALUE);
            WorkbenchId workbench = new WorkbenchId(id);
            return new Results.EgressEvents(uc.egress().events(rq, limit == null
                            ? EgressConsentUseCase.ListEgressEvents.all(workbench)
                            : new EgressConsentUseCase.ListEgressEvents(workbench, limit)).stream()
                    .map(WireMapper::egressEvent).toList());
        });
    }

    // ---- Workshop

    @Override
    public CompletableFuture<Results.WorkshopState> workshopGetState(JsonObject params) {
        return run(RpcMethod.WORKSHOP_GET_STATE, params, (p, rq) -> WireMapper.workshop(
                uc.workshop().state(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.Conversation> workshopGetConversation(JsonObject params) {
        return run(RpcMethod.WORKSHOP_GET_CONVERSATION, params, (p, rq) -> new Results.Conversation(
                uc.workshop().conversation(rq, p.workbench()).stream().map(WireMapper::conversation)
                        .toList()));
    }

    @Override
    public CompletableFuture<Results.MessageId> workshopSendUserMessage(JsonObject params) {
        return run(RpcMethod.WORKSHOP_SEND_USER_MESSAGE, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String text = p.string("text");
            return new Results.MessageId(uc.workshop()
                    .sendUserMessage(rq, new WorkshopUseCase.SendUserMessage(new WorkbenchId(workbench), text)));
        });
    }

    @Override
    public CompletableFuture<Results.AssistantReply> workshopStreamAssistantReply(JsonObject params) {
        return run(RpcMethod.WORKSHOP_STREAM_ASSISTANT_REPLY, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String message = p.string("message_id");
            WorkshopUseCase.StreamedReply reply = uc.workshop().streamAssistantReply(rq,
                    new WorkshopUseCase.StreamReply(new WorkbenchId(workbench), MessageId.parse(message)));
            return new Results.AssistantReply(reply.messageId(), reply.modelId());
        });
    }

    @Override
    public CompletableFuture<Results.CancelRun> workshopCancelRun(JsonObject params) {
        return run(RpcMethod.WORKSHOP_CANCEL_RUN, params, (p, rq) -> new Results.CancelRun(
                uc.workshop().cancelRun(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.ProposalCreated> workshopProposeChanges(JsonObject params) {
        return run(RpcMethod.WORKSHOP_PROPOSE_CHANGES, params, (p, rq) -> {
            ProposeChangesUseCase.ProposalOutcome o = uc.proposals().proposeChanges(rq, p.workbench());
            return new Results.ProposalCreated(o.proposalId(), o.noChanges());
        });
    }

    @Override
    public CompletableFuture<Results.ProposalFound> workshopGetProposal(JsonObject params) {
        return run(RpcMethod.WORKSHOP_GET_PROPOSAL, params, (p, rq) -> {
            return new Results.ProposalFound(WireMapper.proposal(uc.proposals().proposal(rq, proposalRef(p))));
        });
    }

    @Override
    public CompletableFuture<Results.ProposalApplied> workshopApplyProposal(JsonObject params) {
        return run(RpcMethod.WORKSHOP_APPLY_PROPOSAL, params, (p, rq) -> {
            String draftId = uc.apply().applyProposal(rq, proposalRef(p));
            return draftId == null ? new Results.ProposalApplied(null, true)
                    : new Results.ProposalApplied(draftId, null);
        });
    }

    @Override
    public CompletableFuture<Results.Cleared> workshopDismissProposal(JsonObject params) {
        return run(RpcMethod.WORKSHOP_DISMISS_PROPOSAL, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String proposal = p.optionalString("proposal_id");
            uc.proposals().dismissProposal(rq,
                    ProposeChangesUseCase.DismissProposal.of(new WorkbenchId(workbench), proposal));
            return new Results.Cleared(true);
        });
    }

    // ---- Draft and review

    @Override
    public CompletableFuture<Results.DraftState> draftGetState(JsonObject params) {
        return run(RpcMethod.DRAFT_GET_STATE, params, (p, rq) -> WireMapper.draft(
                uc.drafts().state(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.Published> draftPublish(JsonObject params) {
        return run(RpcMethod.DRAFT_PUBLISH, params, (p, rq) -> {
            DraftUseCase.Published published = uc.drafts().publish(rq, p.workbench());
            return new Results.Published(WireMapper.time(published.publishedAt()), published.checkpointId());
        });
    }

    @Override
    public CompletableFuture<Results.Empty> draftDiscard(JsonObject params) {
        return run(RpcMethod.DRAFT_DISCARD, params, (p, rq) -> {
            uc.drafts().discard(rq, p.workbench());
            return Results.Empty.INSTANCE;
        });
    }

    @Override
    public CompletableFuture<Results.ChangeSet> reviewGetChangeSet(JsonObject params) {
        return run(RpcMethod.REVIEW_GET_CHANGE_SET, params, (p, rq) -> WireMapper.changeSet(
                uc.drafts().changeSet(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.ChangeSet> draftRevertFile(JsonObject params) {
        return run(RpcMethod.DRAFT_REVERT_FILE, params, (p, rq) -> WireMapper.changeSet(
                uc.drafts().revertFile(rq, new DraftUseCase.RevertFile(p.workbench(), p.string("path")))));
    }

    // ---- Checkpoints (plural canonical names and singular aliases)

    @Override
    public CompletableFuture<Results.Checkpoints> checkpointsList(JsonObject params) {
        return run(RpcMethod.CHECKPOINTS_LIST, params, (p, rq) -> WireMapper.checkpoints(
                uc.checkpoints().list(rq, p.workbench())));
    }

    @Override
    public CompletableFuture<Results.CheckpointFound> checkpointsGet(JsonObject params) {
        return getCheckpoint(RpcMethod.CHECKPOINTS_GET, params);
    }

    @Override
    public CompletableFuture<Results.CheckpointCreated> checkpointsCreate(JsonObject params) {
        return createCheckpoint(RpcMethod.CHECKPOINTS_CREATE, params);
    }

    @Override
    public CompletableFuture<Results.Restored> checkpointsRestore(JsonObject params) {
        return restoreCheckpoint(RpcMethod.CHECKPOINTS_RESTORE, params);
    }

    @Override
    public CompletableFuture<Results.CheckpointFound> checkpointGet(JsonObject params) {
        return getCheckpoint(RpcMethod.CHECKPOINT_GET, params);
    }

    @Override
    public CompletableFuture<Results.CheckpointCreated> checkpointCreate(JsonObject params) {
        return createCheckpoint(RpcMethod.CHECKPOINT_CREATE, params);
    }

    @Override
    public CompletableFuture<Results.Restored> checkpointRestore(JsonObject params) {
        return restoreCheckpoint(RpcMethod.CHECKPOINT_RESTORE, params);
    }

    private CompletableFuture<Results.CheckpointFound> getCheckpoint(RpcMethod method, JsonObject params) {
        return run(method, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String checkpoint = p.string("checkpoint_id");
            return new Results.CheckpointFound(WireMapper.checkpoint(uc.checkpoints().get(rq,
                    new CheckpointsUseCase.CheckpointRef(new WorkbenchId(workbench), CheckpointId.parse(checkpoint)))));
        });
    }

    private CompletableFuture<Results.CheckpointCreated> createCheckpoint(RpcMethod method, JsonObject params) {
        return run(method, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String description = p.optionalString("description");
            String reason = p.optionalString("reason");
            return new Results.CheckpointCreated(uc.checkpoints().create(rq,
                    new CheckpointsUseCase.CreateCheckpoint(new WorkbenchId(workbench), description, reason)));
        });
    }

    private CompletableFuture<Results.Restored> restoreCheckpoint(RpcMethod method, JsonObject params) {
        return run(method, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String checkpoint = p.string("checkpoint_id");
            java.util.List<String> paths = p.optionalStrings("paths");
            var command = new CheckpointsUseCase.RestoreCheckpoint(new WorkbenchId(workbench),
                    CheckpointId.parse(checkpoint), paths);
            CheckpointsUseCase.Restored r = uc.checkpoints().restore(rq, command);
            return new Results.Restored(r.preRestoreCheckpointId(), WireMapper.time(r.restoredAt()),
                    r.restoredPaths());
        });
    }

    @Override
    public CompletableFuture<Results.CheckpointDiff> checkpointsDiff(JsonObject params) {
        return run(RpcMethod.CHECKPOINTS_DIFF, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String from = p.string("from_checkpoint_id");
            String to = p.optionalString("to_checkpoint_id");
            CheckpointId fromId = CheckpointId.parse(from).orElseThrow(() -> p.invalid("from_checkpoint_id"));
            java.util.Optional<CheckpointId> toId = to == null ? java.util.Optional.empty()
                    : java.util.Optional.of(CheckpointId.parse(to).orElseThrow(() -> p.invalid("to_checkpoint_id")));
            var command = new CheckpointsUseCase.CompareCheckpoints(new WorkbenchId(workbench), fromId, toId);
            return WireMapper.diff(from, to, uc.checkpoints().diff(rq, command));
        });
    }

    @Override
    public CompletableFuture<Results.CheckpointFound> checkpointsSetPinned(JsonObject params) {
        return run(RpcMethod.CHECKPOINTS_SET_PINNED, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String checkpoint = p.string("checkpoint_id");
            boolean pinned = p.bool("pinned");
            return new Results.CheckpointFound(WireMapper.checkpoint(
                    uc.checkpoints().setPinned(rq, new CheckpointsUseCase.CheckpointRef(new WorkbenchId(workbench),
                            CheckpointId.parse(checkpoint)), pinned)));
        });
    }

    @Override
    public CompletableFuture<Results.CheckpointFile> checkpointsReadFile(JsonObject params) {
        return run(RpcMethod.CHECKPOINTS_READ_FILE, params, (p, rq) -> {
            String workbench = p.string("workbench_id");
            String checkpoint = p.string("checkpoint_id");
            String path = p.string("path");
            var ref = new CheckpointsUseCase.CheckpointRef(new WorkbenchId(workbench), CheckpointId.parse(checkpoint));
            CheckpointsUseCase.FileContent f = uc.checkpoints().readFile(rq,
                    new CheckpointsUseCase.ReadCheckpointFile(ref, path));
            return new Results.CheckpointFile(checkpoint, f.path(), f.size(), f.sha256(),
                    java.util.Base64.getEncoder().encodeToString(f.content()));
        });
    }

    /** {@code workbench_id} and {@code model_id} of both model choices (the model is checked after the Workbench). */
    private static SelectModelUseCase.ChooseModel chooseModel(Params p) {
        String workbench = p.string("workbench_id");
        String model = p.string("model_id");
        return new SelectModelUseCase.ChooseModel(new WorkbenchId(workbench), ModelId.parse(model));
    }

    /** {@code workbench_id} and {@code proposal_id} (the proposal is checked where the spec checks existence). */
    private static ProposeChangesUseCase.ProposalRef proposalRef(Params p) {
        String workbench = p.string("workbench_id");
        String proposal = p.string("proposal_id");
        return new ProposeChangesUseCase.ProposalRef(new WorkbenchId(workbench), ProposalId.parse(proposal));
    }
}
