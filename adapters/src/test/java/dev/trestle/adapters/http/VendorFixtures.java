package dev.trestle.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trestle.adapters.support.Json;
import dev.trestle.domain.model.ProviderId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The provider fixtures {@link VendorConformanceTest} replays: recorded ones (shared, never committed) and own ones. */
final class VendorFixtures {
    private VendorFixtures() {
    }

    record Fixture(String id, ProviderId provider, boolean validation, int status,
                   List<Map.Entry<String, String>> headers, byte[] body, String text) {
        boolean stream() {
            return status == 200 && !validation;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** {@code ../shared/fixtures/providers} from the module, the worktree or CI's clone (shared/ sits beside it). */
    static Path sharedFixtures() {
        String override = System.getenv("TRESTLE_PROVIDER_FIXTURES");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/fixtures/providers");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static Path ownFixtures() {
        return Path.of("src/test/resources/vendor-fixtures").toAbsolutePath();
    }

    static List<Fixture> load(Path root) throws IOException {
        List<Fixture> out = new ArrayList<>();
        for (String vendor : List.of("openai", "anthropic", "google", "mistral")) {
            Path d = root.resolve(vendor);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path src : files.filter(f -> f.toString().endsWith(".src")).sorted().toList()) {
                    String name = src.getFileName().toString().replace(".src", "");
                    JsonNode meta = Json.MAPPER.readTree(src.toFile());
                    List<Map.Entry<String, String>> headers = new ArrayList<>();
                    for (JsonNode h : meta.path("headers")) {
                        headers.add(Map.entry(h.get(0).asText(), h.get(1).asText()));
                    }
                    byte[] body = Files.readAllBytes(d.resolve(name + ".body"));
                    out.add(new Fixture(vendor + "/" + name, ProviderId.parse(vendor).orElseThrow(),
                            name.contains("models"), meta.path("status").asInt(), headers, body,
                            meta.hasNonNull("text") ? meta.get("text").asText() : null));
                }
            }
        }
        return out;
    }
}
