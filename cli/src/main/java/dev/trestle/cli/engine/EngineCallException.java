package dev.trestle.cli.engine;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.trestle.cli.base.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine answered a request with a JSON-RPC error. For application errors ({@code code -32000}) the error data
 * is the engine's {@code ErrorInfo} ({@code errors.md} §1); for protocol errors it may be absent.
 */
public class EngineCallException extends Exception {
    private static final long serialVersionUID = 1L;

    /** JSON-RPC code of application errors whose data is an {@code ErrorInfo}. */
    public static final int APPLICATION_ERROR = -32000;
    /** JSON-RPC code for a method the engine does not serve. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** JSON-RPC code for a request the engine dropped on {@code $/cancelRequest}. */
    public static final int REQUEST_CANCELLED = -32800;

    private final String method;
    private final int rpcCode;
    private final transient JsonObject errorInfo;

    public EngineCallException(String method, int rpcCode, String message, JsonObject errorInfo) {
        super(message);
        this.method = method;
        this.rpcCode = rpcCode;
        this.errorInfo = errorInfo == null ? null : errorInfo.deepCopy();
    }

    /** The request method that failed. */
    public String method() {
        return method;
    }

    /** The JSON-RPC error code. */
    public int rpcCode() {
        return rpcCode;
    }

    /** The {@code ErrorInfo}, when the engine sent one. */
    public Optional<JsonObject> errorInfo() {
        return Optional.ofNullable(errorInfo).map(JsonObject::deepCopy);
    }

    /** {@code ErrorInfo.error_code}, or empty for protocol errors. */
    public Optional<String> errorCode() {
        return string("error_code");
    }

    /** The {@code detail}, e.g. {@code "unknown_workbench: 01J..."}. */
    public Optional<String> detail() {
        return string("detail");
    }

    /** The first token of {@code detail} ({@code rpc.md} §1), e.g. {@code unknown_workbench}. */
    public Optional<String> detailToken() {
        return detail().map(d -> d.split("[:\\s]", 2)[0]);
    }

    /** {@code ErrorInfo.actions}, in priority order. */
    public List<String> actions() {
        List<String> out = new ArrayList<>();
        if (errorInfo != null && errorInfo.has("actions") && errorInfo.get("actions").isJsonArray()) {
            for (JsonElement e : errorInfo.getAsJsonArray("actions")) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        }
        return out;
    }

    /** A string field of the {@code ErrorInfo}. */
    public Optional<String> string(String field) {
        if (errorInfo == null || !errorInfo.has(field) || !errorInfo.get(field).isJsonPrimitive()) {
            return Optional.empty();
        }
        return Optional.of(errorInfo.get(field).getAsString());
    }

    /** The CLI exit code for this error ({@link ExitCodes}). */
    public int exitCode() {
        if (errorCode().isPresent()) {
            return ExitCodes.forErrorCode(errorCode().get());
        }
        return rpcCode == REQUEST_CANCELLED ? ExitCodes.REQUEST_CANCELLED : ExitCodes.INTERNAL;
    }

    /** True if this is an application error with the given {@code error_code}. */
    public boolean is(String code) {
        return errorCode().filter(code::equals).isPresent();
    }
}
