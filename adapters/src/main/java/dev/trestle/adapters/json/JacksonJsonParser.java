package dev.trestle.adapters.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trestle.domain.port.out.JsonParserPort;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the first complete JSON object in free text (a model's answer, possibly fenced in {@code ```json}) with
 * Jackson's streaming parser, trying each {@code '{'} in turn, and returns it as plain maps and lists.
 */
public final class JacksonJsonParser implements JsonParserPort {
    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();
    private static final int MAX_DEPTH = 64;

    @Override
    public Optional<Object> firstObject(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int from = text.indexOf('{');
        while (from >= 0) {
            Optional<Object> parsed = parseAt(text, from);
            if (parsed.isPresent()) {
                return parsed;
            }
            from = text.indexOf('{', from + 1);
        }
        return Optional.empty();
    }

    private static Optional<Object> parseAt(String text, int offset) {
        try (JsonParser p = FACTORY.createParser(text.substring(offset))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            return Optional.of(read(p, 0));
        } catch (IOException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static Object read(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("nesting too deep");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p, depth + 1));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p, depth + 1));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected token " + t);
        }
    }
}
