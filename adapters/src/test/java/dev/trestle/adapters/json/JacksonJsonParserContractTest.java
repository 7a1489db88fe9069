package dev.trestle.adapters.json;

import dev.trestle.domain.contract.JsonParserPortContract;
import dev.trestle.domain.port.out.JsonParserPort;

/**
 * The {@link JsonParserPort} contract against the real parser. The domain's tests have no fake parser class (a
 * service test answers a given text with a given tree), so this is the port's only implementation.
 */
class JacksonJsonParserContractTest extends JsonParserPortContract {
    @Override
    protected JsonParserPort newParser() {
        return new JacksonJsonParser();
    }
}
