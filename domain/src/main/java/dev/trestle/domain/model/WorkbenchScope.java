package dev.trestle.domain.model;

/** {@code WorkbenchGetScope}: limits, where the folder is, and the current scope hash. */
public record WorkbenchScope(Limits limits, String sandboxRoot, String scopeHash) {
}
