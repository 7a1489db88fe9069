package dev.trestle.server.rpc;

import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorAction;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileChange;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ProviderStatus;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.WorkbenchScope;
import dev.trestle.domain.model.WorkbenchView;
import dev.trestle.domain.model.WorkshopView;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.in.SelectModelUseCase.ModelAvailability;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place where domain values become wire records. Every field is mapped by hand so a renamed domain component
 * cannot silently change the protocol.
 */
public final class WireMapper {
    private WireMapper() {
    }

    /** RFC 3339 UTC with milliseconds; {@code null} stays {@code null} (omitted). */
    public static String time(Instant instant) {
        return Json.time(instant);
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    public static WireTypes.ErrorData error(ErrorInfo e) {
        if (e == null) {
            return null;
        }
        return new WireTypes.ErrorData(e.errorCode().name(), e.phase().wire(), e.retryable(),
                e.actions().stream().map(ErrorAction::wire).toList(), e.subphase(), e.providerId(), e.modelId(),
                e.workbenchId(), e.endpointHost(), e.scopeHash(), e.retryAfterSeconds(), e.detail(), e.detailRef(),
                e.tokensRequested(), e.tokensLimit());
    }

    public static WireTypes.Workbench workbench(WorkbenchView v) {
        return new WireTypes.Workbench(v.info().id(), v.info().name(), time(v.info().createdAt()),
                time(v.info().updatedAt()), v.info().defaultModelId(), v.hasDraft());
    }

    public static WireTypes.FileEntry file(FileEntry f) {
        return new WireTypes.FileEntry(f.path(), f.size(), f.sha256(), time(f.modifiedAt()), time(f.addedAt()),
                f.fileKind().wire(), f.mimeType(), f.isOpaque());
    }

    public static WireTypes.AddResult addResult(AddResult r) {
        return new WireTypes.AddResult(r.sourcePath(), r.fileName(), lower(r.status()), r.reason());
    }

    public static WireTypes.RemoveResult removeResult(RemoveResult r) {
        return new WireTypes.RemoveResult(r.path(), lower(r.status()), r.reason());
    }

    public static WireTypes.ProviderStatus providerStatus(ProviderStatus s) {
        return new WireTypes.ProviderStatus(s.provider().id(), s.provider().displayName(), s.configured(),
                s.enabled(), s.status(), s.models(), s.endpointHost(), time(s.lastValidatedAt()),
                error(s.lastError()));
    }

    public static WireTypes.ModelInfo modelInfo(ModelAvailability a) {
        ModelEntry m = a.model();
        return new WireTypes.ModelInfo(m.modelId(), m.provider().id(), m.displayName(), m.contextTokensEstimate(),
                m.supportsFileRead(), m.supportsFileWrite(), m.requiresKey(), a.available());
    }

    public static WireTypes.Capabilities capabilities(ModelEntry m) {
        return new WireTypes.Capabilities(m.supportsFileRead(), m.supportsFileWrite(), m.contextTokensEstimate());
    }

    public static WireTypes.ConversationRecord conversation(ConversationRecord r) {
        return new WireTypes.ConversationRecord(r.type().wire(), r.messageId(), r.type().role(), r.text(),
                time(r.createdAt()), r.modelId(), r.eventKind(), r.checkpointId(), r.reason(), r.metadata(),
                error(r.error()));
    }

    public static WireTypes.Proposal proposal(Proposal p) {
        return new WireTypes.Proposal(p.proposalId(), p.schemaVersion(), time(p.createdAt()), p.modelId(),
                p.baseScopeHash(), p.summary(), p.noChanges(),
                p.writes().stream().map(w -> new WireTypes.ProposalWrite(w.path(), w.content())).toList(),
                p.warnings());
    }

    public static WireTypes.CheckpointMetadata checkpoint(CheckpointMetadata c) {
        return new WireTypes.CheckpointMetadata(c.checkpointId(), time(c.createdAt()), c.reason().wire(),
                c.description(), new WireTypes.CheckpointStats(c.files(), c.totalBytes()), c.restorable(),
                c.pinned());
    }

    public static WireTypes.ClutterState clutter(ClutterState c) {
        return new WireTypes.ClutterState(c.score(), c.level().name(), c.modelId(), c.usageTokensEstimate(),
                c.contextTokensEstimate(), c.reservedOutputTokens(), c.usableTokens(), c.source().wire(),
                c.errorBandPercent(), breakdown(c));
    }

    private static List<WireTypes.ClutterItem> breakdown(ClutterState c) {
        List<WireTypes.ClutterItem> out = new ArrayList<>(c.breakdown().size());
        for (ClutterItem i : c.breakdown()) {
            out.add(new WireTypes.ClutterItem(i.kind().wire(), i.path(), i.tokens(),
                    i.kind() == ClutterItem.Kind.OTHER_FILES ? i.files() : null));
        }
        return out;
    }

    public static WireTypes.EgressEvent egressEvent(EgressEvent e) {
        return new WireTypes.EgressEvent(time(e.timestamp()), e.kind(), e.providerId(), e.modelId(),
                e.endpointHost(), e.scopeHash(), e.outcome(), e.errorCode(), e.tokensIn(), e.tokensOut(),
                e.receipt() == null ? null : new WireTypes.EgressReceipt(e.receipt().requestKind(),
                        e.receipt().files().stream().map(f -> new WireTypes.SentFile(f.name(), f.sha256(), f.bytes(),
                                f.tokens(), f.tokensEstimated(), f.truncated())).toList(),
                        e.receipt().bodySha256(), e.receipt().bodyBytes(), e.receipt().httpStatus(),
                        e.receipt().inputTokens(), e.receipt().outputTokens(), e.receipt().outcome(),
                        e.receipt().tokens(), e.receipt().tokensEstimated()));
    }

    public static Results.Scope scope(WorkbenchScope s) {
        return new Results.Scope(new Results.ScopeLimits(s.limits().maxFiles(), s.limits().maxFileBytes()),
                new Results.SupportedTypes(FileKind.TEXT_EXTENSION_LIST, List.of(FileKind.TEXT.wire())),
                s.sandboxRoot(), s.scopeHash());
    }

    public static Results.ConsentStatus consent(ConsentStatus s) {
        return new Results.ConsentStatus(s.consented(), s.providerId(), s.modelId(), s.endpointHost(), s.scopeHash(),
                s.persisted(), time(s.consentedAt()));
    }

    public static Results.WorkshopState workshop(WorkshopView v) {
        return new Results.WorkshopState(v.activeModelId(), v.defaultModelId(), v.hasDraft(), v.pendingProposalId(),
                v.runInProgress());
    }

    public static Results.DraftState draft(Optional<DraftInfo> draft) {
        return draft.map(d -> new Results.DraftState(true, d.draftId(), time(d.createdAt()), d.sourceKind(),
                d.sourceRef())).orElse(new Results.DraftState(false, null, null, null, null));
    }

    public static Results.ChangeSet changeSet(DraftUseCase.ChangeSet c) {
        return new Results.ChangeSet(c.draftId(), c.changes().stream().map(WireMapper::change).toList());
    }

    private static Results.Change change(FileChange c) {
        return new Results.Change(c.path(), lower(c.changeType()));
    }

    public static Results.Checkpoints checkpoints(CheckpointListing l) {
        return new Results.Checkpoints(l.checkpoints().stream().map(WireMapper::checkpoint).toList(),
                new Results.Store(l.store().objects(), l.store().bytes(),
                        l.maxStoreBytes() > 0 ? l.maxStoreBytes() : null));
    }

    public static Results.CheckpointDiff diff(String fromId, String toId, dev.trestle.domain.model.CheckpointDiff d) {
        return new Results.CheckpointDiff(fromId, toId,
                d.added().stream().map(e -> new Results.DiffEntry(e.path(), e.size(), e.sha256())).toList(),
                d.removed().stream().map(e -> new Results.DiffEntry(e.path(), e.size(), e.sha256())).toList(),
                d.changed().stream().map(c -> new Results.DiffChange(c.path(), c.fromSize(), c.fromSha256(),
                        c.toSize(), c.toSha256())).toList(),
                d.unchanged());
    }

    /** The notification payload of an engine event. */
    public static Object notification(EngineEvent event) {
        if (event instanceof EngineEvent.ClutterChanged e) {
            ClutterState c = e.clutter();
            return new Notifications.ClutterChanged(e.workbenchId(), c.score(), c.level().name(), c.modelId(),
                    c.usageTokensEstimate(), c.contextTokensEstimate(), c.reservedOutputTokens(), c.usableTokens(),
                    c.source().wire(), c.errorBandPercent(), breakdown(c));
        } else if (event instanceof EngineEvent.ModelChanged e) {
            return new Notifications.ModelChanged(e.workbenchId(), e.modelId(), e.providerId(), e.previousModelId());
        } else if (event instanceof EngineEvent.StreamDelta e) {
            return new Notifications.StreamDelta(e.workbenchId(), e.messageId(), e.tokenDelta());
        } else if (event instanceof EngineEvent.MessageComplete e) {
            return new Notifications.MessageComplete(e.workbenchId(), e.messageId());
        } else if (event instanceof EngineEvent.RunCancelRequested e) {
            return new Notifications.RunCancelRequested(e.workbenchId());
        } else if (event instanceof EngineEvent.ProposalReady e) {
            return new Notifications.ProposalReady(e.workbenchId(), e.proposalId());
        } else if (event instanceof EngineEvent.FilesChanged e) {
            return new Notifications.FilesChanged(e.workbenchId(), e.added(), e.removed(), e.updated());
        } else if (event instanceof EngineEvent.DraftStateChanged e) {
            return new Notifications.DraftStateChanged(e.workbenchId(), e.hasDraft(), e.draftId(),
                    time(e.createdAt()), e.sourceKind());
        } else if (event instanceof EngineEvent.CheckpointCreated e) {
            return new Notifications.CheckpointCreated(e.workbenchId(), e.checkpointId(), e.reason().wire(),
                    time(e.createdAt()), e.description());
        } else if (event instanceof EngineEvent.CheckpointRestored e) {
            return new Notifications.CheckpointRestored(e.workbenchId(), e.checkpointId(),
                    e.preRestoreCheckpointId());
        } else if (event instanceof EngineEvent.CheckpointPinChanged e) {
            return new Notifications.CheckpointPinChanged(e.workbenchId(), e.checkpointId(), e.pinned());
        } else if (event instanceof EngineEvent.PublishProgress e) {
            return new Notifications.PublishProgress(e.workbenchId(), e.phase());
        } else if (event instanceof EngineEvent.RestoreProgress e) {
            return new Notifications.RestoreProgress(e.workbenchId(), e.checkpointId(), e.phase(), e.percent());
        }
        throw new IllegalArgumentException("no notification for " + event.getClass().getSimpleName());
    }
}
