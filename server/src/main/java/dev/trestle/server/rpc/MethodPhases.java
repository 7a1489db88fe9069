package dev.trestle.server.rpc;

import dev.trestle.domain.model.Phase;
import java.util.Map;

/**
 * The error phase and default subphase of each method ({@code errors.md} §3). {@code EngineGetInfo} and the LSP
 * lifecycle never fail with an application error; their internal errors report phase {@code settings}.
 */
public final class MethodPhases {
    private static final Map<String, Phase> EXACT = Map.of(
            "CheckpointsRestore", Phase.RESTORE,
            "CheckpointRestore", Phase.RESTORE,
            "CheckpointsCreate", Phase.WORKBENCH,
            "CheckpointCreate", Phase.WORKBENCH,
            "CheckpointsList", Phase.WORKBENCH,
            "CheckpointsGet", Phase.WORKBENCH,
            "CheckpointGet", Phase.WORKBENCH,
            "ReviewGetChangeSet", Phase.REVIEW);

    private static final Map<String, String> SUBPHASES = Map.of(
            "WorkbenchFilesAdd", "add_files",
            "WorkbenchFilesRemove", "remove_files",
            "ProvidersValidate", "validate_key",
            "EgressGrantWorkshopConsent", "consent",
            "EgressRevokeWorkshopConsent", "consent",
            "WorkshopStreamAssistantReply", "stream",
            "WorkshopProposeChanges", "proposal",
            "WorkshopApplyProposal", "apply");

    private MethodPhases() {
    }

    public static Phase phase(String method) {
        Phase exact = EXACT.get(method);
        if (exact != null) {
            return exact;
        }
        if (method.startsWith("Workbench")) {
            return Phase.WORKBENCH;
        }
        if (method.startsWith("Workshop") || method.startsWith("Egress")) {
            return Phase.WORKSHOP;
        }
        if (method.startsWith("Draft")) {
            return Phase.PUBLISH;
        }
        return Phase.SETTINGS;
    }

    /** The subphase every error of {@code method} carries unless the domain set one; {@code null} if none. */
    public static String subphase(String method) {
        return SUBPHASES.get(method);
    }
}
