package org.recon.command.ingest;

import org.recon.api.common.CanonicalCode;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.QuantityState;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.MovementType;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The edge's checks and normalisation of what sources send (DESIGN 4.1, 4.3, 4.4). Every problem
 * is reported with its field; nothing invalid reaches an aggregate.
 */
final class IngestValidation {

    static final long MAX_QUANTITY = 2_000_000_000L;
    static final int MAX_EVENT_ID_LENGTH = 200;
    static final Duration MAX_FUTURE = Duration.ofDays(1);
    /** Compiled once: {@code String.matches} compiled it again for every movement with a document. */
    private static final Pattern DOCUMENT_TYPE = Pattern.compile("[A-Z0-9_-]{1,32}");

    private final Clock clock;
    /** A source's own reason vocabulary mapped to ours: system → their code → our code. */
    private final BiFunction<String, String, String> reasonMapping;

    IngestValidation(Clock clock, BiFunction<String, String, String> reasonMapping) {
        this.clock = clock;
        this.reasonMapping = reasonMapping;
    }

    ValidMovement movement(String system, MovementRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        if (request == null) {
            throw ApiException.invalid(List.of(new FieldViolation("body", "is required")));
        }
        String eventId = eventId(request.eventId(), errors);
        MovementType type = null;
        if (request.type() == null || request.type().isBlank()) {
            errors.add(new FieldViolation("type", "is required"));
        } else {
            try {
                type = MovementType.valueOf(request.type().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation("type", "unknown movement type '" + request.type() + "'; one of "
                        + Arrays.toString(MovementType.values())));
            }
        }
        Instant occurredAt = timestamp("occurredAt", request.occurredAt(), errors);
        String sku = code("sku", request.sku(), errors);
        String location = code("location", request.location(), errors);
        long quantity = 0;
        long delta = 0;
        QuantityState state = null;
        AdjustmentReason reason = null;
        String sourceReason = null;
        String toLocation = null;
        DocumentRef document = document(request.document(), errors);
        if (type == MovementType.ADJUSTED) {
            delta = integer("delta", request.delta(), errors, -MAX_QUANTITY, MAX_QUANTITY, true);
            state = adjustableState(request.state(), errors);
            sourceReason = request.reason();
            reason = reason(system, request.reason(), request.note(), errors);
        } else if (type != null) {
            quantity = integer("quantity", request.quantity(), errors, type == MovementType.COUNTED ? 0 : 1, MAX_QUANTITY, false);
            if (request.reason() != null && !request.reason().isBlank()) {
                sourceReason = request.reason();
                reason = reason(system, request.reason(), request.note(), errors);
            }
        }
        if (type != null && type.requiresDocument() && document == null && !hasError(errors, "document")) {
            errors.add(new FieldViolation("document", "is required for " + type));
        }
        if (type == MovementType.TRANSFER_SHIPPED) {
            toLocation = code("toLocation", request.toLocation(), errors);
            if (toLocation != null && toLocation.equals(location)) {
                errors.add(new FieldViolation("toLocation", "must differ from location"));
            }
        } else if (request.toLocation() != null && !request.toLocation().isBlank()) {
            errors.add(new FieldViolation("toLocation", "is only for TRANSFER_SHIPPED"));
        }
        if (request.note() != null && request.note().length() > 1000) {
            errors.add(new FieldViolation("note", "must be at most 1000 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ValidMovement(system, eventId, type, occurredAt, sku, location, quantity, delta, state, document,
                reason, sourceReason, request.note(), toLocation);
    }

    ValidObservation observation(String system, ObservationRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        if (request == null) {
            throw ApiException.invalid(List.of(new FieldViolation("body", "is required")));
        }
        String eventId = eventId(request.eventId(), errors);
        Instant observedAt = timestamp("observedAt", request.observedAt(), errors);
        String sku = code("sku", request.sku(), errors);
        String location = code("location", request.location(), errors);
        Map<String, Long> quantities = new LinkedHashMap<>();
        if (request.quantities() == null || request.quantities().isEmpty()) {
            errors.add(new FieldViolation("quantities", "must report at least one state"));
        } else {
            request.quantities().forEach((code, value) -> {
                String field = "quantities." + code;
                var state = QuantityState.fromCode(code);
                if (state.isEmpty()) {
                    errors.add(new FieldViolation(field, "unknown state; one of on_hand, available, committed, reserved, "
                            + "damaged, quality_control, safety_stock, incoming, picked"));
                    return;
                }
                long min = state.get() == QuantityState.AVAILABLE ? -MAX_QUANTITY : 0;
                int before = errors.size();
                long parsed = integer(field, value, errors, min, MAX_QUANTITY, false);
                if (errors.size() == before) {
                    quantities.put(state.get().code(), parsed);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ValidObservation(system, eventId, observedAt, sku, location, quantities);
    }

    /** An operator's adjustment: canonical codes, a state other than available, a non-zero delta and a reason. */
    ValidMovement adjustment(String eventId, String sku, String location, String state, Object delta, String reason,
                             String note) {
        List<FieldViolation> errors = new ArrayList<>();
        String id = eventId == null || eventId.isBlank() ? null : eventId(eventId, errors);
        String canonicalSku = code("sku", sku, errors);
        String canonicalLocation = code("location", location, errors);
        QuantityState quantityState = adjustableState(state, errors);
        long change = integer("delta", delta, errors, -MAX_QUANTITY, MAX_QUANTITY, true);
        AdjustmentReason adjustmentReason = reason(null, reason, note, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ValidMovement(null, id, MovementType.ADJUSTED, clock.instant(), canonicalSku, canonicalLocation, 0,
                change, quantityState, null, adjustmentReason, reason, note, null);
    }

    private static boolean hasError(List<FieldViolation> errors, String field) {
        return errors.stream().anyMatch(error -> error.field().startsWith(field));
    }

    private static String eventId(String raw, List<FieldViolation> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldViolation("eventId", "is required"));
            return null;
        }
        String trimmed = raw.trim();
        if (trimmed.length() > MAX_EVENT_ID_LENGTH) {
            errors.add(new FieldViolation("eventId", "must be at most " + MAX_EVENT_ID_LENGTH + " characters"));
        }
        return trimmed;
    }

    private Instant timestamp(String field, String raw, List<FieldViolation> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldViolation(field, "is required (ISO-8601 with offset, e.g. 2026-03-02T10:00:00+01:00)"));
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(raw.trim()).toInstant();
            if (instant.isAfter(clock.instant().plus(MAX_FUTURE))) {
                errors.add(new FieldViolation(field, "is more than 1 day in the future"));
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new FieldViolation(field, "must be ISO-8601 with an offset, e.g. 2026-03-02T10:00:00+01:00"));
            return null;
        }
    }

    private static String code(String field, String raw, List<FieldViolation> errors) {
        var problem = CanonicalCode.problem(raw);
        if (problem.isPresent()) {
            errors.add(new FieldViolation(field, problem.get()));
            return null;
        }
        return CanonicalCode.normalise(raw);
    }

    private static DocumentRef document(MovementRequest.DocumentRequest document, List<FieldViolation> errors) {
        if (document == null) {
            return null;
        }
        String type = document.type() == null ? "" : document.type().trim().toUpperCase(Locale.ROOT);
        String id = document.id() == null ? "" : document.id().trim();
        if (type.isEmpty()) {
            errors.add(new FieldViolation("document.type", "is required"));
        } else if (!DOCUMENT_TYPE.matcher(type).matches()) {
            errors.add(new FieldViolation("document.type", "must be 1-32 of letters, digits, _ and -"));
        }
        if (id.isEmpty()) {
            errors.add(new FieldViolation("document.id", "is required"));
        } else if (id.length() > 100 || id.contains("/")) {
            errors.add(new FieldViolation("document.id", "must be at most 100 characters, without '/'"));
        }
        String line = null;
        if (document.line() != null) {
            Object raw = document.line();
            line = raw instanceof BigDecimal decimal ? decimal.stripTrailingZeros().toPlainString() : raw.toString().trim();
            if (line.isEmpty() || line.length() > 32 || line.contains("/")) {
                errors.add(new FieldViolation("document.line", "must be 1-32 characters, without '/'"));
            }
        }
        return new DocumentRef(type, id, line);
    }

    private static long integer(String field, Object raw, List<FieldViolation> errors, long min, long max, boolean nonZero) {
        if (raw == null) {
            errors.add(new FieldViolation(field, "is required"));
            return 0;
        }
        BigInteger value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
            value = new BigInteger(raw.toString());
        } else if (raw instanceof BigDecimal || raw instanceof Double || raw instanceof Float) {
            BigDecimal decimal = new BigDecimal(raw.toString());
            if (decimal.stripTrailingZeros().scale() > 0) {
                errors.add(new FieldViolation(field, "must be a whole number"));
                return 0;
            }
            value = decimal.toBigIntegerExact();
        } else {
            errors.add(new FieldViolation(field, "must be a JSON integer"));
            return 0;
        }
        if (nonZero && value.signum() == 0) {
            errors.add(new FieldViolation(field, "must not be 0"));
            return 0;
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            errors.add(new FieldViolation(field, "must be between " + min + " and " + max));
            return 0;
        }
        return value.longValueExact();
    }

    private static QuantityState adjustableState(String raw, List<FieldViolation> errors) {
        if (raw == null || raw.isBlank()) {
            return QuantityState.ON_HAND;
        }
        var state = QuantityState.fromCode(raw);
        if (state.isEmpty()) {
            errors.add(new FieldViolation("state", "unknown state '" + raw + "'"));
            return null;
        }
        if (state.get() == QuantityState.AVAILABLE) {
            errors.add(new FieldViolation("state", "available is derived and cannot be adjusted; adjust on_hand"));
            return null;
        }
        return state.get();
    }

    private AdjustmentReason reason(String system, String raw, String note, List<FieldViolation> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldViolation("reason", "is required for an adjustment"));
            return null;
        }
        String mapped = system == null ? null : reasonMapping.apply(system, raw.trim());
        var reason = AdjustmentReason.fromCode(mapped != null ? mapped : raw);
        if (reason.isEmpty()) {
            errors.add(new FieldViolation("reason", "unknown reason '" + raw + "'; one of "
                    + Arrays.stream(AdjustmentReason.values()).map(AdjustmentReason::code).toList()));
            return null;
        }
        if (reason.get() == AdjustmentReason.OTHER && (note == null || note.isBlank())) {
            errors.add(new FieldViolation("note", "is required when the reason is 'other'"));
        }
        return reason.get();
    }
}
