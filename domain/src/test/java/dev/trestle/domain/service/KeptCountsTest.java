package dev.trestle.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.fakes.FakeTokenCounter;
import dev.trestle.domain.fakes.InMemoryEngineLog;
import dev.trestle.domain.fakes.InMemoryTokenCalibration;
import dev.trestle.domain.fakes.InMemoryTokenCountCache;
import dev.trestle.domain.fakes.TestRegistry;
import dev.trestle.domain.fakes.TextFiles;
import dev.trestle.domain.model.ClutterItem;
import dev.trestle.domain.model.ClutterState;
import dev.trestle.domain.model.ConversationRecord;
import dev.trestle.domain.model.FileEntry;
import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TokenSource;
import dev.trestle.domain.model.WorkbenchInfo;
import dev.trestle.domain.model.WorkshopState;
import dev.trestle.domain.port.out.TokenCounterPort;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Everything clutter counts is kept, not only bodies: wrappers, the system text, placeholders and messages, so a
 * reopen of an unchanged Workbench and conversation never asks the counter (the encoder stays unloaded); loading a
 * context counts nothing, and each message is counted once.
 */
class KeptCountsTest {
    private static final Instant T = Instant.parse("2026-12-07T00:00:00Z");
    private static final String WB = "01JD0000000000000000000WB1";
    private static final ModelEntry GPT = TestRegistry.standard().find(TestRegistry.GPT).orElseThrow();
    private static final ModelEntry MISTRAL = TestRegistry.standard().find(TestRegistry.MISTRAL).orElseThrow();

    /** Counts like {@link FakeTokenCounter} and remembers what it counted; or throws on every count. */
    private static final class Counter implements TokenCounterPort {
        private final FakeTokenCounter fake = new FakeTokenCounter();
        private final boolean throwing;
        final List<String> counted = Collections.synchronizedList(new ArrayList<>());

        Counter(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public int count(String text) {
            if (throwing) {
                throw new IllegalStateException("the encoder is not loaded");
            }
            counted.add(text);
            return fake.count(text);
        }

        @Override
        public boolean isExactFor(ModelEntry model) {
            return fake.isExactFor(model);
        }
    }

    private final Map<String, String> contents = new HashMap<>();
    private final List<Runnable> background = new ArrayList<>();
    private final InMemoryTokenCountCache kept = new InMemoryTokenCountCache();
    private final InMemoryEngineLog log = new InMemoryEngineLog();

    /** A fresh engine's accounting (nothing in memory) over the shared kept counts. */
    private TokenAccounting engine(TokenCounterPort counter) {
        return new TokenAccounting(counter, new InMemoryTokenCalibration(), kept,
                new PromptBuilder(new TextFiles(contents)), background::add, log);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private FileEntry file(String name, String content) {
        contents.put(name, content);
        return FileEntry.of(name, content.getBytes(StandardCharsets.UTF_8).length, sha256(content), T, T);
    }

    private static WorkbenchContext context(TokenAccounting accounting, List<FileEntry> manifest,
                                            List<ConversationRecord> conversation) {
        return new WorkbenchContext(WB, new WorkbenchInfo(WB, "W", T, T, null), new WorkshopState(null, null),
                manifest, conversation, Optional.empty(), accounting::conversationTokens);
    }

    /** The local tokens of one message, as the fake counts them. */
    private static long message(String text) {
        return new FakeTokenCounter().count(text) + TokenAccounting.MESSAGE_OVERHEAD;
    }

    private static long conversationItem(ClutterState state) {
        return state.breakdown().stream().filter(i -> i.kind() == ClutterItem.Kind.CONVERSATION)
                .mapToLong(ClutterItem::tokens).sum();
    }

    private List<FileEntry> manifest() {
        return List.of(file("notes.txt", "Receipts for 2025\n"), file("plan.md", "# Plan\n\n- file taxes\n"),
                FileEntry.of("scan.png", 48_000, "ab".repeat(32), T, T));
    }

    private static List<ConversationRecord> conversation() {
        return List.of(ConversationRecord.user("m1", "Which receipts are missing?", T),
                ConversationRecord.event("e1", "model_changed", "switched", T, Map.of()),
                ConversationRecord.assistant("m2", "The March ones, as far as I can see.", T, TestRegistry.GPT));
    }

    @Test
    void loading_a_workbench_context_counts_nothing_and_its_first_clutter_counts_the_conversation() {
        ServiceFixture f = new ServiceFixture();
        String wb = f.workbenchWithNotes();
        f.conversation.append(wb, ConversationRecord.user("m1", "What is in my notes?", T));
        f.conversation.append(wb, ConversationRecord.assistant("m2", "Your receipts for 2025.", T, TestRegistry.GPT));
        // a restarted engine: nothing counted in memory, nothing kept
        Counter counter = new Counter(false);
        TokenAccounting restarted = new TokenAccounting(counter, new InMemoryTokenCalibration(),
                new InMemoryTokenCountCache(), f.prompts, background::add, log);
        WorkbenchContexts contexts = new WorkbenchContexts(f.store, f.store, f.conversation, f.store,
                restarted::conversationTokens);

        WorkbenchContext ctx = contexts.context(ServiceFixture.rq(Phase.WORKBENCH), ServiceFixture.id(wb));
        assertThat(counter.counted).isEmpty();

        ClutterState state = restarted.clutter(ctx, GPT, c -> { });
        assertThat(conversationItem(state))
                .isEqualTo(message("What is in my notes?") + message("Your receipts for 2025."));
        assertThat(counter.counted).contains("What is in my notes?", "Your receipts for 2025.");
    }

    @Test
    void a_reopen_of_an_unchanged_workbench_and_conversation_never_asks_the_counter_and_gives_the_same_clutter() {
        List<FileEntry> manifest = manifest();
        TokenAccounting first = engine(new Counter(false));
        ClutterState gpt = first.clutter(context(first, manifest, conversation()), GPT, c -> { });
        // the bodies, wrappers, placeholder, system text and messages of one computation: one record
        assertThat(kept.records()).isEqualTo(1);
        ClutterState mistral = first.clutter(context(first, manifest, conversation()), MISTRAL, c -> { });
        ClutterState empty = first.clutter(context(first, List.of(), conversation()), GPT, c -> { });
        assertThat(gpt.source()).isEqualTo(TokenSource.EXACT);
        assertThat(conversationItem(gpt)).isEqualTo(message("Which receipts are missing?")
                + message("The March ones, as far as I can see."));

        Counter throwing = new Counter(true);
        TokenAccounting reopened = engine(throwing);
        assertThat(reopened.clutter(context(reopened, manifest, conversation()), GPT, c -> { })).isEqualTo(gpt);
        assertThat(reopened.clutter(context(reopened, manifest, conversation()), MISTRAL, c -> { }))
                .isEqualTo(mistral);
        assertThat(reopened.clutter(context(reopened, List.of(), conversation()), GPT, c -> { })).isEqualTo(empty);
        assertThat(background).isEmpty();
        assertThat(log.entries("token_count_failed")).isEmpty();
    }

    @Test
    void a_body_a_message_and_a_wrapper_of_the_same_text_keep_apart() {
        // "abcd" is one token as a message, two as a body ("abcd\n")
        String text = "abcd";
        FileEntry same = file("same.txt", text);
        List<ConversationRecord> conversation = List.of(ConversationRecord.user("m1", text, T));
        TokenAccounting first = engine(new Counter(false));
        ClutterState counted = first.clutter(context(first, List.of(same), conversation), GPT, c -> { });
        assertThat(conversationItem(counted)).isEqualTo(1 + TokenAccounting.MESSAGE_OVERHEAD);

        // the body is kept by its content SHA-256 as before (token_counts.tsv files stay valid); the others apart
        Map<String, Integer> stored = kept.loadAll(KeptCounts.TAG);
        assertThat(stored).containsEntry(sha256(text), 2).containsEntry(KeptCounts.key("text", text), 1);
        assertThat(List.of(sha256(text), KeptCounts.key("text", text), KeptCounts.key("wrapper", text),
                KeptCounts.key("wrapper", text, ""), KeptCounts.key("text", text + "\0")))
                .doesNotHaveDuplicates().allMatch(k -> k.matches("[0-9a-f]{64}"));

        TokenAccounting reopened = engine(new Counter(true));
        assertThat(reopened.clutter(context(reopened, List.of(same), conversation), GPT, c -> { }))
                .isEqualTo(counted);
    }

    @Test
    void a_message_appended_before_or_after_the_first_clutter_is_counted_once() {
        Counter counter = new Counter(false);
        TokenAccounting accounting = engine(counter);
        WorkbenchContext ctx = context(accounting, manifest(), conversation());
        ctx.appended(ConversationRecord.user("m3", "And the April ones?", T));
        long before = message("Which receipts are missing?") + message("The March ones, as far as I can see.")
                + message("And the April ones?");
        assertThat(conversationItem(accounting.clutter(ctx, GPT, c -> { }))).isEqualTo(before);

        ctx.appended(ConversationRecord.assistant("m4", "Those are all here.", T, TestRegistry.GPT));
        ctx.appended(ConversationRecord.event("e2", "checkpoint", "saved", T, Map.of()));
        long after = before + message("Those are all here.");
        assertThat(conversationItem(accounting.clutter(ctx, GPT, c -> { }))).isEqualTo(after);
        assertThat(conversationItem(accounting.clutter(ctx, GPT, c -> { }))).isEqualTo(after);
        assertThat(ctx.conversationTokens()).isEqualTo(after);
        for (String t : List.of("Which receipts are missing?", "The March ones, as far as I can see.",
                "And the April ones?", "Those are all here.")) {
            assertThat(Collections.frequency(counter.counted, t)).as(t).isEqualTo(1);
        }

        // a conversation replaced (a restore) is counted anew, from the kept counts
        ctx.setConversation(conversation());
        assertThat(conversationItem(accounting.clutter(ctx, GPT, c -> { })))
                .isEqualTo(message("Which receipts are missing?") + message("The March ones, as far as I can see."));
        assertThat(Collections.frequency(counter.counted, "Which receipts are missing?")).isEqualTo(1);
    }
}
