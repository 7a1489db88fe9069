package dev.trestle.domain.model;

import java.time.Instant;
import java.util.List;

/** A stored Workshop proposal ({@code rpc.md} §2). */
public record Proposal(String proposalId, int schemaVersion, Instant createdAt, String modelId, String baseScopeHash,
                       String summary, boolean noChanges, List<Write> writes, List<String> warnings) {
    public Proposal {
        writes = List.copyOf(writes);
        warnings = List.copyOf(warnings);
    }

    /** One whole-file text write. */
    public record Write(String path, String content) {
    }
}
