package dev.trestle.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsEndpointConfigTest {
    @TempDir
    Path dir;

    private static Settings withEndpoint(String base, String ca) {
        return new Settings(null, null, Map.of(ProviderId.OPENAI,
                new Settings.ProviderSettings(true, null, null, new Settings.CustomEndpoint(base, ca))));
    }

    private static ProviderEndpoint openai(Settings s, boolean allow) {
        return new SettingsEndpointConfig(s, allow).effective(ProviderId.OPENAI);
    }

    @Test
    void without_an_endpoint_every_provider_uses_its_allowlisted_host() {
        SettingsEndpointConfig config = new SettingsEndpointConfig(Settings.defaults(), true);
        for (ProviderId p : ProviderId.values()) {
            ProviderEndpoint e = config.effective(p);
            assertThat(e.host()).isEqualTo(p.allowlistedHost());
            assertThat(e.port()).isEqualTo(443);
            assertThat(e.needsAttention()).isFalse();
        }
    }

    @Test
    void an_unreadable_settings_file_blocks_every_provider_instead_of_failing_the_start() throws Exception {
        Files.writeString(dir.resolve("settings.json"), "{\"schema_version\": 1,");
        SettingsEndpointConfig config = new SettingsEndpointConfig(
                dev.trestle.adapters.settings.JsonSettingsFile.inDataDir(dir), true);
        for (ProviderId p : ProviderId.values()) {
            assertThat(config.effective(p).isValid()).as(p.id()).isFalse();
            assertThat(config.effective(p).needsAttention()).as(p.id()).isTrue();
        }
        assertThat(Files.readString(dir.resolve("settings.json"))).isEqualTo("{\"schema_version\": 1,");
    }

    @Test
    void without_the_flag_a_configured_endpoint_is_ignored_and_needs_attention() {
        ProviderEndpoint e = openai(withEndpoint("https://localhost:8443", null), false);
        assertThat(e.host()).isEqualTo("api.openai.com");
        assertThat(e.ignoredCustom()).isTrue();
        assertThat(e.needsAttention()).isTrue();
        assertThat(e.hostLabel()).contains("api.openai.com");
    }

    @Test
    void with_the_flag_a_valid_endpoint_gives_host_port_and_path_prefix() throws Exception {
        Path ca = dir.resolve("ca.pem");
        dev.trestle.simulator.TestPki pki = dev.trestle.simulator.TestPki.create("t", "localhost");
        pki.writeCaPem(ca);
        ProviderEndpoint e = openai(withEndpoint("https://LocalHost:9443/gw/openai/", ca.toString()), true);
        assertThat(e.isValid()).isTrue();
        assertThat(e.host()).isEqualTo("localhost");
        assertThat(e.port()).isEqualTo(9443);
        assertThat(e.basePath()).isEqualTo("/gw/openai");
        assertThat(e.caFile()).isEqualTo(ca.toAbsolutePath().toString());
        assertThat(e.hostLabel()).contains("localhost:9443");
        assertThat(e.target("/v1/responses").url()).isEqualTo("https://localhost:9443/gw/openai/v1/responses");
    }

    @Test
    void hostile_or_malformed_base_urls_make_the_endpoint_invalid() {
        for (String bad : new String[] {"http://localhost:8443", "https://127.0.0.1:8443", "https://[::1]:8443",
                "https://user@localhost:8443", "https://localhost:8443/?x=1", "https://localhost:8443/#f",
                "https://0x7f.0.0.1/", "https://127.1/", "not a url", "https:///v1", ""}) {
            ProviderEndpoint e = openai(withEndpoint(bad, null), true);
            assertThat(e.isValid()).as(bad).isFalse();
            assertThat(e.needsAttention()).as(bad).isTrue();
        }
    }

    @Test
    void an_unreadable_or_non_pem_ca_file_makes_the_endpoint_invalid() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        assertThat(openai(withEndpoint("https://localhost:8443", junk.toString()), true).isValid()).isFalse();
        assertThat(openai(withEndpoint("https://localhost:8443", dir.resolve("missing.pem").toString()), true)
                .isValid()).isFalse();
    }
}
