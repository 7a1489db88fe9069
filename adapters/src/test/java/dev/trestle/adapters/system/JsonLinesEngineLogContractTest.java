package dev.trestle.adapters.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trestle.domain.contract.EngineLogPortContract;
import dev.trestle.domain.fakes.FakeClock;
import dev.trestle.domain.port.out.EngineLogPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The {@link EngineLogPort} contract against the real {@code engine.log} writer, read back from the file. */
class JsonLinesEngineLogContractTest extends EngineLogPortContract {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> LINE_KEYS = Set.of("ts", "level", "event");

    @TempDir
    Path dataDir;

    @Override
    protected EngineLogPort newLog() {
        return JsonLinesEngineLog.inDataDir(dataDir, true, new FakeClock());
    }

    @Override
    protected List<Line> lines() throws Exception {
        Path file = dataDir.resolve("logs").resolve("engine.log");
        List<Line> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode line = MAPPER.readTree(text);
            Map<String, String> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = line.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!LINE_KEYS.contains(f.getKey())) {
                    JsonNode v = f.getValue();
                    fields.put(f.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
                }
            }
            out.add(new Line(line.get("level").asText(), line.get("event").asText(), fields));
        }
        return out;
    }
}
