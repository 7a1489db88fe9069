package dev.trestle.server.rpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.trestle.domain.model.ApiKey;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.TrestleException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds one request's {@code params} object. A missing, mistyped or out-of-range field fails with
 * {@code VALIDATION_FAILED} and detail {@code invalid_params: <field>} ({@code rpc.md} §1); unknown fields are ignored.
 * Values are never echoed into errors.
 */
public final class Params {
    private final JsonObject json;
    private final Phase phase;
    private final String subphase;

    Params(JsonObject json, Phase phase, String subphase) {
        this.json = json == null ? new JsonObject() : json;
        this.phase = phase;
        this.subphase = subphase;
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

    /** An optional array of strings: absent or {@code null} gives {@code null}. */
    public List<String> optionalStrings(String field) {
        JsonElement e = json.get(field);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return strings(field);
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
        return ProviderId.parse(id).orElseThrow(() -> new TrestleException(
                withSubphase(ErrorInfo.validation(phase, "unknown_provider", "provider_id"))));
    }

    /** {@code api_key}: trimmed; empty or any character outside 0x21–0x7E is {@code invalid_params} ({@link ApiKey}). */
    public String apiKey() {
        return ApiKey.normalize(string("api_key")).orElseThrow(() -> invalid("api_key"));
    }

    /** The error for a bad field. */
    public TrestleException invalid(String field) {
        return new TrestleException(withSubphase(ErrorInfo.validation(phase, "invalid_params", field)));
    }

    private ErrorInfo withSubphase(ErrorInfo info) {
        return subphase == null ? info : info.withSubphase(subphase);
    }
}
