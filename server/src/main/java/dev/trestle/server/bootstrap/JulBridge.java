package dev.trestle.server.bootstrap;

import dev.trestle.domain.port.out.EngineLogPort;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * LSP4J reports through {@code java.util.logging}, which prints to stderr by default; stderr is reserved for startup
 * failures ({@code errors.md} §6). This bridge sends those records to {@code engine.log} instead: the logger, the
 * level and the exception class only, never the message (it can quote protocol payloads).
 */
final class JulBridge extends Handler {
    private final EngineLogPort log;

    private JulBridge(EngineLogPort log) {
        this.log = log;
    }

    /** Replaces every root handler with the bridge. */
    static void install(EngineLogPort log) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(new JulBridge(log));
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("logger", String.valueOf(record.getLoggerName()));
        fields.put("jul_level", record.getLevel().getName());
        if (record.getThrown() != null) {
            fields.put("exception", record.getThrown().getClass().getName());
        }
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            log.warn("library_log", fields);
        } else {
            log.debug("library_log", fields);
        }
    }

    @Override
    public void flush() {
        // the engine log writes through
    }

    @Override
    public void close() {
        // nothing held
    }
}
