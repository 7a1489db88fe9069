package dev.trestle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderSimulatorTest {
    @TempDir
    Path dir;

    private ProviderSimulator sim;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        sim = new ProviderSimulator(dir.resolve("pki/ca.pem")).start();
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(sim.caPemPath())) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_certificate_names_localhost_and_verifies_against_the_written_ca() throws Exception {
        HttpResponse<String> r = get("/v1/models", "Authorization", "Bearer k");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("gpt-5.2");
        assertThat(Files.readString(sim.caPemPath())).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void a_missing_or_wrong_key_gets_the_vendors_own_rejection() throws Exception {
        assertThat(get("/openai/v1/models").statusCode()).isEqualTo(401);
        assertThat(get("/anthropic/v1/models", "x-api-key", "k").statusCode()).isEqualTo(400);
        HttpResponse<String> anthropic = get("/anthropic/v1/models");
        assertThat(anthropic.statusCode()).isEqualTo(401);
        assertThat(anthropic.body()).contains("\"authentication_error\"");
        sim.expectKey(ProviderSimulator.Vendor.GOOGLE, "good");
        HttpResponse<String> google = get("/google/v1beta/models", "x-goog-api-key", "bad");
        assertThat(google.statusCode()).isEqualTo(400);
        assertThat(google.body()).contains("API_KEY_INVALID");
        assertThat(get("/google/v1beta/models", "x-goog-api-key", "good").statusCode()).isEqualTo(200);
    }

    @Test
    void unprefixed_paths_are_routed_by_path_and_header_style() throws Exception {
        get("/v1/models", "x-api-key", "k", "anthropic-version", "2023-06-01");
        post("/v1/chat/completions", "{}", "Authorization", "Bearer k");
        post("/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse", "{}", "x-goog-api-key", "k");
        assertThat(sim.requests()).extracting(ProviderSimulator.RecordedRequest::vendor).containsExactly(
                ProviderSimulator.Vendor.ANTHROPIC, ProviderSimulator.Vendor.MISTRAL, ProviderSimulator.Vendor.GOOGLE);
        assertThat(sim.requests().get(2).path()).endsWith("?alt=sse");
    }

    @Test
    void each_vendors_reply_cap_is_read_from_its_own_field_and_anthropic_requires_it() throws Exception {
        post("/openai/v1/responses", "{\"max_output_tokens\":8192}", "Authorization", "Bearer k");
        post("/google/v1beta/models/g:streamGenerateContent?alt=sse",
                "{\"generationConfig\":{\"maxOutputTokens\":4096}}", "x-goog-api-key", "k");
        post("/mistral/v1/chat/completions", "{\"max_tokens\":100}", "Authorization", "Bearer k");
        post("/mistral/v1/chat/completions", "{\"max_output_tokens\":100}", "Authorization", "Bearer k");
        HttpResponse<String> missing = post("/anthropic/v1/messages", "{\"model\":\"m\"}", "x-api-key", "k",
                "anthropic-version", "2023-06-01");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("invalid_request_error").contains("max_tokens");
        assertThat(sim.requests()).extracting(ProviderSimulator.RecordedRequest::outputCap)
                .containsExactly(8192L, 4096L, 100L, null, null);
    }

    @Test
    void an_empty_script_echoes_the_last_user_message() throws Exception {
        HttpResponse<String> r = post("/openai/v1/responses",
                "{\"model\":\"gpt-5.2\",\"input\":[{\"role\":\"user\",\"content\":\"ping\"}],\"stream\":true}",
                "Authorization", "Bearer k");
        assertThat(r.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(r.body()).contains("event: response.output_text.delta").contains("\"delta\":\"ping\"")
                .contains("event: response.completed").contains("\"input_tokens\"");
    }

    @Test
    void json_scripts_through_the_admin_endpoint_drive_the_next_answers() throws Exception {
        HttpResponse<String> ok = post("/_sim/script", "{\"anthropic\":[{\"status\":429,\"headers\":"
                + "{\"Retry-After\":\"7\"}},{\"chunks\":[\"A\",\"B\"]},{\"error\":\"context_length\"}]}");
        assertThat(ok.statusCode()).isEqualTo(200);
        String[] auth = {"x-api-key", "k", "anthropic-version", "2023-06-01"};
        HttpResponse<String> limited = post("/anthropic/v1/messages", "{\"max_tokens\":64}", auth);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).contains("7");
        assertThat(limited.body()).contains("rate_limit_error");
        String stream = post("/anthropic/v1/messages", "{\"max_tokens\":64}", auth).body();
        assertThat(stream).contains("event: message_start").contains("\"text_delta\"").contains("message_stop");
        HttpResponse<String> ctx = post("/anthropic/v1/messages", "{\"max_tokens\":64}", auth);
        assertThat(ctx.statusCode()).isEqualTo(413);
        assertThat(post("/_sim/script", "{\"nobody\":[]}").statusCode()).isEqualTo(400);
    }

    @Test
    void endpoint_settings_point_every_provider_here_with_the_ca() throws Exception {
        JsonNode n = ProviderSimulator.JSON.readTree(sim.endpointSettingsJson());
        for (ProviderSimulator.Vendor v : ProviderSimulator.Vendor.values()) {
            assertThat(n.path(v.id()).path("endpoint").path("base_url").asText())
                    .isEqualTo("https://localhost:" + sim.port() + "/" + v.id());
            assertThat(n.path(v.id()).path("endpoint").path("ca_file").asText())
                    .isEqualTo(sim.caPemPath().toString());
        }
    }

    @Test
    void the_gemini_stream_uses_crlf_separated_data_events() throws Exception {
        sim.script("google", Reply.text("x", "y"));
        String body = post("/google/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse", "{}",
                "x-goog-api-key", "k").body();
        assertThat(body).startsWith("data: {").contains("\r\n\r\n").contains("\"usageMetadata\"")
                .contains("\"finishReason\":\"STOP\"");
    }
}
