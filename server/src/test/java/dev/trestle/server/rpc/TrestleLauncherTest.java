package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.junit.jupiter.api.Test;

/** The launchers' method types, read from the {@link RpcMethod} table, are exactly what LSP4J derives by reflection. */
class TrestleLauncherTest {
    @Test
    void the_method_types_from_the_table_equal_what_lsp4j_reads_from_the_interfaces() {
        Map<String, JsonRpcMethod> reflected = new LinkedHashMap<>(
                ServiceEndpoints.getSupportedMethods(TrestleProtocol.class));
        reflected.putAll(ServiceEndpoints.getSupportedMethods(TrestleClient.class));
        Map<String, JsonRpcMethod> table = TrestleLauncher.methodTypes();
        assertThat(table.keySet()).containsExactlyInAnyOrderElementsOf(reflected.keySet());
        reflected.forEach((name, expected) -> {
            JsonRpcMethod actual = table.get(name);
            assertThat(actual.isNotification()).as(name).isEqualTo(expected.isNotification());
            assertThat(actual.getParameterTypes()).as(name).containsExactly(expected.getParameterTypes());
            if (!expected.isNotification()) {
                assertThat(actual.getReturnType()).as(name).isEqualTo(expected.getReturnType());
            }
        });
    }
}
