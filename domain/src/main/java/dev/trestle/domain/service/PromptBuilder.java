package dev.trestle.domain.service;

import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.FileKind;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.SentFile;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.PublishedFilesPort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds the Workshop prompt of {@code rpc.md} "Prompt": system text, manifest, text contents, conversation. */
public final class PromptBuilder {
    static final int MAX_FILE_BYTES = 100 * 1024;

    static final String PROPOSAL_INSTRUCTION = """
            Propose changes to the Workbench files based on our conversation. Answer with exactly one JSON object \
            and nothing else: {"summary": string, "no_changes": boolean, "writes": [{"path": string, \
            "content": string}], "warnings": [string]}. Each write replaces or creates one whole text file in the \
            Workbench; paths are plain file names from the manifest or new names with a text extension \
            (.txt .csv .md .json .xml .yaml .yml .html .js .ts .py .java .go .rb .rs .c .cpp .h .css .sql). At most \
            10 writes, each at most 1 MiB. Deleting files is not possible. If nothing should change, answer with \
            "no_changes": true and no writes.""";

    private final PublishedFilesPort files;

    public PromptBuilder(PublishedFilesPort files) {
        this.files = files;
    }

    /**
     * The request for {@code model}; {@code history} holds user and assistant messages only. Throws
     * {@code FILE_READ_FAILED} when a text file cannot be read and {@code CONTEXT_EXHAUSTED} above the window.
     */
    ChatRequest build(String workbenchId, List<FileEntry> manifest, List<ConversationRecord> history,
                      ModelEntry model, String extraUserInstruction, String subphase) {
        StringBuilder system = new StringBuilder(4096);
        system.append("You are the assistant of a Trestle Workshop. The files listed below are already in the "
                + "user's Workbench; they are the only files you can see, and nothing else (no other files, no "
                + "network, no tools) is reachable. Any change you suggest is reviewed by the user before it "
                + "takes effect.\n\nWorkbench manifest (name, kind, size in bytes, readable):\n");
        if (manifest.isEmpty()) {
            system.append("(the Workbench has no files)\n");
        }
        for (FileEntry f : manifest) {
            system.append("- ").append(f.path()).append(" | ").append(f.fileKind().wire()).append(" | ")
                    .append(f.size()).append(" | ").append(f.fileKind() == FileKind.TEXT ? "yes" : "no").append('\n');
        }
        List<SentFile> sent = new ArrayList<>();
        for (FileEntry f : manifest) {
            system.append("\n=== File: ").append(f.path()).append(" ===\n");
            if (f.fileKind() != FileKind.TEXT) {
                system.append("[content unavailable: ").append(f.fileKind().wire())
                        .append(" files are listed but not sent]\n");
                continue;
            }
            PublishedFilesPort.TextContent content = files.readText(workbenchId, f.path(), MAX_FILE_BYTES)
                    .orElseThrow(() -> new TrestleException(ErrorInfo.of(ErrorCode.FILE_READ_FAILED,
                            Phase.WORKSHOP).withSubphase(subphase).withWorkbench(workbenchId)
                            .withDetail("cannot read " + f.path())));
            system.append(content.text());
            sent.add(SentFile.estimated(f.path(), f.sha256(), content.text().getBytes(StandardCharsets.UTF_8).length,
                    content.truncated()));
            if (content.truncated()) {
                system.append("\n[... truncated: only the first 100 KiB of this file are included]");
            }
            system.append('\n');
        }
        List<ChatRequest.Message> messages = new ArrayList<>();
        for (ConversationRecord r : history) {
            if (r.type() == ConversationRecord.Type.USER_MESSAGE) {
                messages.add(new ChatRequest.Message(ChatRequest.Role.USER, r.text()));
            } else if (r.type() == ConversationRecord.Type.ASSISTANT_MESSAGE) {
                messages.add(new ChatRequest.Message(ChatRequest.Role.ASSISTANT, r.text()));
            }
        }
        if (extraUserInstruction != null) {
            messages.add(new ChatRequest.Message(ChatRequest.Role.USER, extraUserInstruction));
        }
        ChatRequest request = new ChatRequest(model.apiName(), system.toString(), messages, sent);
        long bytes = system.toString().getBytes(StandardCharsets.UTF_8).length;
        for (ChatRequest.Message m : messages) {
            bytes += m.text().getBytes(StandardCharsets.UTF_8).length;
        }
        if (bytes / 4 > model.contextTokensEstimate()) {
            throw new TrestleException(ErrorInfo.of(ErrorCode.CONTEXT_EXHAUSTED, Phase.WORKSHOP).withSubphase(subphase)
                    .withProvider(model.provider().id()).withModel(model.modelId()).withWorkbench(workbenchId)
                    .withDetail("prompt of about " + bytes / 4 + " tokens exceeds the window of "
                            + model.contextTokensEstimate()));
        }
        return request;
    }
}
