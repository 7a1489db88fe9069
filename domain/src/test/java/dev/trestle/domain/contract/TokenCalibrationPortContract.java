package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.TokenRatio;
import dev.trestle.domain.port.out.TokenCalibrationPort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TokenCalibrationPort} must do; subclasses supply a port over empty storage. */
public abstract class TokenCalibrationPortContract {
    protected TokenCalibrationPort port;

    protected abstract TokenCalibrationPort newPort();

    /** A second port over the same storage (a restart); the in-memory fake returns the same instance. */
    protected abstract TokenCalibrationPort reopen();

    @BeforeEach
    void createPort() {
        port = newPort();
    }

    @Test
    void empty_storage_knows_no_model() {
        assertThat(port.loadAll()).isEmpty();
    }

    @Test
    void a_saved_ratio_is_read_back_per_model_and_survives_a_reopen() {
        port.save("anthropic:claude-sonnet-4-6", new TokenRatio(1.234567, 3));
        port.save("google:gemini-3-pro", new TokenRatio(1.1, 1));
        assertThat(reopen().loadAll())
                .containsEntry("anthropic:claude-sonnet-4-6", new TokenRatio(1.234567, 3))
                .containsEntry("google:gemini-3-pro", new TokenRatio(1.1, 1))
                .hasSize(2);
    }

    @Test
    void saving_a_model_again_replaces_only_that_model() {
        port.save("mistral:mistral-large", new TokenRatio(1.3, 1));
        port.save("google:gemini-3-pro", new TokenRatio(1.2, 1));
        port.save("mistral:mistral-large", new TokenRatio(1.25, 2));
        assertThat(port.loadAll()).containsEntry("mistral:mistral-large", new TokenRatio(1.25, 2))
                .containsEntry("google:gemini-3-pro", new TokenRatio(1.2, 1)).hasSize(2);
    }

    @Test
    void the_returned_map_is_a_copy() {
        port.save("google:gemini-3-pro", new TokenRatio(1.2, 1));
        try {
            port.loadAll().clear();
        } catch (UnsupportedOperationException readOnly) {
            // also fine
        }
        assertThat(port.loadAll()).hasSize(1);
    }
}
