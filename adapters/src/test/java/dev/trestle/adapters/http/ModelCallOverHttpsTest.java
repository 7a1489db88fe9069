package dev.trestle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.port.out.SleeperPort;
import dev.trestle.domain.service.ModelCall;
import dev.trestle.domain.service.ModelCallOutcome;
import dev.trestle.domain.service.ModelCallService;
import dev.trestle.simulator.ProviderSimulator;
import dev.trestle.simulator.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain service driving the real transport through a §5.1 endpoint (AC4.13 style), retries and redirects. */
class ModelCallOverHttpsTest {
    @TempDir
    Path dir;

    private ProviderSimulator sim;
    private final List<Duration> delays = new ArrayList<>();
    private final SleeperPort sleeper = (d, c) -> delays.add(d);

    @BeforeEach
    void start() throws Exception {
        sim = new ProviderSimulator(dir.resolve("ca.pem")).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ModelCallService service(String baseUrl) {
        Settings settings = new Settings(null, null, Map.of(ProviderId.OPENAI, new Settings.ProviderSettings(true,
                null, null, new Settings.CustomEndpoint(baseUrl, sim.caPemPath().toString()))));
        return new ModelCallService(new JdkHttpModelTransport(), new SettingsEndpointConfig(settings, true), sleeper);
    }

    private static ModelCall chat() {
        return ModelCall.chat(ProviderId.OPENAI, "openai:gpt-5.2", "sk-test-1234", new ChatRequest("gpt-5.2", "sys",
                List.of(new ChatRequest.Message(ChatRequest.Role.USER, "Summarize the files."))), "stream", null);
    }

    @Test
    void requests_go_to_the_custom_endpoint_and_retry_on_the_schedule() {
        sim.script("openai", Reply.status(503), Reply.status(429).header("Retry-After", "3"), Reply.text("Two ",
                "files."));
        List<String> deltas = new ArrayList<>();
        ModelCallOutcome out = service(sim.baseUrl()).run(chat(), deltas::add, CancelToken.NONE);
        assertThat(out.ok()).isTrue();
        assertThat(out.requestsSent()).isEqualTo(3);
        assertThat(deltas).containsExactly("Two ", "files.");
        assertThat(delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(3));
        assertThat(sim.requests()).extracting(ProviderSimulator.RecordedRequest::path)
                .containsOnly("/v1/responses");
    }

    @Test
    void an_off_list_redirect_is_blocked_and_its_target_never_contacted() {
        sim.script("openai", Reply.redirect(302, "https://example.com/v1/responses"));
        ModelCallOutcome out = service(sim.baseUrl()).run(chat(), null, CancelToken.NONE);
        assertThat(out.error().errorCode()).isEqualTo(ErrorCode.EGRESS_BLOCKED_BY_POLICY);
        assertThat(out.policyBlocked()).isTrue();
        assertThat(sim.requests()).hasSize(1);
    }

    @Test
    void a_redirect_within_the_endpoint_is_followed() {
        sim.script("openai", Reply.redirect(307, "/openai/v1/responses"), Reply.text("ok"));
        ModelCallOutcome out = service(sim.baseUrl()).run(chat(), null, CancelToken.NONE);
        assertThat(out.ok()).isTrue();
        assertThat(sim.requests()).extracting(ProviderSimulator.RecordedRequest::path)
                .containsExactly("/v1/responses", "/openai/v1/responses");
    }

    @Test
    void an_ip_literal_endpoint_is_invalid_and_sends_nothing() {
        ModelCallOutcome out = service("https://127.0.0.1:" + sim.port()).run(chat(), null, CancelToken.NONE);
        assertThat(out.error().errorCode()).isEqualTo(ErrorCode.EGRESS_BLOCKED_BY_POLICY);
        assertThat(out.requestsSent()).isZero();
        assertThat(sim.requests()).isEmpty();
    }

    @Test
    void a_dropped_stream_after_deltas_is_network_unavailable_without_retry() {
        sim.script("openai", Reply.text("a", "b", "c").dropAfter(2));
        ModelCallOutcome out = service(sim.baseUrl()).run(chat(), null, CancelToken.NONE);
        assertThat(out.error().errorCode()).isEqualTo(ErrorCode.NETWORK_UNAVAILABLE);
        assertThat(out.error().actions()).extracting(Enum::name).containsExactly("RETRY");
        assertThat(out.requestsSent()).isEqualTo(1);
        assertThat(delays).isEmpty();
    }
}
