package dev.trestle.domain.contract;

import dev.trestle.domain.fakes.InMemoryConversation;
import dev.trestle.domain.port.out.ConversationPort;

/** The {@link ConversationPort} contract against the in-memory fake. */
class InMemoryConversationContractTest extends ConversationPortContract {
    @Override
    protected ConversationPort newPort() {
        return new InMemoryConversation();
    }
}
