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

/**
 * Builds the Workshop prompt of {@code rpc.md} "Prompt": system text, manifest, text contents, conversation. The
 * system text is made of pieces ({@link #INTRO}, one {@link #manifestLine} per file, then per file a
 * {@link #sectionHead} and a {@link #body}); token accounting counts the very same pieces, so the estimate and the
 * request cannot drift apart ({@code algorithms.md} §6.1).
 */
public final class PromptBuilder {
    static final int MAX_FILE_BYTES = 100 * 1024;
    /**
     * The form of a text file's section {@link #body}: bump it whenever that form changes, so body token counts kept
     * across restarts under the old form are dropped ({@link KeptCounts#TAG}).
     */
    static final int BODY_FORM = 1;

    static final String INTRO = "You are the assistant of a Trestle Workshop. The files listed below are already in the "
            + "user's Workbench; they are the only files you can see, and nothing else (no other files, no "
            + "network, no tools) is reachable. Any change you suggest is reviewed by the user before it "
            + "takes effect.\n\nWorkbench manifest (name, kind, size in bytes, readable):\n";
    static final String NO_FILES = "(the Workbench has no files)\n";

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

    /** The built request and, per manifest entry in order, the body that went into it. */
    record Built(ChatRequest request, List<String> bodies) {
    }

    static String manifestLine(FileEntry f) {
        return "- " + f.path() + " | " + f.fileKind().wire() + " | " + f.size() + " | "
                + (f.fileKind() == FileKind.TEXT ? "yes" : "no") + "\n";
    }

    static String sectionHead(FileEntry f) {
        return "\n=== File: " + f.path() + " ===\n";
    }

    /** The section body of a text file whose (possibly truncated) content is {@code content}. */
    static String body(PublishedFilesPort.TextContent content) {
        return content.truncated()
                ? content.text() + "\n[... truncated: only the first 100 KiB of this file are included]\n"
                : content.text() + "\n";
    }

    /** The section body of a file of another kind. */
    static String placeholder(FileKind kind) {
        return "[content unavailable: " + kind.wire() + " files are listed but not sent]\n";
    }

    /** Reads the section body of {@code f} (text files from the store). Throws {@code FILE_READ_FAILED}. */
    String readBody(String workbenchId, FileEntry f, String subphase) {
        if (f.fileKind() != FileKind.TEXT) {
            return placeholder(f.fileKind());
        }
        return body(readText(workbenchId, f, subphase));
    }

    private PublishedFilesPort.TextContent readText(String workbenchId, FileEntry f, String subphase) {
        return files.readText(workbenchId, f.path(), MAX_FILE_BYTES)
                .orElseThrow(() -> new TrestleException(ErrorInfo.of(ErrorCode.FILE_READ_FAILED,
                        Phase.WORKSHOP).withSubphase(subphase).withWorkbench(workbenchId)
                        .withDetail("cannot read " + f.path())));
    }

    /**
     * The request for {@code model}; {@code history} holds user and assistant messages only. Throws
     * {@code FILE_READ_FAILED} when a text file cannot be read. Whether it fits is the fit check's business.
     */
    Built build(String workbenchId, List<FileEntry> manifest, List<ConversationRecord> history,
                ModelEntry model, String extraUserInstruction, String subphase) {
        StringBuilder system = new StringBuilder(4096);
        system.append(INTRO);
        if (manifest.isEmpty()) {
            system.append(NO_FILES);
        }
        for (FileEntry f : manifest) {
            system.append(manifestLine(f));
        }
        List<String> bodies = new ArrayList<>(manifest.size());
        List<SentFile> sent = new ArrayList<>();
        for (FileEntry f : manifest) {
            String body;
            if (f.fileKind() == FileKind.TEXT) {
                PublishedFilesPort.TextContent content = readText(workbenchId, f, subphase);
                body = body(content);
                sent.add(SentFile.estimated(f.path(), f.sha256(),
                        content.text().getBytes(StandardCharsets.UTF_8).length, content.truncated()));
            } else {
                body = placeholder(f.fileKind());
            }
            bodies.add(body);
            system.append(sectionHead(f)).append(body);
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
        return new Built(new ChatRequest(model.apiName(), system.toString(), messages, sent), bodies);
    }
}
