package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.FakeProviderTransport;
import dev.trestle.domain.model.ChatRequest;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.ModelTransportPort;
import dev.trestle.domain.port.out.ModelTransportPort.Call;
import dev.trestle.domain.port.out.ModelTransportPort.Kind;
import java.util.List;
import java.util.Map;

/** The {@link ModelTransportPort} contract against the FakeProvider the service and acceptance tests use. */
class FakeProviderTransportContractTest extends ModelTransportPortContract {
    private final FakeProviderTransport fake = new FakeProviderTransport();

    @Override
    protected ModelTransportPort newTransport() {
        return fake;
    }

    @Override
    protected Call chat() {
        ProviderId openai = ProviderId.parse("openai").orElseThrow();
        ProviderEndpoint ep = ProviderEndpoint.official(openai, false);
        ChatRequest req = new ChatRequest("gpt-5.2", "system", List.of(
                new ChatRequest.Message(ChatRequest.Role.USER, "Summarize the files.")));
        return new Call(ep, ep.target(openai.chatPath("gpt-5.2")), Kind.CHAT, KEY, req);
    }

    @Override
    protected void willStream(String... texts) {
        fake.script(FakeProviderTransport.ok(texts));
    }

    @Override
    protected void willRateLimit(int seconds) {
        fake.script(FakeProviderTransport.http(429, Map.of("Retry-After", String.valueOf(seconds))));
    }

    @Override
    protected void willRejectContextLength() {
        fake.script(FakeProviderTransport.contextLength(400));
    }

    @Override
    protected int requestsSent() {
        return fake.requestCount();
    }
}
