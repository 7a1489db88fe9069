package dev.trestle.domain.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.EngineEvent;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Ulid;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FakesTest {

    @Test
    void fake_clock_moves_wall_and_monotonic_time_together() {
        FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
        long n0 = clock.nanoTime();
        clock.advance(Duration.ofMillis(250));
        assertThat(clock.now()).isEqualTo(Instant.parse("2025-01-01T00:00:00.250Z"));
        assertThat(clock.nanoTime() - n0).isEqualTo(250_000_000L);
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setting_the_clock_back_leaves_monotonic_time_alone() {
        FakeClock clock = new FakeClock();
        long n0 = clock.nanoTime();
        clock.set(FakeClock.DEFAULT_START.minusSeconds(60));
        assertThat(clock.nanoTime()).isEqualTo(n0);
        clock.set(FakeClock.DEFAULT_START);
        assertThat(clock.nanoTime() - n0).isEqualTo(60_000_000_000L);
    }

    @Test
    void sequential_ids_are_valid_and_strictly_increasing_even_when_the_clock_goes_back() {
        FakeClock clock = new FakeClock();
        SequentialIds ids = new SequentialIds(clock);
        String a = ids.newUlid();
        String b = ids.newUlid();
        clock.advanceMillis(5);
        String c = ids.newUlid();
        clock.set(FakeClock.DEFAULT_START.minusSeconds(10));
        String d = ids.newUlid();
        assertThat(List.of(a, b, c, d)).allMatch(Ulid::isValid);
        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
        assertThat(c).isLessThan(d);
        assertThat(SequentialIds.timeOf(c)).isEqualTo(FakeClock.DEFAULT_START.plusMillis(5));
        assertThat(ids.issued()).containsExactly(a, b, c, d);
        assertThat(ids.last()).isEqualTo(d);
    }

    @Test
    void recording_sink_filters_by_type_and_keeps_order() {
        RecordingEventSink sink = new RecordingEventSink();
        sink.emit(new EngineEvent.PublishProgress("w", "validating"));
        sink.emit(new EngineEvent.MessageComplete("w", "m1"));
        sink.emit(new EngineEvent.PublishProgress("w", "finalizing"));
        assertThat(sink.ofType(EngineEvent.PublishProgress.class)).extracting(EngineEvent.PublishProgress::phase)
                .containsExactly("validating", "finalizing");
        assertThat(sink.without(EngineEvent.PublishProgress.class)).containsExactly(
                new EngineEvent.MessageComplete("w", "m1"));
        assertThat(sink.typeNames()).containsExactly("PublishProgress", "MessageComplete", "PublishProgress");
    }

    @Test
    void recording_sink_wakes_a_waiter_when_the_event_arrives_from_another_thread() throws Exception {
        RecordingEventSink sink = new RecordingEventSink();
        CompletableFuture<EngineEvent.MessageComplete> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return sink.await(EngineEvent.MessageComplete.class, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        sink.emit(new EngineEvent.MessageComplete("w", "m9"));
        assertThat(waiter.get(30, TimeUnit.SECONDS).messageId()).isEqualTo("m9");
    }

    @Test
    void recording_sleeper_records_delays_and_reports_a_cancel_during_the_wait() {
        RecordingSleeper sleeper = new RecordingSleeper();
        assertThat(sleeper.sleep(Duration.ofMillis(500), CancelToken.NONE)).isTrue();
        AtomicBoolean cancelled = new AtomicBoolean();
        CancelToken token = new CancelToken() {
            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }

            @Override
            public void onCancel(Runnable action) {
                // not needed
            }
        };
        sleeper.onSleep(d -> cancelled.set(true));
        assertThat(sleeper.sleep(Duration.ofSeconds(2), token)).isFalse();
        assertThat(sleeper.delaySeconds()).containsExactly(0.5, 2.0);
    }

    @Test
    void unreadable_secrets_hide_keys_until_the_next_set_starts_empty() {
        InMemorySecrets secrets = new InMemorySecrets();
        secrets.setApiKey(ProviderId.OPENAI, "a");
        secrets.setApiKey(ProviderId.GOOGLE, "g");
        secrets.makeUnreadable();
        assertThat(secrets.readable()).isFalse();
        assertThat(secrets.apiKey(ProviderId.OPENAI)).isEmpty();

        secrets.setApiKey(ProviderId.MISTRAL, "m");
        assertThat(secrets.readable()).isTrue();
        assertThat(secrets.apiKey(ProviderId.MISTRAL)).contains("m");
        assertThat(secrets.apiKey(ProviderId.GOOGLE)).isEmpty();
        assertThat(secrets.setAsideCount()).isEqualTo(1);
    }

    @Test
    void engine_log_fake_finds_text_in_fields() {
        InMemoryEngineLog log = new InMemoryEngineLog();
        log.info("provider_validated", Map.of("provider_id", "openai", "status", 200));
        log.debug("detail", Map.of());
        assertThat(log.events()).containsExactly("provider_validated", "detail");
        assertThat(log.mentions("openai")).isTrue();
        assertThat(log.mentions("sk-")).isFalse();
        assertThat(log.entries("detail")).singleElement().extracting(InMemoryEngineLog.Entry::level)
                .isEqualTo("DEBUG");
    }

    @Test
    void the_test_registry_is_valid_and_ordered() {
        assertThat(TestRegistry.standard().first().modelId()).isEqualTo(TestRegistry.GPT);
        assertThat(TestRegistry.standard().canonical(TestRegistry.OPUS_ALIAS)).isEqualTo(TestRegistry.OPUS);
    }
}
