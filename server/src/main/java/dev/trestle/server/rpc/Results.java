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
    /** LSP's own result: {@code serverInfo} is camelCase there, the one name outside the snake_case rule. */
    public record Initialize(JsonObject capabilities, @SerializedName("serverInfo") ServerInfo serverInfo) {
    }

    /** LSP {@code serverInfo}. */
    public record ServerInfo(String name, String version) {
    }

    public record EngineInfo(String engineVersion,
                             String apiVersion) {
    }

    public record ProvidersStatus(List<ProviderStatus> providers) {
    }

    public record ApiKeySet(boolean configured) {
    }

    public record Validated(boolean ok, String validatedAt) {
    }

    public record Models(List<ModelInfo> models) {
    }

    public record ModelCapabilities(Capabilities capabilities) {
    }

    public record ModelId(String modelId) {
    }

    public record WorkbenchCreated(String workbenchId) {
    }

    public record WorkbenchOpened(Workbench workbench) {
    }

    public record Workbenches(List<Workbench> workbenches) {
    }

    public record Scope(ScopeLimits limits, SupportedTypes supportedTypes,
                        String sandboxRoot,
                        String scopeHash) {
    }

    public record ScopeLimits(int maxFiles,
                              long maxFileBytes) {
    }

    public record SupportedTypes(List<String> textExtensions,
                                 List<String> readableKinds) {
    }

    public record Files(List<FileEntry> files) {
    }

    public record FilesAdded(List<AddResult> addResults) {
    }

    public record FilesRemoved(List<RemoveResult> removeResults) {
    }

    public record ConsentStatus(boolean consented,
                                String providerId,
                                String modelId,
                                String endpointHost,
                                String scopeHash,
                                boolean persisted,
                                String consentedAt) {
    }

    public record EgressEvents(List<EgressEvent> events) {
    }

    public record WorkshopState(String activeModelId,
                                String defaultModelId,
                                boolean hasDraft,
                                String pendingProposalId,
                                boolean runInProgress) {
    }

    public record Conversation(List<ConversationRecord> messages) {
    }

    public record MessageId(String messageId) {
    }

    public record AssistantReply(String messageId,
                                 String modelId) {
    }

    public record CancelRun(boolean cancelRequested) {
    }

    public record ProposalCreated(String proposalId,
                                  boolean noChanges) {
    }

    public record ProposalFound(Proposal proposal) {
    }

    /** {@code {draft_id}} or {@code {no_changes: true}}. */
    public record ProposalApplied(String draftId,
                                  Boolean noChanges) {
    }

    public record Cleared(boolean cleared) {
    }

    public record DraftState(boolean hasDraft,
                             String draftId,
                             String createdAt,
                             String sourceKind,
                             String sourceRef) {
    }

    public record Published(String publishedAt,
                            String checkpointId) {
    }

    public record ChangeSet(String draftId, List<Change> changes) {
    }

    /** {@code change_type} added, modified or deleted. */
    public record Change(String path, String changeType) {
    }

    public record Checkpoints(List<CheckpointMetadata> checkpoints, Store store) {
    }

    /** {@code max_bytes}: the size budget ({@code checkpoints.max_store_bytes}); absent when there is none. */
    public record Store(long objects, long bytes, Long maxBytes) {
    }

    public record CheckpointFound(CheckpointMetadata checkpoint) {
    }

    public record CheckpointCreated(String checkpointId) {
    }

    /** {@code restored_paths}: with {@code paths[]}, the names the restore changed (absent for a full restore). */
    public record Restored(String preRestoreCheckpointId,
                           String restoredAt,
                           List<String> restoredPaths) {
    }

    /** {@code CheckpointsDiff}: {@code to_checkpoint_id} absent = the current Published files. */
    public record CheckpointDiff(String fromCheckpointId,
                                 String toCheckpointId,
                                 List<DiffEntry> added,
                                 List<DiffEntry> removed,
                                 List<DiffChange> changed,
                                 int unchanged) {
    }

    public record DiffEntry(String path, long size, String sha256) {
    }

    public record DiffChange(String path, long fromSize, String fromSha256, long toSize, String toSha256) {
    }

    /** {@code CheckpointsReadFile}: the file's bytes as the checkpoint holds them, base64. */
    public record CheckpointFile(String checkpointId, String path, long size, String sha256, String contentBase64) {
    }
}
