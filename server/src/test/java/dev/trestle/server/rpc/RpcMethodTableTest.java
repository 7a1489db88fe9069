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
 * ({@code protocol-methods.txt}) and the VS Code extension's method list ({@code vscode-extension/src/generated/
 * methods.ts}, which its {@code protocol.ts} is typed by) are generated from it; each test fails while its file is
 * stale. Regenerate them after changing the table ({@code docs/architecture.md} "Adding a method"):
 * {@code mvn -pl server -am test -Dtest=RpcMethodTableTest -Dtrestle.writeGolden=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RpcMethodTableTest {
    private static final List<Path> GOLDEN = List.of(
            Path.of("src", "test", "resources", "protocol-methods.txt"),
            Path.of("..", "vscode-extension", "test", "fixtures", "protocol-methods.txt"));
    private static final Path EXTENSION_METHODS = Path.of("..", "vscode-extension", "src", "generated", "methods.ts");

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
            writeIfAsked(file, expected);
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as(file + " (regenerate: see class doc)")
                    .isEqualTo(expected);
        }
    }

    @Test
    void the_extensions_method_list_is_generated_from_the_table() throws IOException {
        String expected = typeScriptMethods();
        writeIfAsked(EXTENSION_METHODS, expected);
        assertThat(Files.readString(EXTENSION_METHODS, StandardCharsets.UTF_8))
                .as(EXTENSION_METHODS + " is stale (regenerate: see class doc)").isEqualTo(expected);
    }

    @Test
    void the_generated_list_names_every_request_and_notification_once() {
        String ts = typeScriptMethods();
        for (RpcMethod m : RpcMethod.values()) {
            int count = ts.split("'" + m.wireName() + "'", -1).length - 1;
            assertThat(count).as(m.wireName()).isEqualTo(m.kind() == RpcMethod.Kind.LIFECYCLE ? 0 : 1);
        }
    }

    private static void writeIfAsked(Path file, String content) throws IOException {
        if (Boolean.getBoolean("trestle.writeGolden")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code vscode-extension/src/generated/methods.ts}: the requests and notifications of the table in table order
     * (LSP lifecycle left out, the extension's client library serves it). The extension's {@code protocol.ts} types its
     * constants with these names, so a method the table lacks does not compile and one it forgets fails its test.
     */
    static String typeScriptMethods() {
        StringBuilder ts = new StringBuilder()
                .append("// Generated from server/src/main/java/dev/trestle/server/rpc/RpcMethod.java")
                .append(" by RpcMethodTableTest.\n")
                .append("// Do not edit. Regenerate: mvn -pl server -am test -Dtest=RpcMethodTableTest")
                .append(" -Dtrestle.writeGolden=true -Dsurefire.failIfNoSpecifiedTests=false\n\n");
        section(ts, "Every request the engine serves (the LSP lifecycle aside), in the order of the method table.",
                "REQUEST_METHODS",
                m -> m.kind() != RpcMethod.Kind.LIFECYCLE && m.kind() != RpcMethod.Kind.NOTIFICATION);
        section(ts, "Every notification the engine sends.", "NOTIFICATION_METHODS",
                m -> m.kind() == RpcMethod.Kind.NOTIFICATION);
        ts.append("export type RequestMethod = (typeof REQUEST_METHODS)[number];\n")
                .append("export type NotificationMethod = (typeof NOTIFICATION_METHODS)[number];\n");
        return ts.toString();
    }

    private static void section(StringBuilder ts, String doc, String name,
                                java.util.function.Predicate<RpcMethod> which) {
        ts.append("/** ").append(doc).append(" */\n").append("export const ").append(name).append(" = [\n");
        Arrays.stream(RpcMethod.values()).filter(which)
                .forEach(m -> ts.append("  '").append(m.wireName()).append("',\n"));
        ts.append("] as const;\n\n");
    }

    @Test
    void the_protocol_document_names_every_method() throws IOException {
        String text = Files.readString(Path.of("..", "docs", "protocol.md"));
        for (String method : RpcMethod.goldenList()) {
            assertThat(text).as(method).contains("`" + method + "`");
        }
    }
}
