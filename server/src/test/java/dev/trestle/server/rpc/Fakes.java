package dev.trestle.server.rpc;

import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.CheckpointListing;
import dev.trestle.domain.model.CheckpointMetadata;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterLevel;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.ConsentStatus;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.DraftInfo;
import dev.trestle.domain.model.EgressEvent;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.MessageId;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.ProposalId;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.ProviderStatus;
import dev.trestle.domain.model.RemoveResult;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.StoreStats;
import dev.trestle.domain.model.TokenSource;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkbenchScope;
import dev.trestle.domain.model.WorkbenchView;
import dev.trestle.domain.model.WorkshopView;
import dev.trestle.domain.port.in.ApplyProposalUseCase;
import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.in.ClutterQuery;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import dev.trestle.domain.port.in.ProposeChangesUseCase;
import dev.trestle.domain.port.in.ProvidersUseCase;
import dev.trestle.domain.port.in.SelectModelUseCase;
import dev.trestle.domain.port.in.WorkshopUseCase;
import dev.trestle.domain.port.out.EventSinkPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hand-written in-memory fakes of every use case the protocol calls. Each answers canned data; tests replace the
 * behaviour they exercise through the public hook fields. Calls are recorded in {@link #calls}.
 */
public final class Fakes {
    static final Instant T0 = Instant.parse("2026-11-25T20:03:00.123Z");
    static final String WB = "01JD0000000000000000000000";
    static final ModelEntry GPT = new ModelEntry("openai:gpt-5.2", ProviderId.OPENAI, "GPT-5.2", 200_000, "gpt-5.2");

    /** A use case body that may throw and sees the request's cancel token. */
    @FunctionalInterface
    interface Hook<T> {
        T call(String workbenchId, Object arg, CancelToken token);
    }

    final List<String> calls = new CopyOnWriteArrayList<>();
    public final InMemoryEngineLog log = new InMemoryEngineLog();
    volatile EventSinkPort events = e -> { };

    volatile Hook<List<AddResult>> add = (wb, paths, t) -> {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) paths;
        return list.stream().map(p -> AddResult.added(p, p.substring(p.lastIndexOf('/') + 1))).toList();
    };
    volatile Hook<WorkshopUseCase.StreamedReply> stream =
            (wb, msg, t) -> new WorkshopUseCase.StreamedReply("a-1", GPT.modelId());
    volatile Hook<WorkbenchView> open = (wb, arg, t) -> {
        if (!WB.equals(wb)) {
            throw new TrestleException(ErrorInfo.validation(Phase.WORKBENCH, "unknown_workbench", null));
        }
        return view();
    };
    volatile Hook<DraftUseCase.Published> publish =
            (wb, arg, t) -> new DraftUseCase.Published(T0, "01JD00000000000000000000P1");
    volatile Hook<String> applyProposal = (wb, id, t) -> "01JD00000000000000000000D1";
    volatile Hook<Optional<DraftInfo>> draftState = (wb, arg, t) -> Optional.empty();
    volatile String lastApiKey;

    public UseCases useCases() {
        return new UseCases(new Providers(), new Models(), new Workbenches(), new Files(), new Clutter(),
                new Checkpoints(), new Drafts(), new Egress(), new Workshop(), new Proposals(), new Apply());
    }

    static WorkbenchView view() {
        return new WorkbenchView(new WorkbenchInfo(WB, "Taxes", T0, T0.plusMillis(1), GPT.modelId()), false);
    }

    static ClutterState clutterState() {
        return new ClutterState(0.25, ClutterLevel.Light, GPT.modelId(), 50_000, 200_000, 8_192, TokenSource.EXACT, 2.0,
                List.of(ClutterItem.of(ClutterItem.Kind.SYSTEM, 1_000), ClutterItem.file("a.txt", 45_000),
                        ClutterItem.of(ClutterItem.Kind.CONVERSATION, 4_000)));
    }

    private <T> T hook(Hook<T> h, String wb, Object arg, RequestContext rq) {
        return h.call(wb, arg, rq.cancel());
    }

    final class Providers implements ProvidersUseCase {
        @Override
        public List<ProviderStatus> status(RequestContext rq) {
            calls.add("providers.status");
            List<ProviderStatus> out = new ArrayList<>();
            for (ProviderId p : ProviderId.values()) {
                out.add(new ProviderStatus(p, p == ProviderId.OPENAI, true,
                        p == ProviderId.OPENAI ? "configured" : "not_configured",
                        p == ProviderId.OPENAI ? List.of(GPT.modelId()) : List.of(), p.allowlistedHost(),
                        p == ProviderId.OPENAI ? T0 : null, null));
            }
            return out;
        }

        @Override
        public void setApiKey(RequestContext rq, SetApiKey command) {
            calls.add("providers.setApiKey " + command.provider().id());
            lastApiKey = command.apiKey();
        }

        @Override
        public void clearApiKey(RequestContext rq, ProviderId provider) {
            calls.add("providers.clearApiKey " + provider.id());
        }

        @Override
        public void setEnabled(RequestContext rq, ProviderId provider, boolean enabled) {
            calls.add("providers.setEnabled " + provider.id() + " " + enabled);
        }

        @Override
        public Instant validate(RequestContext rq, ProviderId provider) {
            calls.add("providers.validate " + provider.id());
            return T0;
        }
    }

    final class Models implements SelectModelUseCase {
        @Override
        public List<ModelAvailability> listSupported(RequestContext rq) {
            return List.of(new ModelAvailability(GPT, true));
        }

        @Override
        public ModelEntry capabilities(RequestContext rq, ModelId modelId) {
            if (!GPT.modelId().equals(modelId.value())) {
                throw new TrestleException(ErrorInfo.validation(Phase.SETTINGS, "unknown_model", null));
            }
            return GPT;
        }

        @Override
        public String userDefault(RequestContext rq) {
            return GPT.modelId();
        }

        @Override
        public void setUserDefault(RequestContext rq, ModelId modelId) {
            calls.add("models.setUserDefault " + modelId);
        }

        @Override
        public String workbenchDefault(RequestContext rq, WorkbenchId workbenchId) {
            return GPT.modelId();
        }

        @Override
        public void setWorkbenchDefault(RequestContext rq, ChooseModel command) {
            calls.add("models.setWorkbenchDefault " + model(command));
        }

        @Override
        public void setActiveModel(RequestContext rq, ChooseModel command) {
            calls.add("models.setActiveModel " + model(command));
        }

        private String model(ChooseModel command) {
            return command.model().map(ModelId::value).orElse("<malformed>");
        }
    }

    final class Workbenches implements ManageWorkbenchesUseCase {
        @Override
        public String create(RequestContext rq, CreateWorkbench command) {
            calls.add("workbenches.create " + command.name());
            return WB;
        }

        @Override
        public WorkbenchView open(RequestContext rq, WorkbenchId workbenchId) {
            calls.add("workbenches.open " + workbenchId);
            return hook(open, workbenchId.value(), null, rq);
        }

        @Override
        public List<WorkbenchView> list(RequestContext rq) {
            return List.of(view());
        }

        @Override
        public void delete(RequestContext rq, WorkbenchId workbenchId) {
            calls.add("workbenches.delete " + workbenchId);
        }

        @Override
        public WorkbenchScope scope(RequestContext rq, WorkbenchId workbenchId) {
            return new WorkbenchScope(Limits.DEFAULT, "/data/workbenches/" + workbenchId, "ab12");
        }
    }

    final class Files implements ManageFilesUseCase {
        @Override
        public List<FileEntry> list(RequestContext rq, WorkbenchId workbenchId) {
            return List.of(FileEntry.of("notes.txt", 612, "ff00", T0, T0));
        }

        @Override
        public List<AddResult> add(RequestContext rq, AddFiles command) {
            calls.add("files.add " + command.sourcePaths());
            return hook(add, command.workbench().value(), command.sourcePaths(), rq);
        }

        @Override
        public List<RemoveResult> remove(RequestContext rq, RemoveFiles command) {
            return command.workbenchPaths().stream().map(p -> new RemoveResult(p, RemoveResult.Status.SKIPPED,
                    "not_found"))
                    .toList();
        }
    }

    final class Clutter implements ClutterQuery {
        @Override
        public ClutterState clutter(RequestContext rq, WorkbenchId workbenchId) {
            return clutterState();
        }
    }

    final class Checkpoints implements CheckpointsUseCase {
        @Override
        public CheckpointListing list(RequestContext rq, WorkbenchId workbenchId) {
            return new CheckpointListing(List.of(new CheckpointMetadata("01JD00000000000000000000C1", T0,
                    CheckpointReason.MANUAL, "Before analysis changes", 2, 853, true)), new StoreStats(2, 853));
        }

        @Override
        public CheckpointMetadata get(RequestContext rq, CheckpointRef ref) {
            return list(rq, ref.workbench()).checkpoints().get(0);
        }

        @Override
        public String create(RequestContext rq, CreateCheckpoint command) {
            calls.add("checkpoints.create " + command.description() + " " + command.reason());
            return "01JD00000000000000000000C2";
        }

        @Override
        public Restored restore(RequestContext rq, RestoreCheckpoint command) {
            calls.add("checkpoints.restore " + command.checkpoint().map(Object::toString).orElse("?") + " "
                    + command.paths());
            return new Restored("01JD00000000000000000000R1", T0, command.paths());
        }

        @Override
        public dev.trestle.domain.model.CheckpointDiff diff(RequestContext rq, CompareCheckpoints command) {
            calls.add("checkpoints.diff " + command.from() + " " + command.to().map(Object::toString).orElse("null"));
            return new dev.trestle.domain.model.CheckpointDiff(
                    List.of(new dev.trestle.domain.model.CheckpointDiff.Entry("summary.md", 10, "a".repeat(64))),
                    List.of(), List.of(new dev.trestle.domain.model.CheckpointDiff.Change("notes.txt", 5,
                            "b".repeat(64), 7, "c".repeat(64))), 1);
        }

        @Override
        public CheckpointMetadata setPinned(RequestContext rq, CheckpointRef ref, boolean pinned) {
            calls.add("checkpoints.setPinned " + ref.checkpoint().map(Object::toString).orElse("?") + " " + pinned);
            return get(rq, ref).withPinned(pinned);
        }

        @Override
        public FileContent readFile(RequestContext rq, ReadCheckpointFile command) {
            String path = command.path();
            calls.add("checkpoints.readFile " + command.checkpoint().checkpoint().map(Object::toString).orElse("?")
                    + " " + path);
            return new FileContent(path, 3, "d".repeat(64), new byte[] {'a', 'b', 'c'});
        }
    }

    final class Drafts implements DraftUseCase {
        @Override
        public Optional<DraftInfo> state(RequestContext rq, WorkbenchId workbenchId) {
            return hook(draftState, workbenchId.value(), null, rq);
        }

        @Override
        public Published publish(RequestContext rq, WorkbenchId workbenchId) {
            return hook(publish, workbenchId.value(), null, rq);
        }

        @Override
        public void discard(RequestContext rq, WorkbenchId workbenchId) {
            calls.add("drafts.discard");
        }

        @Override
        public ChangeSet changeSet(RequestContext rq, WorkbenchId workbenchId) {
            return new ChangeSet("01JD00000000000000000000D1", List.of(
                    new dev.trestle.domain.model.FileChange("summary.md",
                            dev.trestle.domain.model.FileChange.ChangeType.ADDED)));
        }

        @Override
        public ChangeSet revertFile(RequestContext rq, RevertFile command) {
            calls.add("drafts.revertFile " + command.path());
            return new ChangeSet("01JD00000000000000000000D1", List.of());
        }
    }

    final class Egress implements EgressConsentUseCase {
        @Override
        public ConsentStatus status(RequestContext rq, WorkbenchId workbenchId) {
            return new ConsentStatus(false, "openai", GPT.modelId(), "api.openai.com", "ab12", false, null);
        }

        @Override
        public void grant(RequestContext rq, GrantConsent command) {
            calls.add("egress.grant " + command.provider().id() + " "
                    + command.model().map(ModelId::value).orElse("<malformed>") + " " + command.scopeHash() + " "
                    + command.persist());
        }

        @Override
        public void revoke(RequestContext rq, WorkbenchId workbenchId) {
            calls.add("egress.revoke");
        }

        @Override
        public List<EgressEvent> events(RequestContext rq, ListEgressEvents query) {
            calls.add("egress.events " + query.limit());
            return List.of(new EgressEvent(T0, "consent_granted", "openai", GPT.modelId(), "api.openai.com", "ab12",
                    null, null, null, null));
        }
    }

    final class Workshop implements WorkshopUseCase {
        @Override
        public WorkshopView state(RequestContext rq, WorkbenchId workbenchId) {
            return new WorkshopView(GPT.modelId(), GPT.modelId(), false, null, false);
        }

        @Override
        public List<ConversationRecord> conversation(RequestContext rq, WorkbenchId workbenchId) {
            return List.of(ConversationRecord.user("u-1", "Summarize the files.", T0),
                    ConversationRecord.event("s-1", "model_switched", "Switched", T0,
                            Map.of("from_model_id", "a", "to_model_id", "b")));
        }

        @Override
        public String sendUserMessage(RequestContext rq, SendUserMessage command) {
            calls.add("workshop.send");
            return "u-1";
        }

        @Override
        public StreamedReply streamAssistantReply(RequestContext rq, StreamReply command) {
            String messageId = command.message().map(MessageId::value).orElse("<malformed>");
            calls.add("workshop.stream " + messageId);
            return stream.call(command.workbench().value(), messageId, rq.cancel());
        }

        @Override
        public boolean cancelRun(RequestContext rq, WorkbenchId workbenchId) {
            return false;
        }

    }

    final class Proposals implements ProposeChangesUseCase {
        @Override
        public ProposalOutcome proposeChanges(RequestContext rq, WorkbenchId workbenchId) {
            return new ProposalOutcome("01JD00000000000000000000Q1", false);
        }

        @Override
        public Proposal proposal(RequestContext rq, ProposalRef ref) {
            return new Proposal(ref.proposal().map(ProposalId::value).orElse("<malformed>"), 1, T0, GPT.modelId(),
                    "ab12", "Adds a summary", false,
                    List.of(new Proposal.Write("summary.md", "# Summary <b>")), List.of());
        }

        @Override
        public void dismissProposal(RequestContext rq, DismissProposal command) {
            calls.add("workshop.dismiss " + (command.anyPending() ? null
                    : command.onlyIf().map(ProposalId::value).orElse("<malformed>")));
        }
    }

    final class Apply implements ApplyProposalUseCase {
        @Override
        public String applyProposal(RequestContext rq, ProposeChangesUseCase.ProposalRef ref) {
            return hook(applyProposal, ref.workbench().value(),
                    ref.proposal().map(ProposalId::value).orElse("<malformed>"), rq);
        }
    }
}
