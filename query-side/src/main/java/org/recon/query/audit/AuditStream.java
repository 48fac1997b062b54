package org.recon.query.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The event store as it is, in global order: what auditors replay with their own tools. */
@Service
public class AuditStream {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public AuditStream(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public AuditPage page(long after, int limit) {
        List<AuditEvent> events = jdbc.query("select global_index, aggregate_identifier, sequence_number, payload_type, "
                        + "time_stamp, payload, meta_data from domain_event_entry where global_index > ? "
                        + "order by global_index limit ?",
                (rs, i) -> new AuditEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), simpleName(rs.getString(4)),
                        Instant.parse(rs.getString(5)), tree(rs.getBytes(6)), metadata(tree(rs.getBytes(7)))),
                after, limit + 1);
        Long next = null;
        if (events.size() > limit) {
            events = events.subList(0, limit);
            next = events.get(limit - 1).globalIndex();
        }
        return new AuditPage(List.copyOf(events), next);
    }

    private JsonNode tree(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return json.readTree(bytes);
        } catch (RuntimeException notJson) {
            return json.getNodeFactory().stringNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static AuditEvent.Metadata metadata(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new AuditEvent.Metadata(null, null, null, null, null);
        }
        return new AuditEvent.Metadata(text(node, "system"), text(node, "eventId"), text(node, "actor"),
                text(node, "reason"), text(node, "correlationId"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String simpleName(String type) {
        return type == null ? null : type.substring(type.lastIndexOf('.') + 1);
    }
}
