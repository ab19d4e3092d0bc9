package dev.vigil.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Typed reads of JSON fields that fail with the field's name; shared by the JSON decoders. */
final class JsonFields {
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build());

    private JsonFields() {}

    static JsonNode parseObject(String text) throws DecodeException {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr();
            throw new DecodeException("malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new DecodeException("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        return node;
    }

    static String requiredText(JsonNode obj, String field) throws DecodeException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new DecodeException("field '" + field + "' is missing");
        }
        if (!v.isTextual()) {
            throw new DecodeException("field '" + field + "' must be a string, was " + v.getNodeType());
        }
        if (v.textValue().isEmpty()) {
            throw new DecodeException("field '" + field + "' is empty");
        }
        return v.textValue();
    }

    static String optionalText(JsonNode obj, String field) throws DecodeException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new DecodeException("field '" + field + "' must be a string, was " + v.getNodeType());
        }
        return v.textValue();
    }

    static Integer optionalInt(JsonNode obj, String field, int min, int max) throws DecodeException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw new DecodeException("field '" + field + "' must be a whole number from " + min + " to " + max + ", was " + v);
        }
        return v.intValue();
    }

    static Long optionalLong(JsonNode obj, String field) throws DecodeException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new DecodeException("field '" + field + "' must be a non-negative whole number, was " + v);
        }
        return v.longValue();
    }

    /** A finite number, given as a JSON number or as a string (Prometheus writes values as strings). */
    static double finiteNumber(JsonNode obj, String field) throws DecodeException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new DecodeException("field '" + field + "' is missing");
        }
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual()) {
            String text = v.textValue().trim();
            try {
                // Go's strconv (Prometheus) writes infinities as +Inf and -Inf, which Java does not parse.
                d = switch (text) {
                    case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(text);
                };
            } catch (NumberFormatException e) {
                throw new DecodeException("field '" + field + "': '" + SyslogDecoder.abbreviate(v.textValue()) + "' is not a number");
            }
        } else {
            throw new DecodeException("field '" + field + "' must be a number or a numeric string, was " + v.getNodeType());
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new DecodeException("field '" + field + "': " + d + " is not a finite number");
        }
        return d;
    }

    /** Event time: an RFC 3339 string or epoch milliseconds. */
    static long time(JsonNode obj, String field, DecoderOptions options, long receivedAt) throws DecodeException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            throw new DecodeException("field '" + field + "' is missing");
        }
        long t;
        if (v.isTextual()) {
            t = SyslogDecoder.parseRfc3339(v.textValue(), field);
        } else if (v.isIntegralNumber() && v.canConvertToLong()) {
            t = v.longValue();
        } else {
            throw new DecodeException("field '" + field + "' must be an RFC 3339 string or epoch milliseconds, was " + v.getNodeType());
        }
        return options.checkTime(field, t, receivedAt);
    }

    /** A flat object of string values (numbers and booleans are kept as their text). */
    static Map<String, String> stringMap(JsonNode obj, String field) throws DecodeException {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new DecodeException("field '" + field + "' must be an object of strings, was " + v.getNodeType());
        }
        Map<String, String> map = new HashMap<>(v.size() * 2);
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isValueNode()) {
                throw new DecodeException("field '" + field + "." + e.getKey() + "' must be a string, was " + value.getNodeType());
            }
            map.put(e.getKey(), value.asText());
        }
        return map;
    }
}
