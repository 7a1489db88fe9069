package dev.trestle.domain.port.out;

/** New ULIDs for workbenches, drafts, checkpoints, proposals and messages. */
public interface IdGeneratorPort {
    String newUlid();
}
