package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.SecretsPort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SecretsPort} must do; subclasses supply a fresh, empty store. */
public abstract class SecretsPortContract {
    protected SecretsPort port;

    protected abstract SecretsPort newPort();

    @BeforeEach
    void createPort() {
        port = newPort();
    }

    @Test
    void a_fresh_store_is_readable_and_holds_no_key() {
        assertThat(port.readable()).isTrue();
        for (ProviderId p : ProviderId.values()) {
            assertThat(port.apiKey(p)).isEmpty();
        }
    }

    @Test
    void a_stored_key_is_returned_for_its_provider_only() {
        port.setApiKey(ProviderId.OPENAI, "sk-test-1234");
        assertThat(port.apiKey(ProviderId.OPENAI)).contains("sk-test-1234");
        assertThat(port.apiKey(ProviderId.ANTHROPIC)).isEmpty();
    }

    @Test
    void setting_a_key_again_replaces_it() {
        port.setApiKey(ProviderId.GOOGLE, "first");
        port.setApiKey(ProviderId.GOOGLE, "second");
        assertThat(port.apiKey(ProviderId.GOOGLE)).contains("second");
    }

    @Test
    void clearing_a_key_leaves_the_others() {
        port.setApiKey(ProviderId.OPENAI, "o-key");
        port.setApiKey(ProviderId.MISTRAL, "m-key");
        port.clearApiKey(ProviderId.OPENAI);
        assertThat(port.apiKey(ProviderId.OPENAI)).isEmpty();
        assertThat(port.apiKey(ProviderId.MISTRAL)).contains("m-key");
    }

    @Test
    void clearing_an_absent_key_is_harmless() {
        port.clearApiKey(ProviderId.ANTHROPIC);
        assertThat(port.apiKey(ProviderId.ANTHROPIC)).isEmpty();
        assertThat(port.readable()).isTrue();
    }

    @Test
    void keys_keep_every_character() {
        String odd = "k\u00e9y-\"quoted\"\\back/slash-\u2603";
        port.setApiKey(ProviderId.ANTHROPIC, odd);
        assertThat(port.apiKey(ProviderId.ANTHROPIC)).contains(odd);
    }
}
