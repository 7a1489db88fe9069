package dev.trestle.server.rpc;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;

/**
 * What the engine sends to its client: the notifications of {@code rpc.md} §4. The server holds a proxy of this
 * interface; clients implement it to receive events.
 */
public interface TrestleClient {
    @JsonNotification("WorkbenchClutterChanged")
    void workbenchClutterChanged(Notifications.ClutterChanged params);

    @JsonNotification("WorkshopModelChanged")
    void workshopModelChanged(Notifications.ModelChanged params);

    @JsonNotification("WorkshopAssistantStreamDelta")
    void workshopAssistantStreamDelta(Notifications.StreamDelta params);

    @JsonNotification("WorkshopAssistantMessageComplete")
    void workshopAssistantMessageComplete(Notifications.MessageComplete params);

    @JsonNotification("WorkshopRunCancelRequested")
    void workshopRunCancelRequested(Notifications.RunCancelRequested params);

    @JsonNotification("WorkshopProposalReady")
    void workshopProposalReady(Notifications.ProposalReady params);

    @JsonNotification("WorkbenchFilesChanged")
    void workbenchFilesChanged(Notifications.FilesChanged params);

    @JsonNotification("DraftStateChanged")
    void draftStateChanged(Notifications.DraftStateChanged params);

    @JsonNotification("CheckpointCreated")
    void checkpointCreated(Notifications.CheckpointCreated params);

    @JsonNotification("CheckpointRestored")
    void checkpointRestored(Notifications.CheckpointRestored params);

    @JsonNotification("CheckpointPinChanged")
    void checkpointPinChanged(Notifications.CheckpointPinChanged params);

    @JsonNotification("DraftPublishProgress")
    void draftPublishProgress(Notifications.PublishProgress params);

    @JsonNotification("CheckpointRestoreProgress")
    void checkpointRestoreProgress(Notifications.RestoreProgress params);
}
