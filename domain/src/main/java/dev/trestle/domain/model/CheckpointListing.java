package dev.trestle.domain.model;

import java.util.List;

/**
 * A Workbench's checkpoints, newest first, its content store's size and the store's size budget
 * ({@code checkpoints.max_store_bytes}; 0 = none) ({@code CheckpointsList}).
 */
public record CheckpointListing(List<CheckpointMetadata> checkpoints, StoreStats store, long maxStoreBytes) {
    public CheckpointListing {
        checkpoints = List.copyOf(checkpoints);
    }

    public CheckpointListing(List<CheckpointMetadata> checkpoints, StoreStats store) {
        this(checkpoints, store, 0L);
    }
}
