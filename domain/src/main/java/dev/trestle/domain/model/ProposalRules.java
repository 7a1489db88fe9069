package dev.trestle.domain.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The proposal rules of {@code rpc.md} "Proposals", over a parsed JSON object. */
public final class ProposalRules {
    public static final int MAX_WRITES = 10;
    public static final long MAX_WRITE_BYTES = 1L << 20;
    public static final long MAX_TOTAL_BYTES = 2L << 20;

    private ProposalRules() {
    }

    /** The validated content of a proposal, writes retargeted to stored names. */
    public record Content(String summary, boolean noChanges, List<Proposal.Write> writes, List<String> warnings) {
    }

    /** A rule broken: {@code sandbox} selects {@code SANDBOX_VIOLATION}, else {@code proposal_invalid}. */
    public record Violation(boolean sandbox, String message) {
        public ErrorInfo toError(Phase phase, String subphase) {
            ErrorInfo info = sandbox
                    ? ErrorInfo.of(ErrorCode.SANDBOX_VIOLATION, phase).withDetail(message)
                    : ErrorInfo.validation(phase, "proposal_invalid", message);
            return info.withSubphase(subphase);
        }
    }

    /** Thrown by {@link #validate} with the first rule broken. */
    public static final class ViolationException extends IllegalArgumentException {
        private final transient Violation violation;

        public ViolationException(Violation violation) {
            super(violation.message());
            this.violation = violation;
        }

        public Violation violation() {
            return violation;
        }
    }

    public static Content validate(Object parsed, Collection<String> existingNames) {
        if (!(parsed instanceof Map<?, ?> root)) {
            throw invalid("the answer is not a JSON object");
        }
        if (containsDeleteKey(root)) {
            throw invalid("deletes are not allowed");
        }
        Object writesNode = root.get("writes");
        if (!(writesNode instanceof List<?> rawWrites)) {
            throw invalid("writes must be an array");
        }
        Object noChangesNode = root.get("no_changes");
        if (!(noChangesNode instanceof Boolean noChanges)) {
            throw invalid("no_changes must be a boolean");
        }
        Object summaryNode = root.get("summary");
        if (summaryNode != null && !(summaryNode instanceof String)) {
            throw invalid("summary must be a string");
        }
        List<String> warnings = new ArrayList<>();
        Object warningsNode = root.get("warnings");
        if (warningsNode instanceof List<?> list) {
            for (Object w : list) {
                if (!(w instanceof String s)) {
                    throw invalid("warnings must be strings");
                }
                warnings.add(s);
            }
        } else if (warningsNode != null) {
            throw invalid("warnings must be an array");
        }
        if (rawWrites.size() > MAX_WRITES) {
            throw invalid("at most " + MAX_WRITES + " writes");
        }
        if (noChanges && !rawWrites.isEmpty()) {
            throw invalid("no_changes is true but writes are present");
        }
        if (!noChanges && rawWrites.isEmpty()) {
            throw invalid("no writes although no_changes is false");
        }
        Map<String, String> stored = new HashMap<>();
        existingNames.forEach(n -> stored.put(FlatName.foldCase(n), n));
        Set<String> seen = new HashSet<>();
        List<Proposal.Write> writes = new ArrayList<>();
        long total = 0;
        for (Object w : rawWrites) {
            if (!(w instanceof Map<?, ?> write)) {
                throw invalid("each write must be an object");
            }
            Object pathNode = write.get("path");
            Object contentNode = write.get("content");
            if (!(pathNode instanceof String path)) {
                throw invalid("write path must be a string");
            }
            if (FlatName.escapesSandbox(path)) {
                throw new ViolationException(new Violation(true, "path leaves the workbench"));
            }
            FlatName.problem(path).ifPresent(p -> {
                throw invalid("invalid file name: " + p);
            });
            if (FileKind.classify(path) != FileKind.TEXT) {
                throw invalid("only text files can be written");
            }
            if (!seen.add(FlatName.foldCase(path))) {
                throw invalid("duplicate write path");
            }
            if (!(contentNode instanceof String content) || content.isEmpty()) {
                throw invalid("write content must be a non-empty string");
            }
            long bytes = content.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_WRITE_BYTES) {
                throw invalid("a write is larger than 1 MiB");
            }
            total += bytes;
            if (total > MAX_TOTAL_BYTES) {
                throw invalid("writes total more than 2 MiB");
            }
            writes.add(new Proposal.Write(stored.getOrDefault(FlatName.foldCase(path), path), content));
        }
        return new Content(summaryNode == null ? "" : (String) summaryNode, noChanges, writes, warnings);
    }

    private static boolean containsDeleteKey(Object node) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ("delete".equals(e.getKey()) || "deletes".equals(e.getKey()) || containsDeleteKey(e.getValue())) {
                    return true;
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object o : list) {
                if (containsDeleteKey(o)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ViolationException invalid(String message) {
        return new ViolationException(new Violation(false, message));
    }
}
