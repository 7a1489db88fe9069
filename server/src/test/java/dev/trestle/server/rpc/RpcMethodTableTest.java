package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.junit.jupiter.api.Test;

/**
 * {@link RpcMethod} is the one method table: LSP4J serves exactly its methods with its types, and the golden lists
 * ({@code protocol-methods.txt}, which the VS Code extension's {@code protocol.ts} is checked against) are generated
 * from it. Regenerate them after changing the table ({@code docs/architecture.md} "Adding a method"):
 * {@code mvn -pl server -am test -Dtest=RpcMethodTableTest -Dtrestle.writeGolden=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RpcMethodTableTest {
    private static final List<Path> GOLDEN = List.of(
            Path.of("src", "test", "resources", "protocol-methods.txt"),
            Path.of("..", "vscode-extension", "test", "fixtures", "protocol-methods.txt"));

    private static TreeSet<String> servedByLsp4j() {
        TreeSet<String> all = new TreeSet<>(ServiceEndpoints.getSupportedMethods(TrestleProtocol.class).keySet());
        all.addAll(ServiceEndpoints.getSupportedMethods(TrestleClient.class).keySet());
        return all;
    }

    @Test
    void lsp4j_serves_exactly_the_methods_of_the_table() {
        assertThat(servedByLsp4j()).containsExactlyElementsOf(RpcMethod.goldenList());
    }

    @Test
    void every_request_returns_the_tables_result_type() {
        for (Method m : TrestleProtocol.class.getMethods()) {
            JsonRequest request = m.getAnnotation(JsonRequest.class);
            if (request == null) {
                continue;
            }
            RpcMethod row = RpcMethod.byName(request.value()).orElseThrow();
            Type future = m.getGenericReturnType();
            assertThat(future).as(row.wireName()).isInstanceOf(ParameterizedType.class);
            assertThat(((ParameterizedType) future).getActualTypeArguments()[0]).as(row.wireName())
                    .isEqualTo(row.type());
            assertThat(row.kind()).as(row.wireName()).isNotEqualTo(RpcMethod.Kind.NOTIFICATION);
            assertThat(row.phase()).as(row.wireName()).isNotNull();
        }
    }

    @Test
    void every_notification_the_engine_sends_carries_the_tables_params_type() {
        for (Method m : TrestleClient.class.getMethods()) {
            JsonNotification notification = m.getAnnotation(JsonNotification.class);
            RpcMethod row = RpcMethod.byName(notification.value()).orElseThrow();
            assertThat(row.kind()).isEqualTo(RpcMethod.Kind.NOTIFICATION);
            assertThat(m.getParameterTypes()).as(row.wireName()).containsExactly(row.type());
        }
    }

    @Test
    void ordered_requests_are_the_ones_that_change_one_workbench() {
        List<String> ordered = Arrays.stream(RpcMethod.values()).filter(RpcMethod::ordered)
                .map(RpcMethod::wireName).toList();
        assertThat(ordered).contains("WorkbenchFilesAdd", "DraftPublish", "CheckpointsRestore", "CheckpointRestore",
                "WorkshopStreamAssistantReply", "EgressGrantWorkshopConsent")
                .doesNotContain("WorkbenchCreate", "WorkshopCancelRun", "WorkbenchGetClutter");
    }

    @Test
    void the_golden_lists_are_generated_from_the_table() throws IOException {
        String expected = String.join("\n", RpcMethod.goldenList()) + "\n";
        for (Path file : GOLDEN) {
            if (Boolean.getBoolean("trestle.writeGolden")) {
                Files.writeString(file, expected, StandardCharsets.UTF_8);
            }
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(file + " (regenerate: see class doc)")
                    .isEqualTo(expected);
        }
    }

    @Test
    void the_protocol_document_names_every_method() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "protocol.md"));
        for (String method : RpcMethod.goldenList()) {
            assertThat(text).as(method).contains("`" + method + "`");
        }
    }
}
