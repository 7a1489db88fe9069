package dev.trestle.domain.model;

import java.time.Instant;
import java.util.List;

/** {@code draft.json}: the Draft's identity, source and the scope it was built on. */
public record DraftInfo(String draftId, Instant createdAt, String sourceKind, String sourceRef,
                        String publishedGeneration, List<String> written) {
    public DraftInfo {
        written = List.copyOf(written);
    }

    /** The same Draft with {@code name} no longer among the files it wrote (after that file was reverted). */
    public DraftInfo withoutWritten(String name) {
        return new DraftInfo(draftId, createdAt, sourceKind, sourceRef, publishedGeneration,
                written.stream().filter(w -> !w.equals(name)).toList());
    }
}
