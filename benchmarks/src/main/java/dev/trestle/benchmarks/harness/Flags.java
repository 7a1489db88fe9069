package dev.trestle.benchmarks.harness;

import java.util.HashMap;
import java.util.Map;

/** Command-line flags of the harness benches: {@code --name value} pairs; a trailing name without a value is ignored. */
final class Flags {
    private Flags() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            flags.put(args[i], args[i + 1]);
        }
        return flags;
    }
}
