package dev.trestle.server.rpc;

import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.EventSinkPort;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends each {@link EngineEvent} as its {@link TrestleClient} notification, synchronously on the emitting thread, so
 * a request's notifications are on the wire before its response. Events emitted before {@link #connect} (startup
 * reconciliation) or after the client went away are dropped. Never throws.
 */
public final class RpcEventSink implements EventSinkPort {
    private final AtomicReference<TrestleClient> client = new AtomicReference<>();
    private volatile EngineLogPort log;

    /** Starts delivering to {@code remote} (the launcher's proxy); delivery failures go to {@code engineLog}. */
    public void connect(TrestleClient remote, EngineLogPort engineLog) {
        this.log = engineLog;
        client.set(remote);
    }

    @Override
    public void emit(EngineEvent event) {
        TrestleClient c = client.get();
        if (c == null || event == null) {
            return;
        }
        try {
            deliver(c, WireMapper.notification(event));
        } catch (RuntimeException e) {
            try {
                EngineLogPort l = log;
                if (l != null) {
                    l.warn("notification_failed", Map.of("event", event.getClass().getSimpleName(),
                            "exception", e.getClass().getName()));
                }
            } catch (RuntimeException ignored) {
                // the sink never throws
            }
        }
    }

    private static void deliver(TrestleClient c, Object payload) {
        if (payload instanceof Notifications.ClutterChanged n) {
            c.workbenchClutterChanged(n);
        } else if (payload instanceof Notifications.ModelChanged n) {
            c.workshopModelChanged(n);
        } else if (payload instanceof Notifications.StreamDelta n) {
            c.workshopAssistantStreamDelta(n);
        } else if (payload instanceof Notifications.MessageComplete n) {
            c.workshopAssistantMessageComplete(n);
        } else if (payload instanceof Notifications.RunCancelRequested n) {
            c.workshopRunCancelRequested(n);
        } else if (payload instanceof Notifications.ProposalReady n) {
            c.workshopProposalReady(n);
        } else if (payload instanceof Notifications.FilesChanged n) {
            c.workbenchFilesChanged(n);
        } else if (payload instanceof Notifications.DraftStateChanged n) {
            c.draftStateChanged(n);
        } else if (payload instanceof Notifications.CheckpointCreated n) {
            c.checkpointCreated(n);
        } else if (payload instanceof Notifications.CheckpointRestored n) {
            c.checkpointRestored(n);
        } else if (payload instanceof Notifications.CheckpointPinChanged n) {
            c.checkpointPinChanged(n);
        } else if (payload instanceof Notifications.PublishProgress n) {
            c.draftPublishProgress(n);
        } else if (payload instanceof Notifications.RestoreProgress n) {
            c.checkpointRestoreProgress(n);
        } else {
            throw new IllegalArgumentException("no notification method for " + payload.getClass().getSimpleName());
        }
    }
}
