package dev.trestle.server.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The engine version, from the Maven-filtered {@code trestle-version.properties}. */
public final class Version {
    private static final String FALLBACK = "0.0.0-dev";

    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("/trestle-version.properties")) {
            if (in == null) {
                return FALLBACK;
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").trim();
            return v.isEmpty() || v.startsWith("${") ? FALLBACK : v;
        } catch (IOException e) {
            return FALLBACK;
        }
    }
}
