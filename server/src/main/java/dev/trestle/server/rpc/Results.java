package dev.trestle.server.rpc;

import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import dev.trestle.server.rpc.WireTypes.AddResult;
import dev.trestle.server.rpc.WireTypes.Capabilities;
import dev.trestle.server.rpc.WireTypes.CheckpointMetadata;
import dev.trestle.server.rpc.WireTypes.ConversationRecord;
import dev.trestle.server.rpc.WireTypes.EgressEvent;
import dev.trestle.server.rpc.WireTypes.FileEntry;
import dev.trestle.server.rpc.WireTypes.ModelInfo;
import dev.trestle.server.rpc.WireTypes.Proposal;
import dev.trestle.server.rpc.WireTypes.ProviderStatus;
import dev.trestle.server.rpc.WireTypes.RemoveResult;
import dev.trestle.server.rpc.WireTypes.Workbench;
import java.util.List;

/** The result object of every request of {@code rpc.md} §3; {@code null} components are omitted on the wire. */
public final class Results {
    private Results() {
    }

    /** {@code {}}. */
    public record Empty() {
        public static final Empty INSTANCE = new Empty();
    }

    /** LSP {@code initialize}: {@code {capabilities: {}, serverInfo: {name, version}}} (LSP's own camelCase). */
    public record Initialize(JsonObject capabilities, ServerInfo serverInfo) {
    }

    /** LSP {@code serverInfo}. */
    public record ServerInfo(String name, String version) {
    }

    public record EngineInfo(@SerializedName("engine_version") String engineVersion,
                             @SerializedName("api_version") String apiVersion) {
    }

    public record ProvidersStatus(List<ProviderStatus> providers) {
    }

    public record ApiKeySet(boolean configured) {
    }

    public record Validated(boolean ok, @SerializedName("validated_at") String validatedAt) {
    }

    public record Models(List<ModelInfo> models) {
    }

    public record ModelCapabilities(Capabilities capabilities) {
    }

    public record ModelId(@SerializedName("model_id") String modelId) {
    }

    public record WorkbenchCreated(@SerializedName("workbench_id") String workbenchId) {
    }

    public record WorkbenchOpened(Workbench workbench) {
    }

    public record Workbenches(List<Workbench> workbenches) {
    }

    public record Scope(ScopeLimits limits, @SerializedName("supported_types") SupportedTypes supportedTypes,
                        @SerializedName("sandbox_root") String sandboxRoot,
                        @SerializedName("scope_hash") String scopeHash) {
    }

    public record ScopeLimits(@SerializedName("max_files") int maxFiles,
                              @SerializedName("max_file_bytes") long maxFileBytes) {
    }

    public record SupportedTypes(@SerializedName("text_extensions") List<String> textExtensions,
                                 @SerializedName("readable_kinds") List<String> readableKinds) {
    }

    public record Files(List<FileEntry> files) {
    }

    public record FilesAdded(@SerializedName("add_results") List<AddResult> addResults) {
    }

    public record FilesRemoved(@SerializedName("remove_results") List<RemoveResult> removeResults) {
    }

    public record ConsentStatus(boolean consented,
                                @SerializedName("provider_id") String providerId,
                                @SerializedName("model_id") String modelId,
                                @SerializedName("endpoint_host") String endpointHost,
                                @SerializedName("scope_hash") String scopeHash,
                                boolean persisted,
                                @SerializedName("consented_at") String consentedAt) {
    }

    public record EgressEvents(List<EgressEvent> events) {
    }

    public record WorkshopState(@SerializedName("active_model_id") String activeModelId,
                                @SerializedName("default_model_id") String defaultModelId,
                                @SerializedName("has_draft") boolean hasDraft,
                                @SerializedName("pending_proposal_id") String pendingProposalId,
                                @SerializedName("run_in_progress") boolean runInProgress) {
    }

    public record Conversation(List<ConversationRecord> messages) {
    }

    public record MessageId(@SerializedName("message_id") String messageId) {
    }

    public record AssistantReply(@SerializedName("message_id") String messageId,
                                 @SerializedName("model_id") String modelId) {
    }

    public record CancelRun(@SerializedName("cancel_requested") boolean cancelRequested) {
    }

    public record ProposalCreated(@SerializedName("proposal_id") String proposalId,
                                  @SerializedName("no_changes") boolean noChanges) {
    }

    public record ProposalFound(Proposal proposal) {
    }

    /** {@code {draft_id}} or {@code {no_changes: true}}. */
    public record ProposalApplied(@SerializedName("draft_id") String draftId,
                                  @SerializedName("no_changes") Boolean noChanges) {
    }

    public record Cleared(boolean cleared) {
    }

    public record DraftState(@SerializedName("has_draft") boolean hasDraft,
                             @SerializedName("draft_id") String draftId,
                             @SerializedName("created_at") String createdAt,
                             @SerializedName("source_kind") String sourceKind,
                             @SerializedName("source_ref") String sourceRef) {
    }

    public record Published(@SerializedName("published_at") String publishedAt,
                            @SerializedName("checkpoint_id") String checkpointId) {
    }

    public record ChangeSet(@SerializedName("draft_id") String draftId, List<Change> changes) {
    }

    /** {@code change_type} added, modified or deleted. */
    public record Change(String path, @SerializedName("change_type") String changeType) {
    }

    public record Checkpoints(List<CheckpointMetadata> checkpoints, Store store) {
    }

    public record Store(long objects, long bytes) {
    }

    public record CheckpointFound(CheckpointMetadata checkpoint) {
    }

    public record CheckpointCreated(@SerializedName("checkpoint_id") String checkpointId) {
    }

    public record Restored(@SerializedName("pre_restore_checkpoint_id") String preRestoreCheckpointId,
                           @SerializedName("restored_at") String restoredAt) {
    }
}
