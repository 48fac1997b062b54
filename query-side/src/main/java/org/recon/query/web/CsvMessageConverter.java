package org.recon.query.web;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.AbstractGenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Any list answer as {@code text/csv}: one row per item (the {@code items} of a page, or the
 * elements of an array), columns named by the JSON field names, nested fields joined by '.',
 * arrays of values joined by '|', arrays of objects as JSON.
 */
public class CsvMessageConverter extends AbstractGenericHttpMessageConverter<Object> {

    public static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final JsonMapper json;

    public CsvMessageConverter(JsonMapper json) {
        super(TEXT_CSV, new MediaType("text", "csv"));
        this.json = json;
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return !ProblemDetail.class.isAssignableFrom(clazz) && !Map.class.isAssignableFrom(clazz);
    }

    @Override
    public boolean canWrite(java.lang.reflect.Type type, Class<?> clazz, MediaType mediaType) {
        return supports(clazz) && canWrite(mediaType);
    }

    @Override
    protected boolean canWrite(MediaType mediaType) {
        return mediaType == null || (!mediaType.isWildcardType() && mediaType.isCompatibleWith(TEXT_CSV));
    }

    @Override
    public Object read(java.lang.reflect.Type type, Class<?> contextClass, HttpInputMessage inputMessage) {
        throw new HttpMessageNotReadableException("CSV is an output format only", inputMessage);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected Object readInternal(Class<?> clazz, HttpInputMessage inputMessage) {
        throw new HttpMessageNotReadableException("CSV is an output format only", inputMessage);
    }

    @Override
    protected void writeInternal(Object body, java.lang.reflect.Type type, HttpOutputMessage output) throws IOException {
        List<Map<String, String>> rows = rows(json.valueToTree(body));
        Set<String> header = new LinkedHashSet<>();
        rows.forEach(r -> header.addAll(r.keySet()));
        if (header.isEmpty()) {
            Class<?> element = elementClass(type != null ? type : body.getClass());
            if (element != null) {
                columns("", element, header);
            }
        }
        Writer writer = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        try (CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                .setHeader(header.toArray(String[]::new)).get())) {
            for (Map<String, String> row : rows) {
                List<String> values = new ArrayList<>(header.size());
                header.forEach(column -> values.add(row.get(column)));
                printer.printRecord(values);
            }
        }
    }

    /** The item type of a page, a list, or a record with {@code items}; null when it cannot be told. */
    private static Class<?> elementClass(java.lang.reflect.Type type) {
        if (type instanceof java.lang.reflect.ParameterizedType parameterized) {
            java.lang.reflect.Type raw = parameterized.getRawType();
            java.lang.reflect.Type[] arguments = parameterized.getActualTypeArguments();
            if (raw instanceof Class<?> rawClass && (java.util.Collection.class.isAssignableFrom(rawClass)
                    || rawClass == PageView.class) && arguments.length == 1 && arguments[0] instanceof Class<?> item) {
                return item;
            }
            return raw instanceof Class<?> rawClass ? elementClass(rawClass) : null;
        }
        if (type instanceof Class<?> clazz && clazz.isRecord()) {
            for (java.lang.reflect.RecordComponent component : clazz.getRecordComponents()) {
                if (component.getName().equals("items")) {
                    return elementClass(component.getGenericType());
                }
            }
        }
        return null;
    }

    private static void columns(String prefix, Class<?> type, Set<String> header) {
        if (!type.isRecord()) {
            header.add(prefix.isEmpty() ? "value" : prefix.substring(0, prefix.length() - 1));
            return;
        }
        for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
            if (component.getType().isRecord()) {
                columns(prefix + component.getName() + ".", component.getType(), header);
            } else {
                header.add(prefix + component.getName());
            }
        }
    }

    private List<Map<String, String>> rows(JsonNode root) {
        JsonNode items = root;
        if (root.isObject() && root.has("items") && root.get("items").isArray()) {
            items = root.get("items");
        }
        List<Map<String, String>> rows = new ArrayList<>();
        if (items.isArray()) {
            items.forEach(item -> rows.add(flatten(item)));
        } else {
            rows.add(flatten(items));
        }
        return rows;
    }

    private Map<String, String> flatten(JsonNode node) {
        Map<String, String> row = new LinkedHashMap<>();
        if (node.isObject()) {
            flatten("", node, row);
        } else {
            row.put("value", text(node));
        }
        return row;
    }

    private void flatten(String prefix, JsonNode node, Map<String, String> row) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && !value.isEmpty()) {
                flatten(name + ".", value, row);
            } else {
                row.put(name, text(value));
            }
        }
    }

    private String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isArray()) {
            boolean scalars = true;
            for (JsonNode element : value) {
                scalars &= element.isValueNode();
            }
            if (!scalars) {
                return json.writeValueAsString(value);
            }
            List<String> parts = new ArrayList<>();
            value.forEach(element -> parts.add(element.asString()));
            return String.join("|", parts);
        }
        if (value.isObject()) {
            return "";
        }
        return value.asString();
    }
}
