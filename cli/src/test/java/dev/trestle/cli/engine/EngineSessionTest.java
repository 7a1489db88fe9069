package dev.trestle.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.cli.base.Json;
import dev.trestle.server.rpc.TrestleProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives a real child process ({@link FakeEngineMain}) through {@link EngineSession}. */
class EngineSessionTest {
    @TempDir
    Path dataDir;

    private LaunchSpec spec(String mode) throws IOException {
        Files.writeString(dataDir.resolve("mode"), mode);
        return new LaunchSpec(System.getProperty("java.class.path"), FakeEngineMain.class.getName(), "test",
                dataDir, false);
    }

    @Test
    void notifications_caused_by_a_request_arrive_before_its_result() throws Exception {
        try (EngineSession session = EngineSession.start(spec("normal"), null)) {
            assertThat(session.engineInfo().get("api_version").getAsString()).isEqualTo("1");
            List<String> seen = new CopyOnWriteArrayList<>();
            session.onNotification((method, params) -> seen.add(method + ":" + Json.str(params, "workbench_id")));
            JsonObject result = session.call(TrestleProtocol::workbenchCreate, Json.obj("name", "42"));
            assertThat(result.get("workbench_id").getAsString()).isEqualTo("42");
            assertThat(seen).containsExactly("WorkbenchFilesChanged:42", "WorkbenchFilesChanged:42");
        }
    }

    @Test
    void an_application_error_carries_the_error_info() throws Exception {
        try (EngineSession session = EngineSession.start(spec("normal"), null)) {
            assertThatThrownBy(() -> session.call(TrestleProtocol::workbenchOpen, new JsonObject()))
                    .isInstanceOfSatisfying(EngineCallException.class, e -> {
                        assertThat(e.rpcCode()).isEqualTo(-32000);
                        assertThat(e.errorCode()).contains("VALIDATION_FAILED");
                        assertThat(e.detailToken()).contains("unknown_workbench");
                    });
            assertThatThrownBy(() -> session.call(TrestleProtocol::checkpointsList, new JsonObject()))
                    .isInstanceOfSatisfying(EngineCallException.class,
                            e -> assertThat(e.rpcCode()).isEqualTo(EngineCallException.METHOD_NOT_FOUND));
        }
    }

    @Test
    void close_sends_shutdown_and_exit_and_the_engine_ends_cleanly() throws Exception {
        EngineSession session = EngineSession.start(spec("normal"), null);
        session.close();
        assertThat(session.exitCode()).isZero();
    }

    @Test
    void an_engine_that_exits_with_three_is_reported_as_hung_with_its_stderr() throws Exception {
        LaunchSpec busy = spec("busy");
        assertThatThrownBy(() -> EngineSession.start(busy, null))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.ENGINE_BUSY);
                    assertThat(e.getMessage()).contains("does not answer").contains("engine.lock");
                    assertThat(e.engineLog()).contains("another engine holds the data dir");
                });
    }

    @Test
    void a_different_api_version_stops_the_cli() throws Exception {
        LaunchSpec old = spec("old-api");
        assertThatThrownBy(() -> EngineSession.start(old, null))
                .isInstanceOfSatisfying(CliException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.ENGINE_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("api_version 0");
                });
    }

    @Test
    void an_engine_dying_mid_request_fails_the_call_and_keeps_its_stderr() throws Exception {
        try (EngineSession session = EngineSession.start(spec("normal"), null)) {
            assertThatThrownBy(() -> session.call(TrestleProtocol::draftPublish, new JsonObject()))
                    .isInstanceOfSatisfying(CliException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCodes.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("code 7");
                    });
            assertThat(session.stderrText()).contains("crashing on purpose");
        }
    }
}
