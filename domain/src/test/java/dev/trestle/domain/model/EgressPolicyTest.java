package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {
    private static final ProviderEndpoint OPENAI = ProviderEndpoint.official(ProviderId.OPENAI, false);
    private static final ProviderEndpoint LOCAL = new ProviderEndpoint(ProviderId.OPENAI, "localhost", 8443, "/gw",
            "/ca.pem", true, null, false);

    /** The endpoint an adapter would parse from {@code https://<host>/} (a bracketed IPv6 keeps its brackets). */
    private static Endpoint httpsTo(String host) {
        return new Endpoint("https", null, host, -1, "/");
    }

    @Test
    void ac4_11_allow_list() {
        assertThat(EgressPolicy.violation(OPENAI, Endpoint.https("api.openai.com", -1, "/v1/responses"))).isEmpty();
        assertThat(EgressPolicy.violation(OPENAI, Endpoint.https("api.openai.com", 443, "/"))).isEmpty();
    }

    @Test
    void ac4_11_block_list() {
        assertThat(EgressPolicy.violation(OPENAI, new Endpoint("http", null, "api.openai.com", -1, "/")))
                .contains("scheme");
        assertThat(EgressPolicy.violation(OPENAI, httpsTo("api.anthropic.com"))).contains("host");
        assertThat(EgressPolicy.violation(OPENAI, httpsTo("evil.api.openai.com"))).contains("host");
        assertThat(EgressPolicy.violation(OPENAI, httpsTo("api.openai.com.evil.com"))).contains("host");
        assertThat(EgressPolicy.violation(OPENAI, new Endpoint("https", "user", "api.openai.com", -1, "/")))
                .contains("userinfo");
        assertThat(EgressPolicy.violation(OPENAI, httpsTo("1.2.3.4"))).contains("ip literal");
        assertThat(EgressPolicy.violation(OPENAI, httpsTo("[::1]"))).contains("ip literal");
        assertThat(EgressPolicy.violation(OPENAI, Endpoint.https("api.openai.com", 8443, "/"))).contains("port");
        assertThat(EgressPolicy.violation(OPENAI, new Endpoint("https", null, null, -1, "/v1"))).contains("null host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4", "127.1", "0x7f.0.0.1", "2130706433", "[::1]", "::1", "127.0.0.1.", "0X7F",
            "[2001:db8::1]", "::ffff:127.0.0.1", "10.0.0.1"})
    void ip_literals_in_every_notation_are_blocked(String host) {
        assertThat(EgressPolicy.isIpLiteral(host)).isTrue();
        assertThat(EgressPolicy.allows(OPENAI, httpsTo(host))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.openai.com", "localhost", "a1.example", "1e100.net", "xn--bcher-kva.example"})
    void names_whose_last_label_has_a_letter_are_not_ip_literals(String host) {
        assertThat(EgressPolicy.isIpLiteral(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"API.OPENAI.COM", "api.openai.com.", "Api.OpenAI.Com."})
    void host_case_and_a_trailing_dot_do_not_matter(String host) {
        assertThat(EgressPolicy.allows(OPENAI, httpsTo(host))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.openai.co", "api-openai.com", "apiopenai.com", "api.openai.com.cn", "openai.com",
            "x.api.openai.com", "api.openai.com..", "api.mistral.ai", "generativelanguage.googleapis.com", ""})
    void look_alike_sub_domain_and_other_provider_hosts_are_blocked(String host) {
        assertThat(EgressPolicy.allows(OPENAI, httpsTo(host))).isFalse();
    }

    @Test
    void each_provider_allows_only_its_own_host() {
        for (ProviderId p : ProviderId.values()) {
            ProviderEndpoint official = ProviderEndpoint.official(p, false);
            for (ProviderId q : ProviderId.values()) {
                assertThat(EgressPolicy.allows(official, httpsTo(q.allowlistedHost()))).isEqualTo(p == q);
            }
        }
    }

    @Test
    void uppercase_https_scheme_is_still_https_but_other_schemes_are_not() {
        assertThat(EgressPolicy.allows(OPENAI, new Endpoint("HTTPS", null, "api.openai.com", -1, "/"))).isTrue();
        assertThat(EgressPolicy.allows(OPENAI, new Endpoint("wss", null, "api.openai.com", -1, "/"))).isFalse();
        assertThat(EgressPolicy.allows(OPENAI, new Endpoint(null, null, "api.openai.com", -1, "/"))).isFalse();
        assertThat(EgressPolicy.allows(OPENAI, null)).isFalse();
    }

    @Test
    void an_empty_userinfo_is_still_userinfo() {
        assertThat(EgressPolicy.violation(OPENAI, new Endpoint("https", "", "api.openai.com", -1, "/")))
                .contains("userinfo");
    }

    @Test
    void a_custom_endpoint_allows_only_its_host_and_port() {
        assertThat(EgressPolicy.allows(LOCAL, LOCAL.target("/v1/responses"))).isTrue();
        assertThat(LOCAL.target("/v1/responses").url()).isEqualTo("https://localhost:8443/gw/v1/responses");
        assertThat(EgressPolicy.violation(LOCAL, Endpoint.https("localhost", -1, "/"))).contains("port");
        assertThat(EgressPolicy.violation(LOCAL, Endpoint.https("api.openai.com", -1, "/"))).contains("host");
        assertThat(EgressPolicy.violation(LOCAL, Endpoint.https("127.0.0.1", 8443, "/"))).contains("ip literal");
    }

    @Test
    void the_official_target_omits_port_443() {
        Endpoint t = OPENAI.target("/v1/models");
        assertThat(t.url()).isEqualTo("https://api.openai.com/v1/models");
        assertThat(EgressPolicy.allows(OPENAI, t)).isTrue();
        assertThat(OPENAI.hostLabel()).contains("api.openai.com");
        assertThat(LOCAL.hostLabel()).contains("localhost:8443");
    }

    @Test
    void an_invalid_endpoint_blocks_every_target() {
        ProviderEndpoint invalid = ProviderEndpoint.invalid(ProviderId.OPENAI, "ip literal base_url");
        assertThat(EgressPolicy.violation(invalid, Endpoint.https("api.openai.com", -1, "/")))
                .hasValueSatisfying(v -> assertThat(v).startsWith("invalid endpoint"));
        assertThat(invalid.needsAttention()).isTrue();
        assertThat(invalid.hostLabel()).isEmpty();
    }

    @Test
    void an_ignored_custom_endpoint_still_targets_the_official_host_but_needs_attention() {
        ProviderEndpoint ignored = ProviderEndpoint.official(ProviderId.GOOGLE, true);
        assertThat(ignored.needsAttention()).isTrue();
        assertThat(EgressPolicy.allows(ignored, ignored.target("/v1beta/models"))).isTrue();
    }

    @Test
    void endpoint_host_label_adds_only_a_non_default_port() {
        assertThat(Endpoint.https("API.openai.com.", -1, "/").hostLabel()).isEqualTo("api.openai.com");
        assertThat(Endpoint.https("localhost", 8443, "/").hostLabel()).isEqualTo("localhost:8443");
        assertThat(Endpoint.https("localhost", 443, "/").hostLabel()).isEqualTo("localhost");
    }

    @Test
    void a_blocked_request_maps_to_a_non_retryable_switch_model_error() {
        ErrorInfo e = EgressPolicy.blocked(Phase.WORKSHOP, "stream", ProviderId.OPENAI, "openai:gpt-5.2", "host");
        assertThat(e.errorCode()).isEqualTo(ErrorCode.EGRESS_BLOCKED_BY_POLICY);
        assertThat(e.retryable()).isFalse();
        assertThat(e.actions()).containsExactly(ErrorAction.SWITCH_MODEL);
        assertThat(e.providerId()).isEqualTo("openai");
        assertThat(e.modelId()).isEqualTo("openai:gpt-5.2");
        assertThat(e.subphase()).isEqualTo("stream");
    }
}
