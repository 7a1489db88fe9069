package dev.trestle.domain.port.out;

import java.util.Optional;

/**
 * Parses JSON for the domain (which has no JSON library): the first JSON object in a text, code fences and prose
 * around it allowed. Objects become {@code Map<String,Object>} (insertion-ordered), arrays {@code List<Object>},
 * numbers {@code Number}, plus {@code String}, {@code Boolean} and {@code null}.
 */
public interface JsonParserPort {
    Optional<Object> firstObject(String text);
}
