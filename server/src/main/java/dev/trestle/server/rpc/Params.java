package dev.trestle.server.rpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.trestle.domain.model.InvalidInputException;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.WorkbenchId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds one request's {@code params} object. A missing, mistyped or out-of-range field fails with
 * {@code VALIDATION_FAILED} and detail {@code invalid_params: <field>} ({@code rpc.md} §1); unknown fields are ignored.
 * Values are never echoed into errors. Failures are {@link InvalidInputException}s like the typed ids' and commands':
 * the request turns them into its {@code ErrorInfo} in the method's phase ({@link RequestRunner}).
 */
public final class Params {
    private final JsonObject json;

    Params(JsonObject json) {
        this.json = json == null ? new JsonObject() : json;
    }

    /** A required string. */
    public String string(String field) {
        String value = optionalString(field);
        if (value == null) {
            throw invalid(field);
        }
        return value;
    }

    /** An optional string: absent or JSON {@code null} gives {@code null}. */
    public String optionalString(String field) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        throw invalid(field);
    }

    /** A required boolean. */
    public boolean bool(String field) {
        JsonElement e = json.get(field);
        if (e instanceof JsonPrimitive p && p.isBoolean()) {
            return p.getAsBoolean();
        }
        throw invalid(field);
    }

    /** A required array of strings (may be empty). */
    public List<String> strings(String field) {
        JsonElement e = json.get(field);
        if (!(e instanceof JsonArray array)) {
            throw invalid(field);
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonElement item : array) {
            if (!(item instanceof JsonPrimitive p && p.isString())) {
                throw invalid(field);
            }
            out.add(p.getAsString());
        }
        return out;
    }

    /** An optional integer within {@code [min, max]}; absent or {@code null} gives {@code null}. */
    public Integer optionalInt(String field, int min, int max) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p && p.isNumber())) {
            throw invalid(field);
        }
        try {
            BigDecimal d = p.getAsBigDecimal();
            int v = d.intValueExact();
            if (v < min || v > max) {
                throw invalid(field);
            }
            return v;
        } catch (ArithmeticException | NumberFormatException ex) {
            throw invalid(field);
        }
    }

    /** {@code provider_id}: one of the four providers, else {@code unknown_provider}. */
    public ProviderId provider() {
        String id = string("provider_id");
        return ProviderId.parse(id).orElseThrow(() -> new InvalidInputException("unknown_provider", "provider_id"));
    }

    /**
     * {@code workbench_id} as a {@link WorkbenchId} ({@code unknown_workbench} when it cannot be one), for a method
     * whose only field it is. With more fields the binder reads every field's text first, {@code workbench_id} first,
     * and builds the typed values after: a missing or mistyped field ({@code invalid_params}) is answered before an
     * unknown Workbench, and the first bad field is the one named.
     */
    public WorkbenchId workbench() {
        return new WorkbenchId(string("workbench_id"));
    }

    /** The error for a bad field: {@code invalid_params: <field>}, phased by the request it belongs to. */
    public InvalidInputException invalid(String field) {
        return new InvalidInputException("invalid_params", field);
    }
}
