package dev.trestle.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
import org.junit.jupiter.api.Test;

/** {@code protocol-methods.txt} is the one list of methods; the interfaces and {@code docs/protocol.md} match it. */
class GoldenMethodListTest {
    private static List<String> golden() throws IOException {
        try (InputStream in = GoldenMethodListTest.class.getResourceAsStream("/protocol-methods.txt")) {
            assertThat(in).as("protocol-methods.txt on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
        }
    }

    private static TreeSet<String> served() {
        TreeSet<String> all = new TreeSet<>(ServiceEndpoints.getSupportedMethods(TrestleProtocol.class).keySet());
        all.addAll(ServiceEndpoints.getSupportedMethods(TrestleClient.class).keySet());
        return all;
    }

    @Test
    void the_golden_list_is_sorted_and_equals_the_methods_of_both_interfaces() throws IOException {
        List<String> golden = golden();
        assertThat(golden).isSorted().doesNotHaveDuplicates();
        assertThat(golden).containsExactlyElementsOf(served());
    }

    @Test
    void the_protocol_serves_every_request_of_the_spec_including_the_singular_checkpoint_aliases() {
        assertThat(ServiceEndpoints.getSupportedMethods(TrestleProtocol.class)).containsKeys("ProvidersValidate",
                "EgressGrantWorkshopConsent", "EgressRevokeWorkshopConsent", "WorkshopStreamAssistantReply",
                "WorkshopProposeChanges", "CheckpointsRestore", "CheckpointRestore", "CheckpointGet",
                "CheckpointCreate", "initialize", "initialized", "shutdown", "exit");
        assertThat(ServiceEndpoints.getSupportedMethods(TrestleClient.class)).hasSize(12);
    }

    @Test
    void the_protocol_document_names_every_method() throws IOException {
        Path doc = Path.of("..", "docs", "protocol.md");
        assertThat(doc).exists();
        String text = Files.readString(doc);
        for (String method : golden()) {
            assertThat(text).as(method).contains("`" + method + "`");
        }
    }
}
