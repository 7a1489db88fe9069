package dev.trestle.adapters.http;

import static dev.trestle.adapters.http.VendorExpectations.OWN_TABLE;
import static dev.trestle.adapters.http.VendorExpectations.TABLE;
import static dev.trestle.adapters.http.VendorFixtures.load;
import static dev.trestle.adapters.http.VendorFixtures.ownFixtures;
import static dev.trestle.adapters.http.VendorFixtures.sharedFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.adapters.http.VendorExpectations.Expect;
import dev.trestle.adapters.http.VendorFixtures.Fixture;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.Clutter;
import dev.trestle.domain.model.EgressReceipt;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.ExchangeResult;
import dev.trestle.domain.model.ObservedContextLimits;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.SentFile;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.service.ModelCall;
import dev.trestle.domain.service.ModelCallOutcome;
import dev.trestle.domain.service.ModelCallService;
import dev.trestle.simulator.ReplayServer;
import dev.trestle.simulator.ReplayServer.Answer;
import dev.trestle.simulator.ReplayServer.Framing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conformance of the real provider clients with what the vendors really send: every recorded body under
 * {@code ../shared/fixtures/providers/<vendor>/} (read at test time, never committed) and every committed fixture
 * under {@code src/test/resources/vendor-fixtures/} (written from the vendors' API references) is replayed through
 * {@link JdkHttpModelTransport} over real TLS on loopback, with awkward delivery: split mid-line and mid-UTF-8, CRLF
 * line ends, keep-alive comments, chunked / Content-Length / close framing, and cut short. Each case then runs through
 * {@link ModelCallService} with a recording sleeper: the code, retryability, actions, token figures, number of
 * requests and the delays slept are those of {@code docs/providers.md}.
 */
class VendorConformanceTest {
    private static final String KEY = "sk-conformance-key-0000";
    private static final List<Integer> AWKWARD = List.of(1, 3, 2, 7, 5, 11, 13, 64);

    @TempDir
    static Path dir;

    private static ReplayServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ReplayServer.start(dir.resolve("ca.pem"));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    // ---- the suites ----

    @TestFactory
    Stream<DynamicTest> recorded_vendor_traffic() throws IOException {
        Path root = sharedFixtures();
        Assumptions.assumeTrue(root != null,
                "SKIPPED: ../shared/fixtures/providers not found (CI always has it); the recorded-traffic"
                        + " conformance suite did not run. Set TRESTLE_PROVIDER_FIXTURES to point at it.");
        List<Fixture> fixtures = load(root);
        assertThat(fixtures).as("recorded fixtures in " + root).isNotEmpty();
        return suite(fixtures, TABLE);
    }

    @TestFactory
    Stream<DynamicTest> committed_fixtures_from_the_vendor_references() throws IOException {
        List<Fixture> fixtures = load(ownFixtures());
        assertThat(fixtures.stream().map(Fixture::id)).containsExactlyInAnyOrderElementsOf(OWN_TABLE.keySet());
        return suite(fixtures, OWN_TABLE);
    }

    @Test
    void every_recorded_fixture_has_a_row_in_the_table() throws IOException {
        Path root = sharedFixtures();
        Assumptions.assumeTrue(root != null, "SKIPPED: ../shared/fixtures/providers not found");
        List<String> ids = load(root).stream().map(Fixture::id).toList();
        assertThat(TABLE.keySet()).as("the table has no row for a fixture that is not there any more")
                .containsAll(ids).hasSameSizeAs(ids);
    }

    private Stream<DynamicTest> suite(List<Fixture> fixtures, Map<String, Expect> table) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fixture f : fixtures) {
            Expect expect = table.get(f.id());
            if (expect == null) {
                tests.add(DynamicTest.dynamicTest(f.id() + ": has a row in the table",
                        () -> fail("no expectation for " + f.id() + " in docs/providers.md / this table")));
                continue;
            }
            for (Delivery d : Delivery.values()) {
                if (d.cut && !f.stream()) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(f.id() + " [" + d + "]", () -> replay(f, expect, d)));
            }
        }
        return tests.stream();
    }

    /** The ways a body is delivered. */
    enum Delivery {
        AS_RECORDED(Framing.CONTENT_LENGTH, false, false, false, false),
        CHUNKED_SPLIT_MID_UTF8(Framing.CHUNKED, true, false, false, false),
        CLOSE_FRAMED_CRLF_KEEPALIVE(Framing.CLOSE, true, true, true, false),
        LENGTH_CUT_SHORT(Framing.CONTENT_LENGTH, true, false, false, true),
        CLOSED_CLEANLY_BEFORE_END(Framing.CLOSE, false, false, false, true);

        final Framing framing;
        final boolean split;
        final boolean crlf;
        final boolean keepAlive;
        final boolean cut;

        Delivery(Framing framing, boolean split, boolean crlf, boolean keepAlive, boolean cut) {
            this.framing = framing;
            this.split = split;
            this.crlf = crlf;
            this.keepAlive = keepAlive;
            this.cut = cut;
        }
    }

    private static final List<Double> NO_SLEEPS = List.of();

    private void replay(Fixture f, Expect expect, Delivery d) {
        server.clear();
        byte[] body = f.body();
        if (f.stream() && d.crlf) {
            body = crlf(body);
        }
        if (f.stream() && d.keepAlive) {
            body = keepAliveComments(body);
        }
        Answer answer = new Answer(f.status(), f.headers(), body, d.framing, d.split ? AWKWARD : List.of(), -1);
        int cutAt = -1;
        if (d.cut) {
            cutAt = d == Delivery.LENGTH_CUT_SHORT ? body.length / 2 : startOfEndEvent(f, body);
            Assumptions.assumeTrue(cutAt > 0, "no end event found in " + f.id());
            answer = answer.cutAfter(cutAt);
        }
        for (int i = 0; i < 4; i++) {
            server.enqueue(answer);
        }
        List<Duration> sleeps = new CopyOnWriteArrayList<>();
        StringBuilder text = new StringBuilder();
        ModelCallService calls = new ModelCallService(new JdkHttpModelTransport(new JdkHttpModelTransport.Timeouts(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))),
                p -> endpoint(f.provider()), (delay, cancel) -> sleeps.add(delay), new ObservedContextLimits());
        List<EgressReceipt> receipts = new CopyOnWriteArrayList<>();
        ModelCall call = (f.validation() ? ModelCall.validation(f.provider(), KEY, null)
                : ModelCall.chat(f.provider(), model(f.provider()), KEY, chat(f.provider()), "stream", null))
                .withReceipts("scope-1", receipts::add);
        ModelCallOutcome outcome = calls.run(call, text::append, CancelToken.NONE);

        // one receipt per request that left, whose body hash is that of the bytes the server received
        List<ReplayServer.Received> got = server.received();
        assertThat(receipts).as("receipts").hasSize(got.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(receipts.get(i).bodySha256()).as("receipt " + i + " body hash")
                    .isEqualTo(got.get(i).bodySha256());
            assertThat(receipts.get(i).bodyBytes()).isEqualTo(got.get(i).body().length);
            assertThat(receipts.get(i).httpStatus()).isEqualTo(d.cut ? receipts.get(i).httpStatus() : f.status());
            assertThat(receipts.get(i).providerId()).isEqualTo(f.provider().id());
            assertThat(receipts.get(i).endpointHost()).isEqualTo("localhost:" + server.port());
            assertThat(receipts.get(i).files()).extracting(SentFile::name).containsExactly(
                    f.validation() ? new String[0] : new String[] {"notes.md"});
            assertThat(receipts.get(i).toString()).doesNotContain(KEY).doesNotContain("naïve café");
            if (!f.validation()) {
                // decision 20: every chat body asks for the output reserve as its reply cap, in the vendor's field
                assertThat(replyCap(f.provider(), got.get(i).body()))
                        .as("reply cap in %s", f.id()).isEqualTo(Clutter.RESERVED_OUTPUT_TOKENS);
            }
        }

        List<Double> slept = sleeps.stream().map(s -> s.toNanos() / 1e9).toList();
        if (d.cut) {
            assertCut(f, outcome, text.toString(), cutAt, body);
            return;
        }
        assertThat(server.received()).as("requests sent").hasSize(expect.requests());
        assertThat(slept).as("delays slept before the retries").hasSize(expect.sleeps().size());
        for (int i = 0; i < slept.size(); i++) {
            // the asked delay is followed within ±10 %
            assertThat(slept.get(i)).as("sleep " + (i + 1)).isCloseTo(expect.sleeps().get(i),
                    org.assertj.core.data.Offset.offset(expect.sleeps().get(i) * 0.1));
        }
        if (expect.code() == null) {
            assertThat(outcome.error()).as("outcome of " + f.id()).isNull();
            if (f.text() != null) {
                assertThat(text.toString()).isEqualTo(f.text());
            }
            return;
        }
        ErrorInfo e = outcome.error();
        assertThat(e).as("error of " + f.id()).isNotNull();
        assertThat(e.errorCode()).as("code of " + f.id()).isEqualTo(expect.code());
        assertThat(e.retryable()).as("retryable").isEqualTo(expect.retryable());
        assertThat(e.actions()).as("actions").isEqualTo(expect.actions());
        assertThat(e.providerId()).isEqualTo(f.provider().id());
        assertThat(e.modelId()).isEqualTo(f.validation() ? null : model(f.provider()));
        assertThat(e.tokensRequested()).as("tokens_requested").isEqualTo(expect.tokensRequested());
        assertThat(e.tokensLimit()).as("tokens_limit").isEqualTo(expect.tokensLimit());
        if (expect.retryAfterSeconds() != null) {
            assertThat(e.retryAfterSeconds()).as("retry_after_seconds").isEqualTo(expect.retryAfterSeconds());
        }
        assertThat(String.valueOf(e)).doesNotContain(KEY);
    }

    /** A body cut before its end marker is never a completed reply: NETWORK_UNAVAILABLE. */
    private void assertCut(Fixture f, ModelCallOutcome outcome, String text, int cutAt, byte[] body) {
        Expect expect = TABLE.getOrDefault(f.id(), OWN_TABLE.get(f.id()));
        if (expect.code() != null && !new String(body, 0, cutAt, StandardCharsets.UTF_8).contains("error")) {
            // an error stream cut before its error event: still not a reply
            assertThat(outcome.ok()).isFalse();
            return;
        }
        if (expect.code() != null) {
            assertThat(outcome.ok()).isFalse();
            return;
        }
        assertThat(outcome.ok()).as(f.id() + " cut at " + cutAt + " of " + body.length + " must not complete")
                .isFalse();
        assertThat(outcome.error().errorCode()).isEqualTo(ErrorCode.NETWORK_UNAVAILABLE);
        assertThat(outcome.error().providerId()).isEqualTo(f.provider().id());
        if (outcome.deltaEmitted()) {
            assertThat(server.received()).as("no retry once text reached the caller").hasSize(1);
            assertThat(f.text()).startsWith(text);
        }
    }

    /** Where the event carrying the vendor's end marker starts (the last byte before it is a blank line). */
    static int startOfEndEvent(Fixture f, byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        String marker = switch (f.provider()) {
            case OPENAI -> "response.completed";
            case ANTHROPIC -> "message_stop";
            case GOOGLE -> "finishReason";
            case MISTRAL -> "\"finish_reason\":\"";
        };
        int at = s.indexOf(marker);
        if (at < 0) {
            at = s.indexOf("[DONE]");
        }
        if (at < 0) {
            return -1;
        }
        int lf = s.lastIndexOf("\n\n", at);
        int crlf = s.lastIndexOf("\n\r\n", at);
        int start = Math.max(lf < 0 ? -1 : lf + 2, crlf < 0 ? -1 : crlf + 3);
        return start < 0 ? 0 : start;
    }

    static byte[] crlf(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A keep-alive comment before the first event and between all events. */
    static byte[] keepAliveComments(byte[] body) {
        String s = new String(body, StandardCharsets.ISO_8859_1);
        String nl = s.contains("\r\n") ? "\r\n" : "\n";
        String blank = nl + nl;
        String out = ": keep-alive" + nl + nl + s.replace(blank, blank + ": keep-alive" + nl + nl);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(out.getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    private static ProviderEndpoint endpoint(ProviderId p) {
        return new ProviderEndpoint(p, "localhost", server.port(), "", dir.resolve("ca.pem").toString(), true, null,
                false);
    }

    private static String model(ProviderId p) {
        return switch (p) {
            case OPENAI -> "openai:gpt-5.2";
            case ANTHROPIC -> "anthropic:claude-sonnet-4-6";
            case GOOGLE -> "google:gemini-3-pro-preview";
            case MISTRAL -> "mistral:mistral-large-latest";
        };
    }

    /** The reply cap in each vendor's documented request field (-1 when absent). */
    private static long replyCap(ProviderId p, byte[] raw) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            return -1;
        }
        JsonNode cap = switch (p) {
            case OPENAI -> body.path("max_output_tokens");
            case ANTHROPIC, MISTRAL -> body.path("max_tokens");
            case GOOGLE -> body.path("generationConfig").path("maxOutputTokens");
        };
        return cap.isIntegralNumber() ? cap.asLong() : -1;
    }

    private static ChatRequest chat(ProviderId p) {
        return new ChatRequest(model(p).substring(model(p).indexOf(':') + 1),
                "You see only the Workbench files.\n=== File: notes.md ===\nnaïve café ✓\n",
                List.of(new ChatRequest.Message(ChatRequest.Role.USER, "Summarize the files, please.")),
                List.of(SentFile.estimated("notes.md", "ab".repeat(32), 16, false)));
    }

    @Test
    void the_transport_reports_the_vendor_problem_and_delay_without_the_domain() throws IOException {
        Path root = sharedFixtures();
        Assumptions.assumeTrue(root != null, "SKIPPED: ../shared/fixtures/providers not found");
        Fixture f = load(root).stream().filter(x -> x.id().equals("google/http-429-retryinfo")).findFirst()
                .orElseThrow();
        server.clear();
        server.enqueue(Answer.of(f.status(), f.headers(), f.body()));
        ModelTransportPort.Call call = new ModelTransportPort.Call(endpoint(f.provider()),
                endpoint(f.provider()).target(f.provider().chatPath("gemini-3-pro-preview")),
                ModelTransportPort.Kind.CHAT, KEY, chat(f.provider()));
        ExchangeResult r = new JdkHttpModelTransport().exchange(call, t -> { }, CancelToken.NONE);
        assertThat(r).isInstanceOf(ExchangeResult.HttpError.class);
        ExchangeResult.HttpError h = (ExchangeResult.HttpError) r;
        assertThat(h.status()).isEqualTo(429);
        assertThat(h.retryAfter()).isEqualTo(Duration.ofMillis(34_400));
        assertThat(h.problem().kind()).isEqualTo(dev.trestle.domain.model.ProviderProblem.Kind.RATE_LIMITED);
        assertThat(NO_SLEEPS).isEmpty();
    }
}
