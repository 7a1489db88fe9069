package dev.trestle.domain.fakes;

import dev.trestle.domain.model.TokenRatio;
import dev.trestle.domain.port.out.TokenCalibrationPort;
import java.util.HashMap;
import java.util.Map;

/** {@link TokenCalibrationPort} in memory. */
public final class InMemoryTokenCalibration implements TokenCalibrationPort {
    private final Map<String, TokenRatio> ratios = new HashMap<>();

    @Override
    public synchronized Map<String, TokenRatio> loadAll() {
        return new HashMap<>(ratios);
    }

    @Override
    public synchronized void save(String modelId, TokenRatio ratio) {
        ratios.put(modelId, ratio);
    }
}
