package dev.trestle.adapters.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.trestle.domain.model.CheckpointReason;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Proposal;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.model.Ulid;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Out-of-space behaviour on a size-capped Jimfs (which throws {@code IOException("out of disk space")}). */
class DiskFullJimfsTest {
    private static final int BLOCK = 8192;

    FileSystem fs;
    Path data;
    Path sources;
    FileSystemWorkbenchStore store;
    StoreTestBase.FakeClock clock = new StoreTestBase.FakeClock();
    StoreTestBase.SequentialIds ids = new StoreTestBase.SequentialIds(clock);
    List<Path> fillers = new ArrayList<>();
    String w;

    @BeforeEach
    void setUp() throws IOException {
        fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setBlockSize(BLOCK).setMaxSize(64L * BLOCK)
                .setMaxCacheSize(0).build());
        data = Files.createDirectories(fs.getPath("/data"));
        sources = Files.createDirectories(fs.getPath("/sources"));
        store = new FileSystemWorkbenchStore(data, clock, ids, new StoreTestBase.RecordingLog());
        w = ids.newUlid();
        Instant now = clock.now();
        store.catalog().create(new WorkbenchInfo(w, "Full", now, now, "m"), new WorkshopState("m", null));
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    /** Fills the disk, then frees {@code blocks} blocks. */
    void leaveFree(int blocks) throws IOException {
        byte[] block = new byte[BLOCK];
        for (int i = 0; ; i++) {
            Path f = fs.getPath("/filler-" + i);
            try {
                Files.write(f, block);
                fillers.add(f);
            } catch (IOException e) {
                assertThat(FsErrors.isDiskFull(e)).as(e.getMessage()).isTrue();
                Files.deleteIfExists(f);
                break;
            }
        }
        for (int i = 0; i < blocks; i++) {
            Files.delete(fillers.remove(fillers.size() - 1));
        }
    }

    Path wb() {
        return data.resolve("workbenches").resolve(w);
    }

    @Test
    void add_aborts_with_disk_full_and_unlinks_this_batch() throws Exception {
        Path small = Files.writeString(sources.resolve("small.txt"), "small");
        Path big = Files.write(sources.resolve("big.bin"), new byte[12 * BLOCK]);
        String filesJson = Files.readString(wb().resolve("meta").resolve("files.json"));
        leaveFree(3);

        assertThatThrownBy(() -> store.published().add(w, List.of(small.toString(), big.toString()), Limits.DEFAULT))
                .isInstanceOfSatisfying(TrestleException.class, e -> {
                    assertThat(e.info().errorCode()).isEqualTo(ErrorCode.DISK_FULL);
                    assertThat(e.info().subphase()).isEqualTo("add_files");
                });

        assertThat(StoreTestBase.names(wb().resolve("published"))).isEmpty();
        assertThat(Files.readString(wb().resolve("meta").resolve("files.json"))).isEqualTo(filesJson);
        assertThat(store.published().manifest(w)).isEmpty();
        Path objects = wb().resolve("meta").resolve("checkpoints").resolve("objects");
        assertThat(StoreTestBase.names(objects)).noneMatch(n -> n.startsWith(".tmp-"));
    }

    @Test
    void draft_creation_fails_disk_full_and_leaves_no_draft() throws Exception {
        leaveFree(2);
        String big = "x".repeat(6 * BLOCK);

        assertThatThrownBy(() -> store.drafts().create(w, ids.newUlid(), ids.newUlid(),
                List.of(new Proposal.Write("a.md", big)), "g", clock.now()))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().errorCode()).isEqualTo(ErrorCode.DISK_FULL));
        assertThat(StoreTestBase.names(wb())).containsExactly("meta", "published");
        assertThat(store.drafts().draft(w)).isEmpty();
    }

    @Test
    void checkpoint_creation_on_a_full_disk_leaves_no_partial_checkpoint() throws Exception {
        store.conversation().append(w, ConversationRecord.user("u-1", "x".repeat(3 * BLOCK), clock.now()));
        leaveFree(1);

        assertThatThrownBy(() -> store.checkpoints().create(w, CheckpointReason.MANUAL, "full"))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().errorCode()).isEqualTo(ErrorCode.CHECKPOINT_CREATE_FAILED));
        Path cps = wb().resolve("meta").resolve("checkpoints");
        assertThat(StoreTestBase.names(cps)).noneMatch(Ulid::isValid).noneMatch(n -> n.endsWith(".json"));
        assertThat(store.checkpoints().list(w).checkpoints()).isEmpty();
    }

    @Test
    void a_message_refused_on_a_full_disk_leaves_the_conversation_byte_identical_and_the_next_one_is_kept()
            throws Exception {
        store.conversation().append(w, ConversationRecord.user("u-1", "first", clock.now()));
        Path conversation = wb().resolve("meta").resolve("conversation.jsonl");
        byte[] before = Files.readAllBytes(conversation);
        leaveFree(1);

        assertThatThrownBy(() -> store.conversation().append(w, ConversationRecord.user("u-2", "x".repeat(3 * BLOCK), clock.now())))
                .isInstanceOfSatisfying(TrestleException.class, e ->
                        assertThat(e.info().errorCode()).isEqualTo(ErrorCode.DISK_FULL));
        assertThat(Files.readAllBytes(conversation)).isEqualTo(before);

        store.conversation().append(w, ConversationRecord.user("u-3", "after", clock.now()));
        assertThat(store.conversation().read(w)).extracting(ConversationRecord::messageId).containsExactly("u-1", "u-3");
    }

    @Test
    void a_torn_last_line_left_by_a_crash_is_cut_off_before_the_next_append() throws Exception {
        store.conversation().append(w, ConversationRecord.user("u-1", "first", clock.now()));
        Path conversation = wb().resolve("meta").resolve("conversation.jsonl");
        Files.write(conversation, "{\"type\":\"user_message\",\"message_id\":\"u-torn".getBytes(),
                java.nio.file.StandardOpenOption.APPEND);

        store.conversation().append(w, ConversationRecord.user("u-2", "second", clock.now()));
        assertThat(store.conversation().read(w)).extracting(ConversationRecord::messageId).containsExactly("u-1", "u-2");
        assertThat(Files.readString(conversation)).doesNotContain("u-torn").endsWith("\n");
    }
}
