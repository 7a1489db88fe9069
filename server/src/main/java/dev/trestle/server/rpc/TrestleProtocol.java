package dev.trestle.server.rpc;

import com.google.gson.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * The protocol the engine serves: every request of {@code rpc.md} §3 under its exact name, plus the LSP lifecycle.
 * Requests take their params as a raw {@link JsonObject} ({@code null} reads as {@code {}}) so that binding errors are
 * {@code -32000 invalid_params}, never a parse error. {@code CheckpointGet}, {@code CheckpointCreate} and
 * {@code CheckpointRestore} are exact aliases of the plural names.
 */
public interface TrestleProtocol {
    /** LSP {@code initialize}: {@code {capabilities: {}, serverInfo: {name: "trestle", version}}}. */
    @JsonRequest("initialize")
    CompletableFuture<Results.Initialize> initialize(JsonObject params);

    /** LSP {@code initialized}; no effect. */
    @JsonNotification("initialized")
    void initialized(JsonObject params);

    /** LSP {@code shutdown}: answers {@code null}; later requests fail -32600. */
    @JsonRequest("shutdown")
    CompletableFuture<Object> shutdown(JsonObject params);

    /** LSP {@code exit}: ends the engine. */
    @JsonNotification("exit")
    void exit(JsonObject params);

    @JsonRequest("EngineGetInfo")
    CompletableFuture<Results.EngineInfo> engineGetInfo(JsonObject params);

    @JsonRequest("ProvidersGetStatus")
    CompletableFuture<Results.ProvidersStatus> providersGetStatus(JsonObject params);

    @JsonRequest("ProvidersSetApiKey")
    CompletableFuture<Results.ApiKeySet> providersSetApiKey(JsonObject params);

    @JsonRequest("ProvidersClearApiKey")
    CompletableFuture<Results.Empty> providersClearApiKey(JsonObject params);

    @JsonRequest("ProvidersSetEnabled")
    CompletableFuture<Results.Empty> providersSetEnabled(JsonObject params);

    @JsonRequest("ProvidersValidate")
    CompletableFuture<Results.Validated> providersValidate(JsonObject params);

    @JsonRequest("ModelsListSupported")
    CompletableFuture<Results.Models> modelsListSupported(JsonObject params);

    @JsonRequest("ModelsGetCapabilities")
    CompletableFuture<Results.ModelCapabilities> modelsGetCapabilities(JsonObject params);

    @JsonRequest("UserGetDefaultModel")
    CompletableFuture<Results.ModelId> userGetDefaultModel(JsonObject params);

    @JsonRequest("UserSetDefaultModel")
    CompletableFuture<Results.Empty> userSetDefaultModel(JsonObject params);

    @JsonRequest("WorkbenchGetDefaultModel")
    CompletableFuture<Results.ModelId> workbenchGetDefaultModel(JsonObject params);

    @JsonRequest("WorkbenchSetDefaultModel")
    CompletableFuture<Results.Empty> workbenchSetDefaultModel(JsonObject params);

    @JsonRequest("WorkshopSetActiveModel")
    CompletableFuture<Results.Empty> workshopSetActiveModel(JsonObject params);

    @JsonRequest("WorkbenchCreate")
    CompletableFuture<Results.WorkbenchCreated> workbenchCreate(JsonObject params);

    @JsonRequest("WorkbenchOpen")
    CompletableFuture<Results.WorkbenchOpened> workbenchOpen(JsonObject params);

    @JsonRequest("WorkbenchList")
    CompletableFuture<Results.Workbenches> workbenchList(JsonObject params);

    @JsonRequest("WorkbenchDelete")
    CompletableFuture<Results.Empty> workbenchDelete(JsonObject params);

    @JsonRequest("WorkbenchGetScope")
    CompletableFuture<Results.Scope> workbenchGetScope(JsonObject params);

    @JsonRequest("WorkbenchFilesList")
    CompletableFuture<Results.Files> workbenchFilesList(JsonObject params);

    @JsonRequest("WorkbenchFilesAdd")
    CompletableFuture<Results.FilesAdded> workbenchFilesAdd(JsonObject params);

    @JsonRequest("WorkbenchFilesRemove")
    CompletableFuture<Results.FilesRemoved> workbenchFilesRemove(JsonObject params);

    @JsonRequest("WorkbenchGetClutter")
    CompletableFuture<WireTypes.ClutterState> workbenchGetClutter(JsonObject params);

    @JsonRequest("EgressGetConsentStatus")
    CompletableFuture<Results.ConsentStatus> egressGetConsentStatus(JsonObject params);

    @JsonRequest("EgressGrantWorkshopConsent")
    CompletableFuture<Results.Empty> egressGrantWorkshopConsent(JsonObject params);

    @JsonRequest("EgressRevokeWorkshopConsent")
    CompletableFuture<Results.Empty> egressRevokeWorkshopConsent(JsonObject params);

    @JsonRequest("EgressListEvents")
    CompletableFuture<Results.EgressEvents> egressListEvents(JsonObject params);

    @JsonRequest("WorkshopGetState")
    CompletableFuture<Results.WorkshopState> workshopGetState(JsonObject params);

    @JsonRequest("WorkshopGetConversation")
    CompletableFuture<Results.Conversation> workshopGetConversation(JsonObject params);

    @JsonRequest("WorkshopSendUserMessage")
    CompletableFuture<Results.MessageId> workshopSendUserMessage(JsonObject params);

    @JsonRequest("WorkshopStreamAssistantReply")
    CompletableFuture<Results.AssistantReply> workshopStreamAssistantReply(JsonObject params);

    @JsonRequest("WorkshopCancelRun")
    CompletableFuture<Results.CancelRun> workshopCancelRun(JsonObject params);

    @JsonRequest("WorkshopProposeChanges")
    CompletableFuture<Results.ProposalCreated> workshopProposeChanges(JsonObject params);

    @JsonRequest("WorkshopGetProposal")
    CompletableFuture<Results.ProposalFound> workshopGetProposal(JsonObject params);

    @JsonRequest("WorkshopApplyProposal")
    CompletableFuture<Results.ProposalApplied> workshopApplyProposal(JsonObject params);

    @JsonRequest("WorkshopDismissProposal")
    CompletableFuture<Results.Cleared> workshopDismissProposal(JsonObject params);

    @JsonRequest("DraftGetState")
    CompletableFuture<Results.DraftState> draftGetState(JsonObject params);

    @JsonRequest("DraftPublish")
    CompletableFuture<Results.Published> draftPublish(JsonObject params);

    @JsonRequest("DraftDiscard")
    CompletableFuture<Results.Empty> draftDiscard(JsonObject params);

    @JsonRequest("ReviewGetChangeSet")
    CompletableFuture<Results.ChangeSet> reviewGetChangeSet(JsonObject params);

    @JsonRequest("DraftRevertFile")
    CompletableFuture<Results.ChangeSet> draftRevertFile(JsonObject params);

    @JsonRequest("CheckpointsList")
    CompletableFuture<Results.Checkpoints> checkpointsList(JsonObject params);

    @JsonRequest("CheckpointsGet")
    CompletableFuture<Results.CheckpointFound> checkpointsGet(JsonObject params);

    @JsonRequest("CheckpointsCreate")
    CompletableFuture<Results.CheckpointCreated> checkpointsCreate(JsonObject params);

    @JsonRequest("CheckpointsRestore")
    CompletableFuture<Results.Restored> checkpointsRestore(JsonObject params);

    @JsonRequest("CheckpointsDiff")
    CompletableFuture<Results.CheckpointDiff> checkpointsDiff(JsonObject params);

    @JsonRequest("CheckpointsSetPinned")
    CompletableFuture<Results.CheckpointFound> checkpointsSetPinned(JsonObject params);

    @JsonRequest("CheckpointsReadFile")
    CompletableFuture<Results.CheckpointFile> checkpointsReadFile(JsonObject params);

    @JsonRequest("CheckpointGet")
    CompletableFuture<Results.CheckpointFound> checkpointGet(JsonObject params);

    @JsonRequest("CheckpointCreate")
    CompletableFuture<Results.CheckpointCreated> checkpointCreate(JsonObject params);

    @JsonRequest("CheckpointRestore")
    CompletableFuture<Results.Restored> checkpointRestore(JsonObject params);
}
