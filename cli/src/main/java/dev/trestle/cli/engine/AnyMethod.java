package dev.trestle.cli.engine;

import com.google.gson.JsonElement;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;

/**
 * LSP4J's method table for a generic client: every method name takes and returns a plain Gson tree. LSP4J parses
 * a result or params only for methods it knows, so without this every result would arrive as {@code null}.
 */
final class AnyMethod extends AbstractMap<String, JsonRpcMethod> {
    @Override
    public JsonRpcMethod get(Object method) {
        return method instanceof String name ? JsonRpcMethod.request(name, JsonElement.class, JsonElement.class) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String;
    }

    @Override
    public Set<Map.Entry<String, JsonRpcMethod>> entrySet() {
        return Set.of();
    }
}
