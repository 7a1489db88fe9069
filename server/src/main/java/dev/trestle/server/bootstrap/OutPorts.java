package dev.trestle.server.bootstrap;

import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.port.out.CheckpointStorePort;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.ConsentStorePort;
import dev.trestle.domain.port.out.ConversationPort;
import dev.trestle.domain.port.out.DraftStorePort;
import dev.trestle.domain.port.out.EgressEventLogPort;
import dev.trestle.domain.port.out.EndpointConfigPort;
import dev.trestle.domain.port.out.EngineLogPort;
import dev.trestle.domain.port.out.EventSinkPort;
import dev.trestle.domain.port.out.IdGeneratorPort;
import dev.trestle.domain.port.out.JsonParserPort;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.SecretsPort;
import dev.trestle.domain.port.out.SettingsPort;
import dev.trestle.domain.port.out.SleeperPort;
import dev.trestle.domain.port.out.TokenCalibrationPort;
import dev.trestle.domain.port.out.TokenCountCachePort;
import dev.trestle.domain.port.out.TokenCounterPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import dev.trestle.domain.service.ActiveModels;
import dev.trestle.domain.service.ApplyProposalService;
import dev.trestle.domain.service.CheckpointService;
import dev.trestle.domain.service.ConsentService;
import dev.trestle.domain.service.DraftService;
import dev.trestle.domain.service.ModelCallService;
import dev.trestle.domain.service.ModelSelectionService;
import dev.trestle.domain.service.Notifier;
import dev.trestle.domain.service.PromptBuilder;
import dev.trestle.domain.service.ProposeService;
import dev.trestle.domain.service.ProviderReadiness;
import dev.trestle.domain.service.ProvidersService;
import dev.trestle.domain.service.TokenAccounting;
import dev.trestle.domain.service.Transcript;
import dev.trestle.domain.service.WorkbenchContexts;
import dev.trestle.domain.service.WorkbenchService;
import dev.trestle.domain.service.WorkshopRuns;
import dev.trestle.domain.service.WorkshopStreamService;
import dev.trestle.server.rpc.UseCases;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Every out-port adapter the engine runs with, gathered only here in the composition root; {@link #useCases} hands
 * each service exactly the ports it uses, by plain constructors (the domain's unit tests wire fakes the same way).
 */
public record OutPorts(
        ModelRegistry registry,
        ClockPort clock,
        IdGeneratorPort ids,
        EventSinkPort events,
        EngineLogPort log,
        SettingsPort settings,
        SecretsPort secrets,
        EndpointConfigPort endpoints,
        ModelTransportPort transport,
        SleeperPort sleeper,
        WorkbenchCatalogPort catalog,
        PublishedFilesPort published,
        CheckpointStorePort checkpoints,
        DraftStorePort drafts,
        ConversationPort conversation,
        ProposalStorePort proposals,
        ConsentStorePort consent,
        EgressEventLogPort egressLog,
        WorkbenchEventLogPort workbenchLog,
        JsonParserPort json,
        TokenCounterPort tokenCounter,
        TokenCalibrationPort tokenCalibration,
        TokenCountCachePort tokenCounts,
        Executor tokenCounting) {

    public OutPorts {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(drafts, "drafts");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(proposals, "proposals");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(egressLog, "egressLog");
        Objects.requireNonNull(workbenchLog, "workbenchLog");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(tokenCounter, "tokenCounter");
        Objects.requireNonNull(tokenCalibration, "tokenCalibration");
        Objects.requireNonNull(tokenCounts, "tokenCounts");
        Objects.requireNonNull(tokenCounting, "tokenCounting");
    }

    /** The services over these ports, as the protocol serves them. */
    public UseCases useCases() {
        PromptBuilder prompts = new PromptBuilder(published);
        // algorithms.md §6: counting large changes on tokenCounting, never on a request thread
        TokenAccounting tokens = new TokenAccounting(tokenCounter, tokenCalibration, tokenCounts, prompts,
                tokenCounting, log);
        WorkbenchContexts workbenches = new WorkbenchContexts(catalog, published, conversation, drafts,
                tokens::conversationTokens);
        ActiveModels models = new ActiveModels(registry, settings);
        ObservedContextLimits contextLimits = new ObservedContextLimits();
        Notifier notifier = new Notifier(events, log, models, contextLimits, tokens);
        Transcript transcript = new Transcript(conversation, ids, clock);
        ProviderReadiness readiness = new ProviderReadiness(settings, secrets, endpoints);
        ModelCallService calls = new ModelCallService(transport, endpoints, sleeper, contextLimits);
        ProvidersService providers = new ProvidersService(settings, secrets, endpoints, registry, clock, log,
                readiness, calls);
        ModelSelectionService selection = new ModelSelectionService(registry, settings, catalog, clock, workbenches,
                models, readiness, transcript, notifier);
        CheckpointService checkpointService = new CheckpointService(checkpoints, catalog, published, conversation,
                workbenchLog, log, settings, clock, workbenches, transcript, notifier);
        WorkbenchService workbenchService = new WorkbenchService(catalog, published, drafts, settings, workbenchLog,
                log, ids, clock, workbenches, models, notifier, checkpointService);
        DraftService draftService = new DraftService(drafts, published, workbenchLog, clock, workbenches, transcript,
                notifier, checkpointService);
        ConsentService consentService = new ConsentService(consent, egressLog, endpoints, registry, clock,
                workbenches, models);
        WorkshopRuns runs = new WorkshopRuns(conversation, egressLog, clock, prompts, tokens, contextLimits, models,
                readiness, consentService, transcript, notifier);
        return new UseCases(providers, selection, workbenchService, workbenchService, workbenchService,
                checkpointService, draftService, consentService,
                new WorkshopStreamService(conversation, clock, workbenches, models, transcript, notifier, runs, calls),
                new ProposeService(proposals, json, ids, clock, workbenches, notifier, runs, calls),
                new ApplyProposalService(proposals, drafts, ids, clock, workbenches, transcript, notifier, runs));
    }
}
