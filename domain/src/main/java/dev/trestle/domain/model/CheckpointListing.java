package dev.trestle.domain.model;

import java.util.List;

/** A Workbench's checkpoints, newest first, and its content store's size ({@code CheckpointsList}). */
public record CheckpointListing(List<CheckpointMetadata> checkpoints, StoreStats store) {
    public CheckpointListing {
        checkpoints = List.copyOf(checkpoints);
    }
}
