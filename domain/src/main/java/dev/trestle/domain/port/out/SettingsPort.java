package dev.trestle.domain.port.out;

import dev.trestle.domain.model.Settings;
import java.util.function.UnaryOperator;

/** {@code settings.json}. Writes are atomic and keep unknown fields; {@code endpoint} is never written. */
public interface SettingsPort {
    Settings read();

    /** Applies {@code change} to the current settings and writes the result; returns it. */
    Settings update(UnaryOperator<Settings> change);
}
