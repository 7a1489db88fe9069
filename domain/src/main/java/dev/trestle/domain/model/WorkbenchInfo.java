package dev.trestle.domain.model;

import java.time.Instant;

/** {@code workbench.json} plus whether a Draft exists ({@code rpc.md} §2 {@code Workbench}). */
public record WorkbenchInfo(String id, String name, Instant createdAt, Instant updatedAt, String defaultModelId) {
    public WorkbenchInfo withName(String value) {
        return new WorkbenchInfo(id, value, createdAt, updatedAt, defaultModelId);
    }

    public WorkbenchInfo withUpdatedAt(Instant value) {
        return new WorkbenchInfo(id, name, createdAt, value, defaultModelId);
    }

    public WorkbenchInfo withDefaultModel(String value) {
        return new WorkbenchInfo(id, name, createdAt, updatedAt, value);
    }
}
