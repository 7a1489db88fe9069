package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Limits;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.port.out.SettingsPort;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SettingsPort} must do; subclasses supply a fresh, empty port. */
public abstract class SettingsPortContract {
    /** Millisecond precision: what the file format keeps. */
    protected static final Instant VALIDATED_AT = Instant.parse("2025-02-03T04:05:06.789Z");

    protected SettingsPort port;

    /** A port over empty storage (no settings written yet). */
    protected abstract SettingsPort newPort();

    @BeforeEach
    void createPort() {
        port = newPort();
    }

    @Test
    void fresh_settings_enable_all_four_providers_with_default_limits_and_no_default_model() {
        Settings s = port.read();
        assertThat(s.userDefaultModelId()).isNull();
        assertThat(s.limits()).isEqualTo(Limits.DEFAULT);
        assertThat(s.providers()).hasSize(4);
        for (ProviderId p : ProviderId.values()) {
            assertThat(s.provider(p)).isEqualTo(Settings.ProviderSettings.DEFAULT);
        }
    }

    @Test
    void update_returns_the_new_settings_and_later_reads_see_them() {
        Settings returned = port.update(s -> s.withUserDefault("anthropic:claude-sonnet-4-6"));
        assertThat(returned.userDefaultModelId()).isEqualTo("anthropic:claude-sonnet-4-6");
        assertThat(port.read()).isEqualTo(returned);
    }

    @Test
    void provider_enablement_validation_time_and_last_error_round_trip() {
        ErrorInfo error = ErrorInfo.of(ErrorCode.PROVIDER_AUTH_FAILED, Phase.SETTINGS).withSubphase("validate_key")
                .withProvider("google");
        port.update(s -> s.withProvider(ProviderId.GOOGLE,
                s.provider(ProviderId.GOOGLE).withEnabled(false).withValidation(VALIDATED_AT, error)));

        Settings.ProviderSettings google = port.read().provider(ProviderId.GOOGLE);
        assertThat(google.enabled()).isFalse();
        assertThat(google.lastValidatedAt()).isEqualTo(VALIDATED_AT);
        assertThat(google.lastError()).isEqualTo(error);
        assertThat(port.read().provider(ProviderId.OPENAI)).isEqualTo(Settings.ProviderSettings.DEFAULT);
    }

    @Test
    void clearing_validation_state_removes_time_and_error() {
        ErrorInfo error = ErrorInfo.of(ErrorCode.NETWORK_UNAVAILABLE, Phase.SETTINGS);
        port.update(s -> s.withProvider(ProviderId.MISTRAL,
                s.provider(ProviderId.MISTRAL).withValidation(VALIDATED_AT, error)));
        port.update(s -> s.withProvider(ProviderId.MISTRAL, s.provider(ProviderId.MISTRAL).withValidation(null, null)));

        Settings.ProviderSettings mistral = port.read().provider(ProviderId.MISTRAL);
        assertThat(mistral.lastValidatedAt()).isNull();
        assertThat(mistral.lastError()).isNull();
    }

    @Test
    void limits_round_trip() {
        port.update(s -> new Settings(s.userDefaultModelId(), new Limits(12, 3456L), s.providers()));
        assertThat(port.read().limits()).isEqualTo(new Limits(12, 3456L));
    }

    @Test
    void an_update_cannot_set_a_custom_endpoint() {
        port.update(s -> s.withProvider(ProviderId.OPENAI, new Settings.ProviderSettings(true, null, null,
                new Settings.CustomEndpoint("https://evil.example/", null))));
        assertThat(port.read().provider(ProviderId.OPENAI).endpoint()).isNull();
    }

    @Test
    void successive_updates_compose() {
        port.update(s -> s.withUserDefault("mistral:mistral-large"));
        port.update(s -> s.withProvider(ProviderId.ANTHROPIC, s.provider(ProviderId.ANTHROPIC).withEnabled(false)));
        Settings s = port.read();
        assertThat(s.userDefaultModelId()).isEqualTo("mistral:mistral-large");
        assertThat(s.provider(ProviderId.ANTHROPIC).enabled()).isFalse();
    }
}
