package dev.trestle.domain.service;

import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.in.SelectModelUseCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model registry and selection hierarchy ({@code algorithms.md} §1–§2). */
public final class ModelSelectionService implements SelectModelUseCase {
    private final EngineCore core;

    ModelSelectionService(EngineCore core) {
        this.core = core;
    }

    @Override
    public List<ModelAvailability> listSupported() {
        Settings settings = core.ports.settings().read();
        Map<ProviderId, Boolean> ready = new LinkedHashMap<>();
        for (ProviderId p : ProviderId.values()) {
            ready.put(p, isReady(settings, p));
        }
        return core.ports.registry().models().stream()
                .map(m -> new ModelAvailability(m, ready.get(m.provider()))).toList();
    }

    boolean isReady(Settings settings, ProviderId p) {
        return settings.provider(p).enabled() && core.ports.secrets().apiKey(p).isPresent();
    }

    @Override
    public ModelEntry capabilities(String modelId) {
        return core.ports.registry().require(modelId, Phase.SETTINGS);
    }

    @Override
    public String userDefault() {
        return core.userDefault().modelId();
    }

    @Override
    public void setUserDefault(String modelId) {
        ModelEntry model = core.ports.registry().require(modelId, Phase.SETTINGS);
        core.ports.settings().update(s -> s.withUserDefault(model.modelId()));
    }

    @Override
    public String workbenchDefault(String workbenchId) {
        return core.workbenchDefault(core.context(workbenchId, Phase.WORKBENCH)).modelId();
    }

    @Override
    public void setWorkbenchDefault(String workbenchId, String modelId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKBENCH);
        ModelEntry model = core.ports.registry().require(modelId, Phase.WORKBENCH);
        core.locked(ctx, () -> {
            var updated = ctx.info().withDefaultModel(model.modelId()).withUpdatedAt(core.ports.clock().now());
            core.ports.catalog().save(updated);
            ctx.setInfo(updated);
        });
    }

    @Override
    public void setActiveModel(String workbenchId, String modelId) {
        WorkbenchContext ctx = core.context(workbenchId, Phase.WORKSHOP);
        ModelEntry model = core.ports.registry().require(modelId, Phase.WORKSHOP);
        core.locked(ctx, () -> {
            core.requireNoRun(ctx, Phase.WORKSHOP);
            if (!isReady(core.ports.settings().read(), model.provider())) {
                throw new TrestleException(ErrorInfo.of(ErrorCode.PROVIDER_NOT_CONFIGURED, Phase.WORKSHOP)
                        .withProvider(model.provider().id()).withModel(model.modelId()).withWorkbench(ctx.id)
                        .withDetail("add an API key for " + model.provider().displayName()
                                + " and enable it"));
            }
            ModelEntry previous = core.activeModel(ctx);
            if (previous.modelId().equals(model.modelId())
                    && model.modelId().equals(ctx.workshop().activeModelId())) {
                return;
            }
            // three writes, all or nothing: each failure puts back what the earlier ones changed
            var oldState = ctx.workshop();
            var oldInfo = ctx.info();
            var state = oldState.withActiveModel(model.modelId());
            var info = oldInfo.withDefaultModel(model.modelId()).withUpdatedAt(core.ports.clock().now());
            core.ports.catalog().saveWorkshopState(ctx.id, state);
            try {
                core.ports.catalog().save(info);
            } catch (TrestleException e) {
                undo(ctx, e, () -> core.ports.catalog().saveWorkshopState(ctx.id, oldState));
                throw e;
            }
            ctx.setWorkshop(state);
            ctx.setInfo(info);
            try {
                core.systemEvent(ctx, "model_switched",
                        "Model switched from " + previous.displayName() + " to " + model.displayName(),
                        Map.of("from_model_id", previous.modelId(), "to_model_id", model.modelId()));
            } catch (TrestleException e) {
                ctx.setWorkshop(oldState);
                ctx.setInfo(oldInfo);
                undo(ctx, e, () -> {
                    core.ports.catalog().save(oldInfo);
                    core.ports.catalog().saveWorkshopState(ctx.id, oldState);
                });
                throw e;
            }
            core.emit(new EngineEvent.ModelChanged(ctx.id, model.modelId(), model.provider().id(),
                    previous.modelId()));
            core.emitClutter(ctx);
        });
    }

    /** Puts back an earlier write after a later one failed; a failing undo is added to {@code failure}. */
    private void undo(WorkbenchContext ctx, TrestleException failure, Runnable undo) {
        try {
            undo.run();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            core.ports.log().warn("undo_failed", Map.of("workbench_id", ctx.id, "operation", "set_active_model"));
        }
    }
}
