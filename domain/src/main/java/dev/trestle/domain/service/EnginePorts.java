package dev.trestle.domain.service;

import dev.trestle.domain.model.ModelRegistry;
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
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.ProposalStorePort;
import dev.trestle.domain.port.out.PublishedFilesPort;
import dev.trestle.domain.port.out.SecretsPort;
import dev.trestle.domain.port.out.SettingsPort;
import dev.trestle.domain.port.out.SleeperPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import dev.trestle.domain.port.out.WorkbenchEventLogPort;
import java.util.Objects;

/** Every out-port the services need, wired once by the composition root (tests wire fakes the same way). */
public record EnginePorts(
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
        WorkbenchEventLogPort workbenchLog) {

    public EnginePorts {
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
    }
}
