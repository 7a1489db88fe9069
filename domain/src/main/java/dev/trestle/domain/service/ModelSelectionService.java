package dev.trestle.domain.service;

import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelId;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.RequestContext;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.WorkbenchId;
import dev.trestle.domain.port.in.SelectModelUseCase;
import dev.trestle.domain.port.out.ClockPort;
import dev.trestle.domain.port.out.SettingsPort;
import dev.trestle.domain.port.out.WorkbenchCatalogPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The model registry and selection hierarchy ({@code docs/spec/algorithms.md} §1–§2). */
public final class ModelSelectionService implements SelectModelUseCase {
    private final ModelRegistry registry;
    private final SettingsPort settings;
    private final WorkbenchCatalogPort catalog;
    private final ClockPort clock;
    private final WorkbenchContexts workbenches;
    private final ActiveModels models;
    private final ProviderReadiness readiness;
    private final Transcript transcript;
    private final Notifier notifier;

    public ModelSelectionService(ModelRegistry registry, SettingsPort settings, WorkbenchCatalogPort catalog,
                                 ClockPort clock, WorkbenchContexts workbenches, ActiveModels models,
                                 ProviderReadiness readiness, Transcript transcript, Notifier notifier) {
        this.registry = registry;
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
        this.workbenches = workbenches;
        this.models = models;
        this.readiness = readiness;
        this.transcript = transcript;
        this.notifier = notifier;
    }

    @Override
    public List<ModelAvailability> listSupported(RequestContext rq) {
        Settings current = settings.read();
        Map<ProviderId, Boolean> ready = new LinkedHashMap<>();
        for (ProviderId p : ProviderId.values()) {
            ready.put(p, readiness.isReady(current, p));
        }
        return registry.models().stream().map(m -> new ModelAvailability(m, ready.get(m.provider()))).toList();
    }

    @Override
    public ModelEntry capabilities(RequestContext rq, ModelId model) {
        return known(rq, Optional.of(model));
    }

    @Override
    public String userDefault(RequestContext rq) {
        return models.userDefault().modelId();
    }

    @Override
    public void setUserDefault(RequestContext rq, ModelId modelId) {
        ModelEntry model = known(rq, Optional.of(modelId));
        settings.update(s -> s.withUserDefault(model.modelId()));
    }

    @Override
    public String workbenchDefault(RequestContext rq, WorkbenchId workbench) {
        return models.workbenchDefault(workbenches.context(rq, workbench)).modelId();
    }

    @Override
    public void setWorkbenchDefault(RequestContext rq, ChooseModel command) {
        WorkbenchContext ctx = workbenches.context(rq, command.workbench());
        ModelEntry model = known(rq, command.model());
        workbenches.withWorkbench(rq, ctx, c -> {
            var updated = c.info().withDefaultModel(model.modelId()).withUpdatedAt(clock.now());
            catalog.save(updated);
            c.setInfo(updated);
        });
    }

    @Override
    public void setActiveModel(RequestContext rq, ChooseModel command) {
        WorkbenchContext ctx = workbenches.context(rq, command.workbench());
        ModelEntry model = known(rq, command.model());
        workbenches.withWorkbench(rq, ctx, c -> {
            WorkbenchContexts.requireNoRun(rq, c);
            if (!readiness.isReady(settings.read(), model.provider())) {
                throw new TrestleException(rq.error(ErrorCode.PROVIDER_NOT_CONFIGURED)
                        .withProvider(model.provider().id()).withModel(model.modelId()).withWorkbench(c.id)
                        .withDetail("add an API key for " + model.provider().displayName() + " and enable it"));
            }
            ModelEntry previous = models.activeModel(c);
            if (previous.modelId().equals(model.modelId()) && model.modelId().equals(c.workshop().activeModelId())) {
                return;
            }
            // three writes, all or nothing: each failure puts back what the earlier ones changed
            var oldState = c.workshop();
            var oldInfo = c.info();
            var info = oldInfo.withDefaultModel(model.modelId()).withUpdatedAt(clock.now());
            workbenches.saveWorkshop(c, oldState.withActiveModel(model.modelId()));
            try {
                catalog.save(info);
            } catch (TrestleException e) {
                undo(e, () -> workbenches.saveWorkshop(c, oldState));
                throw e;
            }
            c.setInfo(info);
            try {
                transcript.systemEvent(c, "model_switched",
                        "Model switched from " + previous.displayName() + " to " + model.displayName(),
                        Map.of("from_model_id", previous.modelId(), "to_model_id", model.modelId()));
            } catch (TrestleException e) {
                undo(e, () -> {
                    catalog.save(oldInfo);
                    c.setInfo(oldInfo);
                    workbenches.saveWorkshop(c, oldState);
                });
                throw e;
            }
            notifier.emit(new EngineEvent.ModelChanged(c.id, model.modelId(), model.provider().id(),
                    previous.modelId()));
            notifier.emitClutter(c);
        });
    }

    /** The registry's model for an id or alias; {@code unknown_model} otherwise (empty: not even an id's form). */
    private ModelEntry known(RequestContext rq, Optional<ModelId> model) {
        return model.flatMap(m -> registry.find(m.value())).orElseThrow(() -> new TrestleException(
                rq.validation("unknown_model", "not in registry")));
    }

    /** Puts back an earlier write after a later one failed; a failing undo is added to {@code failure}. */
    private static void undo(TrestleException failure, Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
