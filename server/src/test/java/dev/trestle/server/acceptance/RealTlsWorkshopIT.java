package dev.trestle.server.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.trestle.server.rpc.Frames;
import dev.trestle.simulator.ProviderSimulator.RecordedRequest;
import dev.trestle.simulator.ProviderSimulator.Vendor;
import dev.trestle.simulator.ProviderSimulator;
import dev.trestle.simulator.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server jar as a process, speaking framed JSON-RPC over its stdio, against the HTTPS provider simulator on
 * loopback (a custom endpoint with a test CA, {@code --allow-custom-endpoints}): the whole Workshop path through the
 * real transport and TLS stack, plus a 401 and a 429 with {@code Retry-After: 0}.
 */
class RealTlsWorkshopIT {
    private static final long TIMEOUT_S = 60;
    private static final String KEY = "sk-real-tls-it-4c1d";
    private static final String PROPOSAL = "{\"summary\":\"Refresh notes\",\"no_changes\":false,"
            + "\"writes\":[{\"path\":\"notes.txt\",\"content\":\"refreshed over TLS\\n\"}],\"warnings\":[]}";

    @TempDir
    Path tmp;

    @Test
    void a_workshop_session_runs_end_to_end_through_the_real_server_process_and_real_tls() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "original notes\n");
        try (ProviderSimulator sim = new ProviderSimulator(tmp.resolve("sim-ca.pem")).start()) {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("settings.json"),
                    "{\"schema_version\":1,\"providers\":" + sim.endpointSettingsJson() + "}");
            sim.expectKey(Vendor.OPENAI, KEY);
            try (StdioClient c = StdioClient.start(dataDir)) {
                assertThat(c.result("EngineGetInfo", new JsonObject()).get("api_version").getAsString())
                        .isEqualTo("1");
                String host = "localhost:" + sim.port();
                JsonObject openai = c.result("ProvidersGetStatus", new JsonObject()).getAsJsonArray("providers")
                        .get(0).getAsJsonObject();
                assertThat(openai.get("endpoint_host").getAsString()).isEqualTo(host);

                c.result("ProvidersSetApiKey", obj("provider_id", "openai", "api_key", KEY));
                assertThat(c.result("ProvidersValidate", obj("provider_id", "openai")).get("ok").getAsBoolean())
                        .isTrue();
                RecordedRequest validation = sim.requests().get(sim.requests().size() - 1);
                assertThat(validation.path()).isEqualTo("/openai/v1/models");
                assertThat(validation.header("authorization")).isEqualTo("Bearer " + KEY);

                String wb = c.result("WorkbenchCreate", obj("name", "TLS")).get("workbench_id").getAsString();
                JsonObject add = obj("workbench_id", wb);
                JsonArray paths = new JsonArray();
                paths.add(notes.toString());
                add.add("source_paths", paths);
                assertThat(c.result("WorkbenchFilesAdd", add).getAsJsonArray("add_results").get(0).getAsJsonObject()
                        .get("status").getAsString()).isEqualTo("added");

                JsonObject consent = c.result("EgressGetConsentStatus", obj("workbench_id", wb));
                assertThat(consent.get("endpoint_host").getAsString()).isEqualTo(host);
                JsonObject grant = obj("workbench_id", wb, "provider_id", "openai", "model_id", "openai:gpt-5.2",
                        "scope_hash", consent.get("scope_hash").getAsString());
                grant.addProperty("persist", true);
                c.result("EgressGrantWorkshopConsent", grant);

                String u1 = c.result("WorkshopSendUserMessage", obj("workbench_id", wb, "text", "Hello over TLS"))
                        .get("message_id").getAsString();
                sim.script(Vendor.OPENAI, Reply.text("Secure ", "hello ", "back."));
                c.clearNotifications();
                JsonObject reply = c.result("WorkshopStreamAssistantReply",
                        obj("workbench_id", wb, "message_id", u1));
                assertThat(reply.get("model_id").getAsString()).isEqualTo("openai:gpt-5.2");
                List<String> deltas = c.notificationsOf("WorkshopAssistantStreamDelta").stream()
                        .map(n -> n.get("token_delta").getAsString()).toList();
                assertThat(String.join("", deltas)).isEqualTo("Secure hello back.");
                assertThat(c.notificationNames()).contains("WorkshopAssistantMessageComplete");
                RecordedRequest chat = sim.requests().get(sim.requests().size() - 1);
                assertThat(chat.method()).isEqualTo("POST");
                assertThat(chat.path()).isEqualTo("/openai/v1/responses");
                assertThat(chat.body()).contains("Hello over TLS").contains("original notes");

                sim.script(Vendor.OPENAI, Reply.proposal(PROPOSAL));
                String proposalId = c.result("WorkshopProposeChanges", obj("workbench_id", wb))
                        .get("proposal_id").getAsString();
                assertThat(c.result("WorkshopApplyProposal", obj("workbench_id", wb, "proposal_id", proposalId))
                        .get("draft_id").getAsString()).isNotBlank();
                String publishCheckpoint = c.result("DraftPublish", obj("workbench_id", wb))
                        .get("checkpoint_id").getAsString();
                Path published = dataDir.resolve("workbenches").resolve(wb).resolve("published/notes.txt");
                assertThat(Files.readString(published)).isEqualTo("refreshed over TLS\n");

                assertThat(c.result("CheckpointsRestore", obj("workbench_id", wb, "checkpoint_id",
                        publishCheckpoint)).get("pre_restore_checkpoint_id").getAsString()).isNotBlank();
                assertThat(Files.readString(published)).isEqualTo("original notes\n");
                // the restored scope is the one consent was persisted for
                assertThat(c.result("EgressGetConsentStatus", obj("workbench_id", wb)).get("consented")
                        .getAsBoolean()).isTrue();

                // 401 through the real stack
                sim.script(Vendor.OPENAI, Reply.status(401));
                JsonObject auth = c.error("WorkshopStreamAssistantReply", obj("workbench_id", wb, "message_id", u1));
                assertThat(auth.get("error_code").getAsString()).isEqualTo("PROVIDER_AUTH_FAILED");
                assertThat(auth.get("provider_id").getAsString()).isEqualTo("openai");
                assertThat(auth.toString()).doesNotContain(KEY);

                // 429 with Retry-After: 0, then success: one automatic retry
                int before = sim.requests().size();
                sim.script(Vendor.OPENAI, Reply.status(429).header("Retry-After", "0"), Reply.text("After ", "wait."));
                assertThat(c.result("WorkshopStreamAssistantReply", obj("workbench_id", wb, "message_id", u1))
                        .get("message_id").getAsString()).startsWith("a-");
                assertThat(sim.requests().subList(before, sim.requests().size()))
                        .extracting(RecordedRequest::path)
                        .containsExactly("/openai/v1/responses", "/openai/v1/responses");

                // a body that ends cleanly before response.completed (a gateway closing early) is not a reply
                int conversationBefore = c.result("WorkshopGetConversation", obj("workbench_id", wb))
                        .getAsJsonArray("messages").size();
                before = sim.requests().size();
                sim.script(Vendor.OPENAI, Reply.text("Cut ", "short").withoutEnd());
                JsonObject cut = c.error("WorkshopStreamAssistantReply", obj("workbench_id", wb, "message_id", u1));
                assertThat(cut.get("error_code").getAsString()).isEqualTo("NETWORK_UNAVAILABLE");
                assertThat(sim.requests().size() - before).as("no retry after text reached the user").isEqualTo(1);
                JsonArray messages = c.result("WorkshopGetConversation", obj("workbench_id", wb))
                        .getAsJsonArray("messages");
                assertThat(messages.toString()).doesNotContain("Cut short");
                for (JsonElement m : messages) {
                    assertThat(m.getAsJsonObject().toString()).doesNotContain("\"Cut ");
                }
                assertThat(messages.size()).as("at most the failure event was added")
                        .isLessThanOrEqualTo(conversationBefore + 1);

                // egress receipts: one per chat request that left, with the hash of exactly the bytes the
                // simulator received and exactly the files whose content was in the body
                JsonArray events = c.result("EgressListEvents", obj("workbench_id", wb)).getAsJsonArray("events");
                List<JsonObject> receipts = new ArrayList<>();
                for (JsonElement e : events) {
                    if (e.getAsJsonObject().get("kind").getAsString().equals("request_sent")) {
                        receipts.add(e.getAsJsonObject().getAsJsonObject("receipt"));
                    }
                }
                List<RecordedRequest> chats = sim.requests().stream()
                        .filter(r -> r.method().equals("POST")).toList();
                assertThat(receipts).hasSize(chats.size());
                for (int i = 0; i < chats.size(); i++) {
                    JsonObject r = receipts.get(i);
                    byte[] received = chats.get(i).body().getBytes(StandardCharsets.UTF_8);
                    assertThat(r.get("body_sha256").getAsString()).isEqualTo(java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(received)));
                    assertThat(r.get("body_bytes").getAsLong()).isEqualTo(received.length);
                    List<String> sentFiles = new ArrayList<>();
                    r.getAsJsonArray("files").forEach(f -> sentFiles.add(f.getAsJsonObject().get("name")
                            .getAsString()));
                    assertThat(sentFiles).containsExactly("notes.txt");
                    assertThat(chats.get(i).body()).contains("=== File: notes.txt ===");
                    assertThat(r.toString()).doesNotContain(KEY).doesNotContain("original notes")
                            .doesNotContain("refreshed over TLS");
                }

                assertThat(sim.requests()).allMatch(r -> r.vendor() == Vendor.OPENAI);
                c.shutdown();
            }
        }
        try (var files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(KEY);
            }
        }
    }

    @Test
    void per_file_review_rejects_one_change_and_publish_publishes_only_the_rest() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path notes = Files.writeString(tmp.resolve("notes.txt"), "original notes\n");
        String twoWrites = "{\"summary\":\"Two changes\",\"no_changes\":false,\"writes\":["
                + "{\"path\":\"notes.txt\",\"content\":\"rewritten notes\\n\"},"
                + "{\"path\":\"summary.md\",\"content\":\"# Summary\\n\"}],\"warnings\":[]}";
        try (ProviderSimulator sim = new ProviderSimulator(tmp.resolve("sim-ca.pem")).start()) {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("settings.json"),
                    "{\"schema_version\":1,\"providers\":" + sim.endpointSettingsJson() + "}");
            sim.expectKey(Vendor.OPENAI, KEY);
            try (StdioClient c = StdioClient.start(dataDir)) {
                c.result("ProvidersSetApiKey", obj("provider_id", "openai", "api_key", KEY));
                String wb = c.result("WorkbenchCreate", obj("name", "Review")).get("workbench_id").getAsString();
                JsonObject add = obj("workbench_id", wb);
                JsonArray paths = new JsonArray();
                paths.add(notes.toString());
                add.add("source_paths", paths);
                c.result("WorkbenchFilesAdd", add);
                JsonObject consent = c.result("EgressGetConsentStatus", obj("workbench_id", wb));
                JsonObject grant = obj("workbench_id", wb, "provider_id", "openai", "model_id", "openai:gpt-5.2",
                        "scope_hash", consent.get("scope_hash").getAsString());
                grant.addProperty("persist", false);
                c.result("EgressGrantWorkshopConsent", grant);

                // no Draft yet
                JsonObject noDraft = c.error("DraftRevertFile", obj("workbench_id", wb, "path", "notes.txt"));
                assertThat(noDraft.get("error_code").getAsString()).isEqualTo("VALIDATION_FAILED");
                assertThat(noDraft.get("detail").getAsString()).startsWith("no_draft");
                assertThat(noDraft.get("phase").getAsString()).isEqualTo("review");

                sim.script(Vendor.OPENAI, Reply.proposal(twoWrites));
                String proposalId = c.result("WorkshopProposeChanges", obj("workbench_id", wb))
                        .get("proposal_id").getAsString();
                c.result("WorkshopApplyProposal", obj("workbench_id", wb, "proposal_id", proposalId));
                Path wbDir = dataDir.resolve("workbenches").resolve(wb);
                String draftJson = Files.readString(wbDir.resolve("meta/draft.json"));

                // a path the Draft does not change: structured error, nothing touched
                JsonObject unknown = c.error("DraftRevertFile", obj("workbench_id", wb, "path", "other.txt"));
                assertThat(unknown.get("detail").getAsString()).startsWith("unknown_path");
                assertThat(unknown.get("workbench_id").getAsString()).isEqualTo(wb);
                JsonObject missing = c.error("DraftRevertFile", obj("workbench_id", wb));
                assertThat(missing.get("detail").getAsString()).isEqualTo("invalid_params: path");
                assertThat(Files.readString(wbDir.resolve("meta/draft.json"))).isEqualTo(draftJson);

                c.clearNotifications();
                JsonObject left = c.result("DraftRevertFile", obj("workbench_id", wb, "path", "notes.txt"));
                assertThat(left.getAsJsonArray("changes").toString())
                        .isEqualTo("[{\"path\":\"summary.md\",\"change_type\":\"added\"}]");
                assertThat(c.notificationNames()).containsExactly("DraftStateChanged");
                assertThat(Files.readString(wbDir.resolve("draft/notes.txt"))).isEqualTo("original notes\n");
                assertThat(c.result("ReviewGetChangeSet", obj("workbench_id", wb)).getAsJsonArray("changes"))
                        .isEqualTo(left.getAsJsonArray("changes"));

                c.result("DraftPublish", obj("workbench_id", wb));
                assertThat(Files.readString(wbDir.resolve("published/notes.txt"))).isEqualTo("original notes\n");
                assertThat(Files.readString(wbDir.resolve("published/summary.md"))).isEqualTo("# Summary\n");
                c.shutdown();
            }
        }
    }

    private static JsonObject obj(String... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.addProperty(kv[i], kv[i + 1]);
        }
        return o;
    }

    /** A minimal framed JSON-RPC client over a server process's stdio. */
    private static final class StdioClient implements AutoCloseable {
        private final Process process;
        private final OutputStream toServer;
        private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        private final List<JsonObject> notifications = new ArrayList<>();
        private final Thread reader;
        private final Thread stderrDrain;
        private int nextId;

        private StdioClient(Process process) {
            this.process = process;
            this.toServer = process.getOutputStream();
            this.reader = new Thread(this::readFrames, "it-stdio-reader");
            this.reader.setDaemon(true);
            this.reader.start();
            this.stderrDrain = new Thread(() -> {
                try (InputStream err = process.getErrorStream()) {
                    err.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // process ended
                }
            }, "it-stderr-drain");
            this.stderrDrain.setDaemon(true);
            this.stderrDrain.start();
        }

        static StdioClient start(Path dataDir) throws IOException {
            String jar = System.getProperty("trestle.server.jar");
            assertThat(jar).as("trestle.server.jar system property").isNotNull();
            assertThat(Path.of(jar)).exists();
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar, "--data-dir", dataDir.toString(), "--allow-custom-endpoints", "--stdio").start();
            return new StdioClient(p);
        }

        JsonObject result(String method, JsonObject params) throws Exception {
            JsonObject frame = call(method, params);
            assertThat(frame.has("result")).as(method + " -> " + frame).isTrue();
            JsonElement r = frame.get("result");
            return r.isJsonObject() ? r.getAsJsonObject() : new JsonObject();
        }

        JsonObject error(String method, JsonObject params) throws Exception {
            JsonObject frame = call(method, params);
            assertThat(frame.has("error")).as(method + " -> " + frame).isTrue();
            JsonObject e = frame.getAsJsonObject("error");
            assertThat(e.get("code").getAsInt()).isEqualTo(-32000);
            return e.getAsJsonObject("data");
        }

        synchronized JsonObject call(String method, JsonObject params) throws Exception {
            int id = ++nextId;
            JsonObject req = new JsonObject();
            req.addProperty("jsonrpc", "2.0");
            req.addProperty("id", id);
            req.addProperty("method", method);
            req.add("params", params);
            write(req);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            while (true) {
                JsonObject f = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertThat(f).as("response to " + method).isNotNull();
                if (f.has("method") && !f.has("id")) {
                    synchronized (notifications) {
                        notifications.add(f);
                    }
                } else if (f.has("id") && f.get("id").getAsInt() == id) {
                    return f;
                }
            }
        }

        List<JsonObject> notificationsOf(String method) {
            synchronized (notifications) {
                return notifications.stream().filter(n -> n.get("method").getAsString().equals(method))
                        .map(n -> n.getAsJsonObject("params")).toList();
            }
        }

        List<String> notificationNames() {
            synchronized (notifications) {
                return notifications.stream().map(n -> n.get("method").getAsString()).toList();
            }
        }

        void clearNotifications() {
            synchronized (notifications) {
                notifications.clear();
            }
        }

        void shutdown() throws Exception {
            JsonObject r = call("shutdown", new JsonObject());
            assertThat(r.has("error")).isFalse();
            JsonObject exit = new JsonObject();
            exit.addProperty("jsonrpc", "2.0");
            exit.addProperty("method", "exit");
            write(exit);
            assertThat(process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }

        private void write(JsonObject message) throws IOException {
            byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
            toServer.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            toServer.write(body);
            toServer.flush();
        }

        private void readFrames() {
            try (InputStream in = process.getInputStream()) {
                while (true) {
                    frames.add(Frames.read(in));
                }
            } catch (IOException | RuntimeException e) {
                // stream closed
            }
        }


        @Override
        public void close() throws Exception {
            try {
                toServer.close();
            } catch (IOException ignored) {
                // already closed
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
    }
}
