package dev.trestle.domain.model;

/** Object count and deduplicated bytes of a Workbench's content store. */
public record StoreStats(long objects, long bytes) {
}
