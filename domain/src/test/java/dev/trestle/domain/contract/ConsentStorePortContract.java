package dev.trestle.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ConsentRecord;
import dev.trestle.domain.port.out.ConsentStorePort;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ConsentStorePort} must do. Subclasses supply a port and may override {@link #prepareWorkbench}
 * when the store needs a Workbench to exist first.
 */
public abstract class ConsentStorePortContract {
    protected static final String W1 = "01JAAAAAAAAAAAAAAAAAAAAAA1";
    protected static final String W2 = "01JAAAAAAAAAAAAAAAAAAAAAA2";
    protected static final ConsentRecord OPENAI = new ConsentRecord("openai", "openai:gpt-5.2", "api.openai.com",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Instant.parse("2025-03-04T05:06:07.890Z"), true);
    protected static final ConsentRecord MISTRAL = new ConsentRecord("mistral", "mistral:mistral-large",
            "localhost:8443", "295e0dec3c6274295bdb6fba3d95ce338e69bc59f02bbbfe6cc88ddba56c8832",
            Instant.parse("2025-03-05T00:00:00.001Z"), true);

    protected ConsentStorePort port;

    protected abstract ConsentStorePort newPort();

    /** Creates whatever a Workbench needs to exist for this store; nothing by default. */
    protected void prepareWorkbench(String workbenchId) {
    }

    @BeforeEach
    void createPort() {
        port = newPort();
        prepareWorkbench(W1);
        prepareWorkbench(W2);
    }

    @Test
    void nothing_is_persisted_at_first() {
        assertThat(port.loadPersisted(W1)).isEmpty();
    }

    @Test
    void a_saved_record_loads_back_equal() {
        port.savePersisted(W1, OPENAI);
        assertThat(port.loadPersisted(W1)).contains(OPENAI);
    }

    @Test
    void saving_again_overwrites_the_slot() {
        port.savePersisted(W1, OPENAI);
        port.savePersisted(W1, MISTRAL);
        assertThat(port.loadPersisted(W1)).contains(MISTRAL);
    }

    @Test
    void clearing_empties_the_slot_and_may_be_repeated() {
        port.savePersisted(W1, OPENAI);
        port.clearPersisted(W1);
        assertThat(port.loadPersisted(W1)).isEmpty();
        port.clearPersisted(W1);
        assertThat(port.loadPersisted(W1)).isEmpty();
    }

    @Test
    void workbenches_have_separate_slots() {
        port.savePersisted(W1, OPENAI);
        port.savePersisted(W2, MISTRAL);
        port.clearPersisted(W1);
        assertThat(port.loadPersisted(W1)).isEmpty();
        assertThat(port.loadPersisted(W2)).contains(MISTRAL);
    }
}
