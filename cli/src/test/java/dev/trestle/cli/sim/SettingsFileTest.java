package dev.trestle.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trestle.cli.base.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    @TempDir
    Path dataDir;

    @Test
    void endpoint_blocks_are_read_in_each_shape_a_simulator_may_print() throws CliException {
        String nested = "{\"openai\":{\"endpoint\":{\"base_url\":\"https://localhost:1/openai\"}}}";
        String wrapped = "{\"providers\":" + nested + "}";
        String flat = "{\"openai\":{\"base_url\":\"https://localhost:1/openai\"}}";
        for (String block : new String[] {nested, wrapped, flat}) {
            Map<String, JsonObject> endpoints = SettingsFile.parseEndpoints(block);
            assertThat(endpoints).containsOnlyKeys("openai");
            assertThat(endpoints.get("openai").get("base_url").getAsString()).isEqualTo("https://localhost:1/openai");
        }
    }

    @Test
    void a_block_without_endpoints_is_refused() {
        assertThatThrownBy(() -> SettingsFile.parseEndpoints("{\"openai\":{}}")).isInstanceOf(CliException.class);
        assertThatThrownBy(() -> SettingsFile.parseEndpoints("not json")).isInstanceOf(CliException.class);
    }

    @Test
    void endpoints_are_merged_into_existing_settings_keeping_other_fields() throws Exception {
        Files.writeString(dataDir.resolve("settings.json"), "{\"schema_version\":1,\"user_default_model_id\":"
                + "\"mistral:mistral-large\",\"providers\":{\"openai\":{\"enabled\":false,\"custom\":7}}}");
        SettingsFile.writeEndpoints(dataDir, SettingsFile.parseEndpoints(
                "{\"openai\":{\"endpoint\":{\"base_url\":\"https://localhost:9/openai\",\"ca_file\":\"/ca.pem\"}},"
                        + "\"google\":{\"endpoint\":{\"base_url\":\"https://localhost:9/google\"}}}"));
        JsonObject s = JsonParser.parseString(Files.readString(dataDir.resolve("settings.json"))).getAsJsonObject();
        assertThat(s.get("user_default_model_id").getAsString()).isEqualTo("mistral:mistral-large");
        JsonObject openai = s.getAsJsonObject("providers").getAsJsonObject("openai");
        assertThat(openai.get("enabled").getAsBoolean()).isFalse();
        assertThat(openai.get("custom").getAsInt()).isEqualTo(7);
        assertThat(openai.getAsJsonObject("endpoint").get("ca_file").getAsString()).isEqualTo("/ca.pem");
        assertThat(s.getAsJsonObject("providers").getAsJsonObject("google").get("enabled").getAsBoolean()).isTrue();
    }

    @Test
    void the_simulator_block_points_every_provider_at_localhost() throws Exception {
        try (Simulator sim = Simulator.start(0, dataDir.resolve("sim"))) {
            Map<String, JsonObject> endpoints = SettingsFile.parseEndpoints(sim.endpointSettingsJson());
            assertThat(endpoints).containsOnlyKeys(SettingsFile.PROVIDERS);
            assertThat(endpoints.values()).allSatisfy(e -> {
                assertThat(e.get("base_url").getAsString()).startsWith("https://localhost:" + sim.port());
                assertThat(e.get("ca_file").getAsString()).isEqualTo(sim.caPemPath().toString());
            });
            assertThat(sim.caPemPath()).exists();
        }
    }
}
