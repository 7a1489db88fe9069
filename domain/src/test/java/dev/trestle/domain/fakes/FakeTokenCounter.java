package dev.trestle.domain.fakes;

import dev.trestle.domain.model.ModelEntry;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.port.out.TokenCounterPort;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link TokenCounterPort} by arithmetic: one token per started 4 UTF-8 bytes; exact for OpenAI models only. Counts
 * the characters it was asked to count, so tests can see what was (re)counted.
 */
public final class FakeTokenCounter implements TokenCounterPort {
    private final AtomicLong countedChars = new AtomicLong();

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        countedChars.addAndGet(text.length());
        return (text.getBytes(StandardCharsets.UTF_8).length + 3) / 4;
    }

    @Override
    public boolean isExactFor(ModelEntry model) {
        return model.provider() == ProviderId.OPENAI;
    }

    /** Characters counted so far. */
    public long countedChars() {
        return countedChars.get();
    }
}
