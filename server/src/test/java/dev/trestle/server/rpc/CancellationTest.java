package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.trestle.domain.model.AddResult;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code $/cancelRequest} semantics ({@code rpc.md} §1): a request queued for its Workbench lock is dropped (-32800);
 * a started request returns its real result; a started Workshop run turns the cancel into its own cancellation.
 * The fake below plays the domain's lock: the holder waits for the test's release, a follower waits for the lock or
 * its request's cancellation.
 */
class CancellationTest {
    private static final String ADD = "{\"workbench_id\":\"" + Fakes.WB + "\",\"source_paths\":[\"%s\"]}";

    private Harness h;
    private final CompletableFuture<Void> lockReleased = new CompletableFuture<>();
    private final CountDownLatch holderEntered = new CountDownLatch(1);
    private final CountDownLatch followerQueued = new CountDownLatch(1);
    private final CountDownLatch holderSawCancel = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        h = Harness.raw();
        h.fakes.add = (wb, arg, token) -> {
            @SuppressWarnings("unchecked")
            List<String> paths = (List<String>) arg;
            if (paths.contains("/holder")) {
                token.onCancel(holderSawCancel::countDown);
                holderEntered.countDown();
                lockReleased.join();
                return List.of(AddResult.added("/holder", "holder"));
            }
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            token.onCancel(() -> cancelled.complete(null));
            followerQueued.countDown();
            CompletableFuture.anyOf(lockReleased, cancelled).join();
            if (!lockReleased.isDone()) {
                throw new CancellationException("dropped while queued");
            }
            return List.of(AddResult.added("/follower", "follower"));
        };
    }

    @AfterEach
    void stop() throws Exception {
        lockReleased.complete(null);
        h.close();
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(Harness.TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_request_still_queued_for_the_lock_is_dropped_with_request_cancelled() throws Exception {
        h.request(1, "WorkbenchFilesAdd", ADD.formatted("/holder"));
        await(holderEntered);
        h.request(2, "WorkbenchFilesAdd", ADD.formatted("/follower"));
        await(followerQueued);

        h.cancel(2);
        JsonObject dropped = h.response(2);
        assertThat(dropped.getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32800);

        lockReleased.complete(null);
        JsonObject holder = h.response(1);
        assertThat(holder.getAsJsonObject("result").getAsJsonArray("add_results").get(0).getAsJsonObject()
                .get("status").getAsString()).isEqualTo("added");
    }

    @Test
    void a_request_that_holds_the_lock_returns_its_real_result_when_cancelled() throws Exception {
        h.request(1, "WorkbenchFilesAdd", ADD.formatted("/holder"));
        await(holderEntered);
        h.cancel(1);
        await(holderSawCancel);
        lockReleased.complete(null);

        JsonObject r = h.response(1);
        assertThat(r.has("error")).isFalse();
        assertThat(r.getAsJsonObject("result").getAsJsonArray("add_results").get(0).getAsJsonObject()
                .get("source_path").getAsString()).isEqualTo("/holder");
    }

    @Test
    void a_started_workshop_run_receives_the_cancel_through_its_token() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<CancelToken> scoped = new AtomicReference<>();
        h.fakes.stream = (wb, msg, token) -> {
            scoped.set(token);
            CompletableFuture<Void> cancelled = new CompletableFuture<>();
            token.onCancel(() -> cancelled.complete(null));
            running.countDown();
            cancelled.join();
            throw new TrestleException(ErrorInfo.of(ErrorCode.USER_CANCELED, Phase.WORKSHOP).withSubphase("stream")
                    .withProvider("openai").withModel("openai:gpt-5.2"));
        };
        h.request(5, "WorkshopStreamAssistantReply", "{\"workbench_id\":\"" + Fakes.WB + "\",\"message_id\":\"u-1\"}");
        await(running);
        h.cancel(5);

        JsonObject error = h.response(5).getAsJsonObject("error");
        assertThat(error.get("code").getAsInt()).isEqualTo(-32000);
        assertThat(error.getAsJsonObject("data").get("error_code").getAsString()).isEqualTo("USER_CANCELED");
        assertThat(error.getAsJsonObject("data").getAsJsonArray("actions").toString()).isEqualTo("[\"retry\"]");
        assertThat(scoped.get()).isNotSameAs(CancelToken.NONE);
    }

    @Test
    void a_cancel_for_an_unknown_or_finished_request_changes_nothing() throws Exception {
        h.request(1, "EngineGetInfo", "{}");
        h.response(1);
        h.cancel(1);
        h.cancel("nope");
        h.request(2, "EngineGetInfo", "{}");
        assertThat(h.response(2).has("result")).isTrue();
    }

    @Test
    void the_cancel_token_fires_callbacks_once_and_immediately_after_cancel() {
        RequestCancelToken token = new RequestCancelToken();
        int[] count = new int[2];
        token.onCancel(() -> count[0]++);
        token.onCancel(() -> {
            throw new IllegalStateException("a failing callback");
        });
        token.cancel();
        token.cancel();
        token.onCancel(() -> count[1]++);
        assertThat(token.isCancelled()).isTrue();
        assertThat(count).containsExactly(1, 1);
    }

    @Test
    void the_request_future_only_fires_its_token_when_cancelled() {
        RequestCancelToken token = new RequestCancelToken();
        RequestFuture<String> future = new RequestFuture<>(token);
        assertThat(future.cancel(true)).isFalse();
        assertThat(token.isCancelled()).isTrue();
        assertThat(future.isDone()).isFalse();
        future.complete("real");
        assertThat(future.join()).isEqualTo("real");
    }
}
