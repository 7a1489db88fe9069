package dev.trestle.cli.tour;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tour's sample files: a few small text files of different kinds and one opaque binary. */
final class SampleFiles {
    static final String NOTES = "notes.md";
    static final String BUDGET = "budget.csv";
    static final String TODO = "todo.txt";
    static final String LOGO = "logo.bin";

    private SampleFiles() {
    }

    /** Writes the samples into {@code dir}; returns their absolute paths in a stable order. */
    static List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> text = new LinkedHashMap<>();
        text.put(NOTES, "# Garden plan\n\nRaised beds along the south fence. Tomatoes, beans, basil.\n"
                + "Compost delivery in March; irrigation before May.\n");
        text.put(BUDGET, "item,cost_eur\nTimber,240\nSoil,130\nSeeds,35\nDrip irrigation,95\n");
        text.put(TODO, "- order timber\n- book compost delivery\n- measure the south fence\n");
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, String> e : text.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            out.add(p.toAbsolutePath());
        }
        byte[] blob = new byte[2048];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31 + 7);
        }
        Path logo = dir.resolve(LOGO);
        Files.write(logo, blob);
        out.add(logo.toAbsolutePath());
        return out;
    }
}
