package dev.trestle.domain.service;

import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.fakes.FakeTokenCounter;
import dev.trestle.domain.fakes.InMemoryConsentStore;
import dev.trestle.domain.fakes.InMemoryConversation;
import dev.trestle.domain.fakes.InMemoryEgressEventLog;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.fakes.InMemoryProposalStore;
import dev.trestle.domain.fakes.InMemorySecrets;
import dev.trestle.domain.fakes.InMemorySettings;
import dev.trestle.domain.fakes.InMemoryTokenCalibration;
import dev.trestle.domain.fakes.InMemoryTokenCountCache;
import dev.trestle.domain.fakes.InMemoryWorkbenchEventLog;
import dev.trestle.domain.fakes.InMemoryWorkbenchStore;
import dev.trestle.domain.fakes.RecordingEventSink;
import dev.trestle.domain.fakes.RecordingSleeper;
import dev.trestle.domain.fakes.SequentialIds;
import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import dev.trestle.domain.port.out.EndpointConfigPort;
import dev.trestle.domain.port.out.JsonParserPort;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services wired over the in-memory fakes with plain constructors, as the composition root wires them over the
 * adapters. Each service test builds one and drives the service under test directly (no JSON-RPC).
 */
final class ServiceFixture {
    final FakeClock clock = new FakeClock();
    final SequentialIds ids = new SequentialIds(clock);
    final ModelRegistry registry = TestRegistry.standard();
    final RecordingEventSink events = new RecordingEventSink();
    final InMemoryEngineLog log = new InMemoryEngineLog();
    final InMemorySettings settings = new InMemorySettings();
    final InMemorySecrets secrets = new InMemorySecrets();
    final Map<ProviderId, ProviderEndpoint> endpointOverrides = new EnumMap<>(ProviderId.class);
    final EndpointConfigPort endpoints = p -> endpointOverrides.getOrDefault(p, ProviderEndpoint.official(p, false));
    final FakeProviderTransport transport = new FakeProviderTransport();
    final RecordingSleeper sleeper = new RecordingSleeper();
    final InMemoryWorkbenchStore store = new InMemoryWorkbenchStore(clock, ids);
    final InMemoryConversation conversation = new InMemoryConversation();
    final InMemoryProposalStore proposals = new InMemoryProposalStore();
    final InMemoryConsentStore consent = new InMemoryConsentStore();
    final InMemoryEgressEventLog egressLog = new InMemoryEgressEventLog();
    final InMemoryWorkbenchEventLog workbenchLog = new InMemoryWorkbenchEventLog();
    /** Answers parsed by the (fake) JSON parser: exact text → tree. */
    final Map<String, Object> parsed = new java.util.HashMap<>();
    final JsonParserPort json = text -> Optional.ofNullable(parsed.get(text));

    final FakeTokenCounter tokenCounter = new FakeTokenCounter();
    final InMemoryTokenCalibration tokenCalibration = new InMemoryTokenCalibration();
    final InMemoryTokenCountCache tokenCounts = new InMemoryTokenCountCache();
    final PromptBuilder prompts = new PromptBuilder(store);
    final TokenAccounting tokens = new TokenAccounting(tokenCounter, tokenCalibration, tokenCounts, prompts,
            Runnable::run, log);
    final WorkbenchContexts workbenches = new WorkbenchContexts(store, store, conversation, store,
            tokens::conversationTokens);
    final ActiveModels models = new ActiveModels(registry, settings);
    final ObservedContextLimits contextLimits = new ObservedContextLimits();
    final Notifier notifier = new Notifier(events, log, models, contextLimits, tokens);
    final Transcript transcript = new Transcript(conversation, ids, clock);
    final ProviderReadiness readiness = new ProviderReadiness(settings, secrets, endpoints);
    final ModelCallService calls = new ModelCallService(transport, endpoints, sleeper, contextLimits);
    final CheckpointService checkpoints = new CheckpointService(store, store, store, conversation, workbenchLog, log,
            settings, clock, workbenches, transcript, notifier);
    final WorkbenchService workbenchService = new WorkbenchService(store, store, store, settings, workbenchLog, log,
            ids, clock, workbenches, models, notifier, checkpoints);
    final DraftService drafts = new DraftService(store, store, workbenchLog, clock, workbenches, transcript, notifier,
            checkpoints);
    final ConsentService consentService = new ConsentService(consent, egressLog, endpoints, registry, clock,
            workbenches, models);
    final ProvidersService providers = new ProvidersService(settings, secrets, endpoints, registry, clock, log,
            readiness, calls);
    final ModelSelectionService selection = new ModelSelectionService(registry, settings, store, clock, workbenches,
            models, readiness, transcript, notifier);
    final WorkshopRuns runs = new WorkshopRuns(conversation, egressLog, clock, prompts, tokens, contextLimits, models,
            readiness, consentService, transcript, notifier);
    final WorkshopStreamService workshop = new WorkshopStreamService(conversation, clock, workbenches, models,
            transcript, notifier, runs, calls);
    final ProposeService propose = new ProposeService(proposals, json, ids, clock, workbenches, notifier, runs,
            calls);
    final ApplyProposalService apply = new ApplyProposalService(proposals, store, ids, clock, workbenches,
            transcript, notifier, runs);

    /** The typed id the binder builds from a request's {@code workbench_id}. */
    static WorkbenchId id(String workbenchId) {
        return new WorkbenchId(workbenchId);
    }

    static RequestContext rq(Phase phase) {
        return RequestContext.of(phase);
    }

    /** A new Workbench holding {@code notes.txt}. */
    String workbenchWithNotes() {
        String wb = workbenchService.create(rq(Phase.WORKBENCH), new ManageWorkbenchesUseCase.CreateWorkbench("Taxes"));
        store.source("/src/notes.txt", "Receipts for 2025\n");
        workbenchService.add(rq(Phase.WORKBENCH), new ManageFilesUseCase.AddFiles(id(wb),
                java.util.List.of("/src/notes.txt")));
        events.clear();
        return wb;
    }

    /** OpenAI ready (key stored, enabled), the active model GPT, consent granted for the current scope. */
    void readyWithConsent(String wb) {
        secrets.setApiKey(ProviderId.OPENAI, "sk-test-key");
        String scope = consentService.status(rq(Phase.WORKSHOP), id(wb)).scopeHash();
        consentService.grant(rq(Phase.WORKSHOP), new EgressConsentUseCase.GrantConsent(id(wb),
                ProviderId.parse("openai").orElseThrow(), ModelId.parse(TestRegistry.GPT), scope, false));
    }
}
