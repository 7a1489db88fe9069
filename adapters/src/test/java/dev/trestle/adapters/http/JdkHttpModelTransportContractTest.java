package dev.trestle.adapters.http;

import dev.trestle.domain.contract.ModelTransportPortContract;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.ModelTransportPort.Call;
import dev.trestle.domain.port.out.ModelTransportPort.Kind;
import dev.trestle.simulator.ProviderSimulator;
import dev.trestle.simulator.ProviderSimulator.Vendor;
import dev.trestle.simulator.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ModelTransportPort} contract against the real transport over real TLS: the provider simulator on
 * 127.0.0.1 with a throw-away CA plays OpenAI.
 */
class JdkHttpModelTransportContractTest extends ModelTransportPortContract {
    @TempDir
    static Path dir;

    private static ProviderSimulator sim;

    @BeforeAll
    static void startSimulator() throws Exception {
        sim = new ProviderSimulator(dir.resolve("ca.pem")).start();
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    @BeforeEach
    void clear() {
        sim.clearRequests();
    }

    @Override
    protected ModelTransportPort newTransport() {
        return new JdkHttpModelTransport(new JdkHttpModelTransport.Timeouts(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    }

    @Override
    protected Call chat() {
        ProviderId openai = ProviderId.parse("openai").orElseThrow();
        ProviderEndpoint ep = new ProviderEndpoint(openai, "localhost", sim.port(), "/openai",
                sim.caPemPath().toString(), true, null, false);
        ChatRequest req = new ChatRequest("gpt-5.2", "system", List.of(
                new ChatRequest.Message(ChatRequest.Role.USER, "Summarize the files.")));
        return new Call(ep, ep.target(openai.chatPath("gpt-5.2")), Kind.CHAT, KEY, req);
    }

    @Override
    protected void willStream(String... texts) {
        sim.script(Vendor.OPENAI, Reply.text(texts));
    }

    @Override
    protected void willRateLimit(int seconds) {
        sim.script(Vendor.OPENAI, Reply.status(429).header("Retry-After", String.valueOf(seconds)));
    }

    @Override
    protected void willRejectContextLength() {
        sim.script(Vendor.OPENAI, Reply.contextLength());
    }

    @Override
    protected int requestsSent() {
        return sim.requests().size();
    }
}
