package dev.trestle.adapters.fs;

import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.port.out.ConversationPort;
import java.util.List;

/** {@code meta/conversation.jsonl} of each Workbench ({@code storage.md} §5): append-only JSON lines. */
public final class FileSystemConversationLog implements ConversationPort {
    private final WorkbenchDirs dirs;

    FileSystemConversationLog(WorkbenchDirs dirs) {
        this.dirs = dirs;
    }

    @Override
    public void append(String workbenchId, ConversationRecord record) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        JsonFiles.appendLine(d.conversation(), LineForms.conversation(record), Phase.WORKSHOP);
    }

    @Override
    public List<ConversationRecord> read(String workbenchId) {
        WorkbenchDir d = dirs.ready(workbenchId, Phase.WORKSHOP);
        return JsonFiles.readLines(d.conversation(), LineForms::conversation, Phase.WORKSHOP);
    }
}
