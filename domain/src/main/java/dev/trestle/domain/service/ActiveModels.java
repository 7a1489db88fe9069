package dev.trestle.domain.service;

import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ModelRegistry;
import dev.trestle.domain.port.out.SettingsPort;

/** The selection hierarchy ({@code docs/spec/algorithms.md} §2): user default → Workbench default → active model. */
public final class ActiveModels {
    private final ModelRegistry registry;
    private final SettingsPort settings;

    public ActiveModels(ModelRegistry registry, SettingsPort settings) {
        this.registry = registry;
        this.settings = settings;
    }

    ModelEntry userDefault() {
        return registry.find(settings.read().userDefaultModelId()).orElse(registry.first());
    }

    ModelEntry workbenchDefault(WorkbenchContext ctx) {
        return registry.find(ctx.info().defaultModelId()).orElseGet(this::userDefault);
    }

    ModelEntry activeModel(WorkbenchContext ctx) {
        return registry.find(ctx.workshop().activeModelId()).orElseGet(() -> workbenchDefault(ctx));
    }
}
