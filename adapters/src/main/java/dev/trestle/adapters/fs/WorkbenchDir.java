package dev.trestle.adapters.fs;

import java.nio.file.Path;

/** The layout of one Workbench folder ({@code storage.md} §4). */
record WorkbenchDir(String id, Path root) {
    static final String PUBLISHED = "published";
    static final String DRAFT = "draft";
    static final String PUBLISHED_PREV = "published.prev";
    static final String PUBLISHED_RESTORE_TMP = "published.restore_tmp";
    static final String FILES_JSON = "files.json";
    static final String WORKBENCH_JSON = "workbench.json";
    static final String CONVERSATION = "conversation.jsonl";
    static final String WORKSHOP_STATE = "workshop_state.json";

    /** The meta files a restore swaps, in the order of {@code storage.md} §8 step 6. */
    static final String[] SWAPPED_META = {FILES_JSON, WORKBENCH_JSON, CONVERSATION, WORKSHOP_STATE};

    Path published() {
        return root.resolve(PUBLISHED);
    }

    Path draft() {
        return root.resolve(DRAFT);
    }

    Path publishedPrev() {
        return root.resolve(PUBLISHED_PREV);
    }

    Path publishedRestoreTmp() {
        return root.resolve(PUBLISHED_RESTORE_TMP);
    }

    Path staging(String proposalId) {
        return root.resolve("draft." + proposalId + ".staging");
    }

    Path meta() {
        return root.resolve("meta");
    }

    Path meta(String name) {
        return meta().resolve(name);
    }

    Path filesJson() {
        return meta(FILES_JSON);
    }

    Path workbenchJson() {
        return meta(WORKBENCH_JSON);
    }

    Path conversation() {
        return meta(CONVERSATION);
    }

    Path workshopState() {
        return meta(WORKSHOP_STATE);
    }

    Path draftJson() {
        return meta("draft.json");
    }

    Path consent() {
        return meta("egress_consent.json");
    }

    Path egressEvents() {
        return meta("egress_events.jsonl");
    }

    Path workbenchEvents() {
        return meta("workbench_events.jsonl");
    }

    Path publishMarker() {
        return meta("publish.json");
    }

    Path restoreMarker() {
        return meta("restore.json");
    }

    Path metaRestoreTmp() {
        return meta("restore_tmp");
    }

    Path proposals() {
        return meta().resolve("workshop").resolve("proposals");
    }

    Path checkpoints() {
        return meta("checkpoints");
    }

    Path objects() {
        return checkpoints().resolve("objects");
    }

    /** Manifest chunks shared by {@code files.json} and the checkpoint manifests, beside (not under) {@code checkpoints/} so deleting that folder leaves Published readable ({@code storage.md} §6). */
    Path chunks() {
        return meta("chunks");
    }

    Path manifest(String checkpointId) {
        return checkpoints().resolve(checkpointId + ".json");
    }

    Path checkpointDir(String checkpointId) {
        return checkpoints().resolve(checkpointId);
    }

    Path snapshot(String checkpointId) {
        return checkpointDir(checkpointId).resolve("meta_snapshot");
    }
}
