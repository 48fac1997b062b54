package org.recon.query.position;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.recon.api.common.PositionId;
import org.recon.query.exception.ExceptionRepository;
import org.recon.query.exception.ExceptionRow;
import org.recon.query.web.PageView;
import org.recon.support.web.ApiException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

@Service
@Transactional(readOnly = true)
public class PositionQueries {

    private final PositionRepository positions;
    private final ExceptionRepository exceptions;
    private final SkuRiskRepository risks;
    private final PositionCodec codec;
    private final EventStore eventStore;

    public PositionQueries(PositionRepository positions, ExceptionRepository exceptions, SkuRiskRepository risks,
                           PositionCodec codec, EventStore eventStore) {
        this.positions = positions;
        this.exceptions = exceptions;
        this.risks = risks;
        this.codec = codec;
        this.eventStore = eventStore;
    }

    public PageView<PositionView> search(String sku, String location, String status, int page, int size) {
        Page<PositionRow> rows = positions.search(sku, location, status, PageRequest.of(page, size));
        List<String> ids = rows.getContent().stream().map(PositionRow::positionId).toList();
        Map<String, List<String>> open = ids.isEmpty() ? Map.of() : exceptions.openFor(ids).stream()
                .collect(Collectors.groupingBy(ExceptionRow::positionId,
                        Collectors.mapping(ExceptionRow::exceptionId, Collectors.toList())));
        List<String> skus = rows.getContent().stream().map(PositionRow::sku).distinct().toList();
        Map<String, List<String>> flags = risks.findAllById(skus).stream()
                .collect(Collectors.toMap(r -> r.sku, SkuRiskRow::flags));
        return PageView.of(rows.map(row -> view(row.sku(), row.location(), codec.read(row),
                open.getOrDefault(row.positionId(), List.of()), flags.getOrDefault(row.sku(), List.of()))));
    }

    public PositionView get(String sku, String location) {
        PositionRow row = positions.findById(PositionId.of(sku, location).asString())
                .orElseThrow(() -> ApiException.notFound("Position " + sku + " at " + location));
        List<String> open = exceptions.openFor(List.of(row.positionId())).stream().map(ExceptionRow::exceptionId).toList();
        return view(sku, location, codec.read(row), open, riskFlags(sku));
    }

    /** The position rebuilt from the event store with the events committed at or before {@code at}. */
    public PositionView asOf(String sku, String location, Instant at) {
        PositionId id = PositionId.of(sku, location);
        Optional<PositionState> replayed;
        try {
            replayed = replay(id.asString(), at);
        } catch (RuntimeException unreadable) {
            throw new ApiException(org.springframework.http.HttpStatus.CONFLICT, "UNREADABLE_HISTORY",
                    "The history of " + sku + " at " + location + " holds an event that cannot be folded: "
                            + unreadable.getMessage());
        }
        PositionState state = replayed
                .orElseThrow(() -> ApiException.notFound("Position " + sku + " at " + location + " as of " + at));
        List<String> open = exceptions.allFor(id.asString()).stream()
                .filter(e -> !e.openedAt().isAfter(at) && (e.resolvedAt() == null || e.resolvedAt().isAfter(at)))
                .map(ExceptionRow::exceptionId).toList();
        return view(sku, location, state, open, riskFlags(sku));
    }

    /** Folds a position's events from the event store; empty when none was committed by {@code at} (null: all). */
    public Optional<PositionState> replay(String aggregateId, Instant at) {
        PositionState state = new PositionState();
        boolean any = false;
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (at != null && event.getTimestamp().isAfter(at)) {
                break;
            }
            any |= PositionFold.apply(state, event.getPayload(), event.getTimestamp());
        }
        return any ? Optional.of(state) : Optional.empty();
    }

    private List<String> riskFlags(String sku) {
        return risks.findById(sku).map(SkuRiskRow::flags).orElse(List.of());
    }

    static PositionView view(String sku, String location, PositionState state, List<String> openExceptions,
                             List<String> riskFlags) {
        String status = openExceptions.isEmpty() ? state.baseStatus().name() : PositionStatus.EXCEPTION.name();
        return new PositionView(sku, location, state.allQuantities(), state.systems(),
                List.copyOf(state.variances().values()), status, riskFlags, openExceptions, state.lastEventAt(),
                state.version());
    }
}
