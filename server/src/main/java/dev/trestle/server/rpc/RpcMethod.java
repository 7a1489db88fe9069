package dev.trestle.server.rpc;

import static dev.trestle.domain.model.Phase.PUBLISH;
import static dev.trestle.domain.model.Phase.RESTORE;
import static dev.trestle.domain.model.Phase.REVIEW;
import static dev.trestle.domain.model.Phase.SETTINGS;
import static dev.trestle.domain.model.Phase.WORKBENCH;
import static dev.trestle.domain.model.Phase.WORKSHOP;
import static dev.trestle.server.rpc.RpcMethod.Kind.CHANGE;
import static dev.trestle.server.rpc.RpcMethod.Kind.LIFECYCLE;
import static dev.trestle.server.rpc.RpcMethod.Kind.NOTIFICATION;
import static dev.trestle.server.rpc.RpcMethod.Kind.ORDERED;
import static dev.trestle.server.rpc.RpcMethod.Kind.QUERY;

import dev.trestle.domain.model.ArrivalOrder;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.RequestContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The protocol's one method table: every request, notification and LSP lifecycle method with its wire name, its kind
 * (whether it changes a Workbench and so queues in arrival order, {@code docs/spec/rpc.md} §1), its error phase and
 * default subphase ({@code docs/spec/errors.md} §3) and its result (requests) or params (notifications) type.
 *
 * <p>The server registers ({@link TrestleProtocol}, {@link TrestleClient}), orders ({@link RequestRunner}) and phases
 * ({@link #context}: the phase of every error a request answers) requests from here; {@code RpcMethodTableTest} checks
 * the table against what LSP4J serves and generates from it the golden lists {@code protocol-methods.txt} and the VS
 * Code extension's {@code src/generated/methods.ts}, which types its {@code protocol.ts}. Adding a method: a row here,
 * its {@code @JsonRequest} in {@link TrestleProtocol} (the CLI calls through that interface), its body in
 * {@link TrestleServer}, then regenerate the generated files (docs/architecture.md "Adding a method").
 */
public enum RpcMethod {
    // LSP lifecycle
    INITIALIZE("initialize", LIFECYCLE, SETTINGS, null, Results.Initialize.class),
    SHUTDOWN("shutdown", LIFECYCLE, SETTINGS, null, Object.class),
    INITIALIZED("initialized", LIFECYCLE, SETTINGS, null, null),
    EXIT("exit", LIFECYCLE, SETTINGS, null, null),

    // requests (docs/spec/rpc.md §3)
    ENGINE_GET_INFO("EngineGetInfo", QUERY, SETTINGS, null, Results.EngineInfo.class),
    PROVIDERS_GET_STATUS("ProvidersGetStatus", QUERY, SETTINGS, null, Results.ProvidersStatus.class),
    PROVIDERS_SET_API_KEY("ProvidersSetApiKey", CHANGE, SETTINGS, null, Results.ApiKeySet.class),
    PROVIDERS_CLEAR_API_KEY("ProvidersClearApiKey", CHANGE, SETTINGS, null, Results.Empty.class),
    PROVIDERS_SET_ENABLED("ProvidersSetEnabled", CHANGE, SETTINGS, null, Results.Empty.class),
    PROVIDERS_VALIDATE("ProvidersValidate", CHANGE, SETTINGS, "validate_key", Results.Validated.class),
    MODELS_LIST_SUPPORTED("ModelsListSupported", QUERY, SETTINGS, null, Results.Models.class),
    MODELS_GET_CAPABILITIES("ModelsGetCapabilities", QUERY, SETTINGS, null, Results.ModelCapabilities.class),
    USER_GET_DEFAULT_MODEL("UserGetDefaultModel", QUERY, SETTINGS, null, Results.ModelId.class),
    USER_SET_DEFAULT_MODEL("UserSetDefaultModel", CHANGE, SETTINGS, null, Results.Empty.class),
    WORKBENCH_GET_DEFAULT_MODEL("WorkbenchGetDefaultModel", QUERY, WORKBENCH, null, Results.ModelId.class),
    WORKBENCH_SET_DEFAULT_MODEL("WorkbenchSetDefaultModel", ORDERED, WORKBENCH, null, Results.Empty.class),
    WORKSHOP_SET_ACTIVE_MODEL("WorkshopSetActiveModel", ORDERED, WORKSHOP, null, Results.Empty.class),
    WORKBENCH_CREATE("WorkbenchCreate", CHANGE, WORKBENCH, null, Results.WorkbenchCreated.class),
    WORKBENCH_OPEN("WorkbenchOpen", QUERY, WORKBENCH, null, Results.WorkbenchOpened.class),
    WORKBENCH_LIST("WorkbenchList", QUERY, WORKBENCH, null, Results.Workbenches.class),
    WORKBENCH_DELETE("WorkbenchDelete", ORDERED, WORKBENCH, null, Results.Empty.class),
    WORKBENCH_GET_SCOPE("WorkbenchGetScope", QUERY, WORKBENCH, null, Results.Scope.class),
    WORKBENCH_FILES_LIST("WorkbenchFilesList", QUERY, WORKBENCH, null, Results.Files.class),
    WORKBENCH_FILES_ADD("WorkbenchFilesAdd", ORDERED, WORKBENCH, "add_files", Results.FilesAdded.class),
    WORKBENCH_FILES_REMOVE("WorkbenchFilesRemove", ORDERED, WORKBENCH, "remove_files", Results.FilesRemoved.class),
    WORKBENCH_GET_CLUTTER("WorkbenchGetClutter", QUERY, WORKBENCH, null, WireTypes.ClutterState.class),
    EGRESS_GET_CONSENT_STATUS("EgressGetConsentStatus", QUERY, WORKSHOP, null, Results.ConsentStatus.class),
    EGRESS_GRANT_WORKSHOP_CONSENT("EgressGrantWorkshopConsent", ORDERED, WORKSHOP, "consent", Results.Empty.class),
    EGRESS_REVOKE_WORKSHOP_CONSENT("EgressRevokeWorkshopConsent", ORDERED, WORKSHOP, "consent", Results.Empty.class),
    EGRESS_LIST_EVENTS("EgressListEvents", QUERY, WORKSHOP, null, Results.EgressEvents.class),
    WORKSHOP_GET_STATE("WorkshopGetState", QUERY, WORKSHOP, null, Results.WorkshopState.class),
    WORKSHOP_GET_CONVERSATION("WorkshopGetConversation", QUERY, WORKSHOP, null, Results.Conversation.class),
    WORKSHOP_SEND_USER_MESSAGE("WorkshopSendUserMessage", ORDERED, WORKSHOP, null, Results.MessageId.class),
    WORKSHOP_STREAM_ASSISTANT_REPLY("WorkshopStreamAssistantReply", ORDERED, WORKSHOP,
            "stream", Results.AssistantReply.class),
    WORKSHOP_CANCEL_RUN("WorkshopCancelRun", CHANGE, WORKSHOP, null, Results.CancelRun.class),
    WORKSHOP_PROPOSE_CHANGES("WorkshopProposeChanges", ORDERED, WORKSHOP, "proposal", Results.ProposalCreated.class),
    WORKSHOP_GET_PROPOSAL("WorkshopGetProposal", QUERY, WORKSHOP, null, Results.ProposalFound.class),
    WORKSHOP_APPLY_PROPOSAL("WorkshopApplyProposal", ORDERED, WORKSHOP, "apply", Results.ProposalApplied.class),
    WORKSHOP_DISMISS_PROPOSAL("WorkshopDismissProposal", ORDERED, WORKSHOP, null, Results.Cleared.class),
    DRAFT_GET_STATE("DraftGetState", QUERY, PUBLISH, null, Results.DraftState.class),
    DRAFT_PUBLISH("DraftPublish", ORDERED, PUBLISH, null, Results.Published.class),
    DRAFT_DISCARD("DraftDiscard", ORDERED, PUBLISH, null, Results.Empty.class),
    REVIEW_GET_CHANGE_SET("ReviewGetChangeSet", QUERY, REVIEW, null, Results.ChangeSet.class),
    DRAFT_REVERT_FILE("DraftRevertFile", ORDERED, REVIEW, null, Results.ChangeSet.class),
    CHECKPOINTS_LIST("CheckpointsList", QUERY, WORKBENCH, null, Results.Checkpoints.class),
    CHECKPOINTS_GET("CheckpointsGet", QUERY, WORKBENCH, null, Results.CheckpointFound.class),
    CHECKPOINTS_CREATE("CheckpointsCreate", ORDERED, WORKBENCH, null, Results.CheckpointCreated.class),
    CHECKPOINTS_RESTORE("CheckpointsRestore", ORDERED, RESTORE, null, Results.Restored.class),
    CHECKPOINTS_DIFF("CheckpointsDiff", QUERY, WORKBENCH, null, Results.CheckpointDiff.class),
    CHECKPOINTS_SET_PINNED("CheckpointsSetPinned", ORDERED, WORKBENCH, null, Results.CheckpointFound.class),
    CHECKPOINTS_READ_FILE("CheckpointsReadFile", QUERY, WORKBENCH, null, Results.CheckpointFile.class),
    CHECKPOINT_GET("CheckpointGet", QUERY, WORKBENCH, null, Results.CheckpointFound.class),
    CHECKPOINT_CREATE("CheckpointCreate", ORDERED, WORKBENCH, null, Results.CheckpointCreated.class),
    CHECKPOINT_RESTORE("CheckpointRestore", ORDERED, RESTORE, null, Results.Restored.class),

    // notifications the engine sends (docs/spec/rpc.md §4)
    WORKBENCH_CLUTTER_CHANGED("WorkbenchClutterChanged", NOTIFICATION, null, null, Notifications.ClutterChanged.class),
    WORKSHOP_MODEL_CHANGED("WorkshopModelChanged", NOTIFICATION, null, null, Notifications.ModelChanged.class),
    WORKSHOP_ASSISTANT_STREAM_DELTA("WorkshopAssistantStreamDelta", NOTIFICATION, null,
            null, Notifications.StreamDelta.class),
    WORKSHOP_ASSISTANT_MESSAGE_COMPLETE("WorkshopAssistantMessageComplete", NOTIFICATION, null,
            null, Notifications.MessageComplete.class),
    WORKSHOP_RUN_CANCEL_REQUESTED("WorkshopRunCancelRequested", NOTIFICATION, null,
            null, Notifications.RunCancelRequested.class),
    WORKSHOP_PROPOSAL_READY("WorkshopProposalReady", NOTIFICATION, null, null, Notifications.ProposalReady.class),
    WORKBENCH_FILES_CHANGED("WorkbenchFilesChanged", NOTIFICATION, null, null, Notifications.FilesChanged.class),
    DRAFT_STATE_CHANGED("DraftStateChanged", NOTIFICATION, null, null, Notifications.DraftStateChanged.class),
    CHECKPOINT_CREATED("CheckpointCreated", NOTIFICATION, null, null, Notifications.CheckpointCreated.class),
    CHECKPOINT_RESTORED("CheckpointRestored", NOTIFICATION, null, null, Notifications.CheckpointRestored.class),
    CHECKPOINT_PIN_CHANGED("CheckpointPinChanged", NOTIFICATION, null, null,
            Notifications.CheckpointPinChanged.class),
    DRAFT_PUBLISH_PROGRESS("DraftPublishProgress", NOTIFICATION, null, null, Notifications.PublishProgress.class),
    CHECKPOINT_RESTORE_PROGRESS("CheckpointRestoreProgress", NOTIFICATION, null,
            null, Notifications.RestoreProgress.class);

    /** How a method takes part in the protocol. */
    public enum Kind {
        /** LSP lifecycle ({@code initialize}, {@code initialized}, {@code shutdown}, {@code exit}). */
        LIFECYCLE,
        /** A request that reads. */
        QUERY,
        /** A request that changes settings, keys or the set of Workbenches, but no one Workbench's content. */
        CHANGE,
        /** A request that changes one Workbench: admitted in wire order and run in that order on its lock. */
        ORDERED,
        /** A notification the engine sends. */
        NOTIFICATION
    }

    private static final Map<String, RpcMethod> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(RpcMethod::wireName, Function.identity()));

    private final String wireName;
    private final Kind kind;
    private final Phase phase;
    private final String subphase;
    private final Class<?> type;

    RpcMethod(String wireName, Kind kind, Phase phase, String subphase, Class<?> type) {
        this.wireName = wireName;
        this.kind = kind;
        this.phase = phase;
        this.subphase = subphase;
        this.type = type;
    }

    /** The method name on the wire. */
    public String wireName() {
        return wireName;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the request changes one Workbench and therefore keeps its arrival order on that Workbench's lock. */
    public boolean ordered() {
        return kind == ORDERED;
    }

    /** The phase of every error this method answers ({@code docs/spec/errors.md} §3); null for notifications. */
    public Phase phase() {
        return phase;
    }

    /** The subphase an error of this method carries unless the domain set one; null if none. */
    public String subphase() {
        return subphase;
    }

    /**
     * The context of one request of this method: the phase and default subphase of every error it answers are decided
     * here, once ({@link RequestContext#answer}).
     */
    public RequestContext context(CancelToken cancel, ArrivalOrder.Ticket ticket, String client) {
        return new RequestContext(cancel, ticket, phase, subphase, client);
    }

    /** The result type of a request, the params type of a notification; null for lifecycle notifications. */
    public Class<?> type() {
        return type;
    }

    /** The method of a wire name; empty for a name the protocol does not have. */
    public static Optional<RpcMethod> byName(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }

    /** Every wire name, sorted: the content of {@code protocol-methods.txt}. */
    public static List<String> goldenList() {
        return Arrays.stream(values()).map(RpcMethod::wireName).sorted().toList();
    }
}
