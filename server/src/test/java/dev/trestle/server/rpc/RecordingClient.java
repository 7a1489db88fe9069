package dev.trestle.server.rpc;

import java.util.ArrayList;
import java.util.List;

/** A {@link TrestleClient} that records every notification as {@code "Method payload"} in arrival order. */
final class RecordingClient implements TrestleClient {
    private final List<String> names = new ArrayList<>();
    private final List<Object> payloads = new ArrayList<>();

    private synchronized void record(String method, Object payload) {
        names.add(method);
        payloads.add(payload);
    }

    synchronized List<String> names() {
        return List.copyOf(names);
    }

    synchronized List<Object> payloads() {
        return List.copyOf(payloads);
    }

    @Override
    public void workbenchClutterChanged(Notifications.ClutterChanged p) {
        record("WorkbenchClutterChanged", p);
    }

    @Override
    public void workshopModelChanged(Notifications.ModelChanged p) {
        record("WorkshopModelChanged", p);
    }

    @Override
    public void workshopAssistantStreamDelta(Notifications.StreamDelta p) {
        record("WorkshopAssistantStreamDelta", p);
    }

    @Override
    public void workshopAssistantMessageComplete(Notifications.MessageComplete p) {
        record("WorkshopAssistantMessageComplete", p);
    }

    @Override
    public void workshopRunCancelRequested(Notifications.RunCancelRequested p) {
        record("WorkshopRunCancelRequested", p);
    }

    @Override
    public void workshopProposalReady(Notifications.ProposalReady p) {
        record("WorkshopProposalReady", p);
    }

    @Override
    public void workbenchFilesChanged(Notifications.FilesChanged p) {
        record("WorkbenchFilesChanged", p);
    }

    @Override
    public void draftStateChanged(Notifications.DraftStateChanged p) {
        record("DraftStateChanged", p);
    }

    @Override
    public void checkpointCreated(Notifications.CheckpointCreated p) {
        record("CheckpointCreated", p);
    }

    @Override
    public void checkpointRestored(Notifications.CheckpointRestored p) {
        record("CheckpointRestored", p);
    }

    @Override
    public void checkpointPinChanged(Notifications.CheckpointPinChanged p) {
        record("CheckpointPinChanged", p);
    }

    @Override
    public void draftPublishProgress(Notifications.PublishProgress p) {
        record("DraftPublishProgress", p);
    }

    @Override
    public void checkpointRestoreProgress(Notifications.RestoreProgress p) {
        record("CheckpointRestoreProgress", p);
    }
}
