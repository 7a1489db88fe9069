package dev.trestle.domain.port.out;

import java.util.Map;

/**
 * {@code engine.log}: lifecycle, ids, durations, codes. Callers never pass secrets, prompt text, model output or file
 * contents; the adapter also redacts values under secret-looking keys.
 */
public interface EngineLogPort {
    void info(String event, Map<String, ?> fields);

    void warn(String event, Map<String, ?> fields);

    void debug(String event, Map<String, ?> fields);
}
