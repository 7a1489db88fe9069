package dev.trestle.domain.service;

import dev.trestle.domain.port.in.CheckpointsUseCase;
import dev.trestle.domain.port.in.ClutterQuery;
import dev.trestle.domain.port.in.DraftUseCase;
import dev.trestle.domain.port.in.EgressConsentUseCase;
import dev.trestle.domain.port.in.ManageFilesUseCase;
import dev.trestle.domain.port.in.ManageWorkbenchesUseCase;
import dev.trestle.domain.port.in.ProvidersUseCase;
import dev.trestle.domain.port.in.SelectModelUseCase;
import dev.trestle.domain.port.in.WorkshopUseCase;
import dev.trestle.domain.port.out.JsonParserPort;

/** All use cases over one set of ports: what the composition root hands to the RPC layer. */
public final class TrestleEngine {
    private final ProvidersService providers;
    private final ModelSelectionService models;
    private final WorkbenchService workbenches;
    private final CheckpointService checkpoints;
    private final DraftService drafts;
    private final ConsentService consent;
    private final WorkshopService workshop;

    public TrestleEngine(EnginePorts ports, JsonParserPort json, TokenPorts tokens) {
        EngineCore core = new EngineCore(ports, tokens);
        ModelCallService calls = new ModelCallService(ports.transport(), ports.endpoints(), ports.sleeper(),
                core.contextLimits);
        this.providers = new ProvidersService(core, calls);
        this.models = new ModelSelectionService(core);
        this.checkpoints = new CheckpointService(core);
        this.workbenches = new WorkbenchService(core, checkpoints);
        this.drafts = new DraftService(core, checkpoints);
        this.consent = new ConsentService(core);
        this.workshop = new WorkshopService(core, consent, calls, json);
    }

    public ProvidersUseCase providers() {
        return providers;
    }

    public SelectModelUseCase models() {
        return models;
    }

    public ManageWorkbenchesUseCase workbenches() {
        return workbenches;
    }

    public ManageFilesUseCase files() {
        return workbenches;
    }

    public ClutterQuery clutter() {
        return workbenches;
    }

    public CheckpointsUseCase checkpoints() {
        return checkpoints;
    }

    public DraftUseCase drafts() {
        return drafts;
    }

    public EgressConsentUseCase egress() {
        return consent;
    }

    public WorkshopUseCase workshop() {
        return workshop;
    }
}
