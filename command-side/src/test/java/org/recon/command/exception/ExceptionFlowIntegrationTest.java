package org.recon.command.exception;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAutoResolved;
import org.recon.api.exception.ExceptionEscalated;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.Priority;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.MovementType;
import org.recon.api.position.NegativeAvailableCleared;
import org.recon.api.position.NegativeAvailableDetected;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.StepState;
import org.recon.devdb.Api;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exception flow on the real application and PostgreSQL: position condition events go into the
 * event store as the position would write them; the saga (tracking processor, JDBC saga store,
 * db-scheduler deadlines with the short test windows) and the operator API do the rest.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExceptionFlowIntegrationTest extends CommandSideIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final SystemId ERP = SystemId.of("ERP");
    private static final SystemId WAREHOUSE = SystemId.of("WAREHOUSE");

    @Autowired
    private Configuration axon;
    @Autowired
    private JdbcTemplate jdbc;

    private final CommandProbe probe = new CommandProbe();

    @BeforeEach
    void attachProbe() {
        probe.attach(axon);
    }

    @AfterEach
    void detachProbe() {
        probe.close();
    }

    @Test
    void anUnknownExceptionIdIsA404WithoutAStackTraceInTheLog(CapturedOutput output) {
        // a caller's typo is the caller's problem: Axon's repository would log each one as a WARN with its stack trace
        assertProblem(api().post("/api/v1/exceptions/EXC-typo-4711/acknowledge", "erp-ops-dev-key", "{}"), 404, "NOT_FOUND");
        assertThat(output).doesNotContain("EXC-typo-4711").doesNotContain("AggregateNotFoundException");
    }

    @Test
    void anIncompleteStepBecomesAnExceptionAfterItsWindowAndTheOwnerWorksIt() {
        PositionId position = PositionId.of("EXC-FLOW-" + UUID.randomUUID().toString().substring(0, 8), "WH-EAST");
        String stepId = position.asString() + "#ORDER/SO-1/1/SHIPPED#1";
        publish(new StepAwaitingReports(position, stepId, step(stepId), false, Duration.ofSeconds(2), Instant.now(), "wh-1"));

        // the window ends (db-scheduler deadline) and the saga asks the position whether the step is still incomplete
        await().atMost(PATIENCE).until(() -> probe.sent(CloseStepWindow.class).contains(new CloseStepWindow(position, stepId)));

        // the position answers as it would: overdue, ERP never reported
        publish(new StepOverdue(position, stepId, step(stepId), List.of(new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)),
                false, Instant.now().minusSeconds(2), Instant.now()));
        String id = ExceptionRules.exceptionId("step", stepId, "ERP", "MISSING_ACKNOWLEDGEMENT");
        ExceptionOpened opened = await().atMost(PATIENCE).until(() -> first(id, ExceptionOpened.class), o -> o != null);
        assertThat(opened.reason()).isEqualTo(ExceptionReason.MISSING_ACKNOWLEDGEMENT);
        assertThat(opened.team()).isEqualTo("erp-ops");
        assertThat(opened.priority()).isEqualTo(Priority.P3);
        assertThat(opened.slaDueAt()).isEqualTo(opened.openedAt().plus(Duration.ofSeconds(10)));
        assertThat(opened.evidence()).containsEntry("laggingSystem", "ERP");

        Api api = api();
        String base = "/api/v1/exceptions/" + id;
        // another team, a source system, an unknown id
        assertProblem(api.post(base + "/acknowledge", "warehouse-ops-dev-key", "{}"), 403, "FORBIDDEN");
        assertProblem(api.post(base + "/acknowledge", "storefront-dev-key", "{}"), 403, "FORBIDDEN");
        assertProblem(api.post("/api/v1/exceptions/EXC-nope/acknowledge", "erp-ops-dev-key", "{}"), 404, "NOT_FOUND");
        assertThat(events(id)).hasSize(1);

        // field-level validation
        Api.Response missingNote = api.post(base + "/resolve", "erp-ops-dev-key", "{\"resolution\":\"ACCEPTED\"}");
        assertProblem(missingNote, 400, "VALIDATION_FAILED");
        assertThat(missingNote.body()).contains("\"field\":\"note\"");
        assertThat(api.post(base + "/resolve", "erp-ops-dev-key", "{\"resolution\":\"MAYBE\",\"note\":\"x\"}").body())
                .contains("\"field\":\"resolution\"");
        assertThat(api.post(base + "/resolve", "erp-ops-dev-key", "{\"resolution\":\"ADJUSTED\",\"note\":\"x\"}").body())
                .contains("\"field\":\"adjustment\"");
        Api.Response badAdjustment = api.post(base + "/resolve", "erp-ops-dev-key",
                "{\"resolution\":\"ADJUSTED\",\"note\":\"x\",\"adjustment\":{\"state\":\"available\",\"delta\":0}}");
        assertProblem(badAdjustment, 400, "VALIDATION_FAILED");
        assertThat(badAdjustment.body()).contains("\"field\":\"adjustment.state\"").contains("\"field\":\"adjustment.delta\"");
        assertProblem(api.post(base + "/assign", "erp-ops-dev-key", "{\"team\":\"nobody\"}"), 400, "VALIDATION_FAILED");
        assertThat(events(id)).hasSize(1);

        // the owning team takes it on; twice is a conflict and changes nothing
        Api.Response acknowledged = api.post(base + "/acknowledge", "erp-ops-dev-key", "");
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.body()).contains("\"id\":\"" + id + "\"").contains("\"status\":\"ACKNOWLEDGED\"");
        assertProblem(api.post(base + "/acknowledge", "erp-ops-dev-key", ""), 409, "INVALID_TRANSITION");
        assertThat(events(id)).hasSize(2).last().isInstanceOf(ExceptionAcknowledged.class);

        // resolved with an adjustment: applied to the position as an ADJUSTED movement in the state owner's name
        Api.Response resolved = api.post(base + "/resolve", "erp-ops-dev-key",
                "{\"resolution\":\"ADJUSTED\",\"note\":\"two units lost in transit\",\"adjustment\":{\"state\":\"on_hand\",\"delta\":-2,\"reason\":\"shrinkage\"}}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body()).contains("\"status\":\"RESOLVED\"");
        assertProblem(api.post(base + "/resolve", "admin-dev-key", "{\"resolution\":\"ACCEPTED\",\"note\":\"again\"}"),
                409, "INVALID_TRANSITION");
        assertThat(events(id)).hasSize(3).last().isInstanceOf(ExceptionResolved.class);

        RecordMovement adjustment = await().atMost(PATIENCE).until(
                () -> probe.sent(RecordMovement.class).stream().filter(m -> id.equals(m.exceptionId())).findFirst().orElse(null),
                m -> m != null);
        assertThat(adjustment.eventId()).isEqualTo("exception-" + id + "-resolution");
        assertThat(adjustment.type()).isEqualTo(MovementType.ADJUSTED);
        assertThat(adjustment.system()).isEqualTo(WAREHOUSE);
        assertThat(adjustment.state()).isEqualTo(QuantityState.ON_HAND);
        assertThat(adjustment.delta()).isEqualTo(-2);
        assertThat(adjustment.manual()).isTrue();
        assertThat(adjustment.actor()).isEqualTo("erp-ops-dev");

        // the saga ended with its exception
        await().atMost(PATIENCE).until(() -> sagaAssociations("stepId", stepId) == 0);
    }

    @Test
    void negativeAvailableOpensAtOnceEscalatesOnItsSlaAndAutoResolvesWhenItClears() {
        PositionId position = PositionId.of("EXC-NEG-" + UUID.randomUUID().toString().substring(0, 8), "WH-EAST");
        publish(new NegativeAvailableDetected(position, -1, true, Instant.now(), "sf-1"));

        String id = await().atMost(PATIENCE).until(() -> exceptionFor(position, ExceptionReason.NEGATIVE_AVAILABLE), i -> i != null);
        ExceptionOpened opened = first(id, ExceptionOpened.class);
        assertThat(opened.priority()).isEqualTo(Priority.P1);
        assertThat(opened.team()).isEqualTo("ecommerce-ops");
        assertThat(opened.recurrenceOf()).isNull();

        // handed to another team, which then owns it: the first team may no longer act on it
        Api.Response assigned = api().post("/api/v1/exceptions/" + id + "/assign", "admin-dev-key", "{\"team\":\"warehouse-ops\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.body()).contains("\"team\":\"warehouse-ops\"").contains("\"status\":\"OPEN\"");
        assertProblem(api().post("/api/v1/exceptions/" + id + "/assign", "ecommerce-ops-dev-key", "{\"team\":\"erp-ops\"}"),
                403, "FORBIDDEN");

        // P1 in the test profile: 6 s to acknowledge
        ExceptionEscalated escalated = await().atMost(PATIENCE).until(() -> first(id, ExceptionEscalated.class), e -> e != null);
        assertThat(escalated.slaDueAt()).isEqualTo(opened.slaDueAt());
        assertThat(escalated.escalatedAt()).isAfterOrEqualTo(opened.slaDueAt());

        publish(new NegativeAvailableCleared(position, 0, Instant.now(), "wh-rcv-1"));
        ExceptionAutoResolved autoResolved = await().atMost(PATIENCE).until(() -> first(id, ExceptionAutoResolved.class), e -> e != null);
        assertThat(autoResolved.cause()).isEqualTo("NEGATIVE_AVAILABLE_CLEARED");
        assertProblem(api().post("/api/v1/exceptions/" + id + "/resolve", "warehouse-ops-dev-key",
                "{\"resolution\":\"ACCEPTED\",\"note\":\"late\"}"), 409, "INVALID_TRANSITION");

        // the same condition on the same position again: a recurrence of the first
        publish(new NegativeAvailableDetected(position, -3, true, Instant.now(), "sf-2"));
        await().atMost(PATIENCE).until(() -> exceptionsFor(position, ExceptionReason.NEGATIVE_AVAILABLE).size() == 2);
        String second = exceptionsFor(position, ExceptionReason.NEGATIVE_AVAILABLE).get(1);
        assertThat(first(second, ExceptionOpened.class).recurrenceOf()).isEqualTo(id);
    }

    @Test
    void aStepCompletedInsideItsWindowOpensNothing() {
        PositionId position = PositionId.of("EXC-TIMING-" + UUID.randomUUID().toString().substring(0, 8), "WH-EAST");
        String stepId = position.asString() + "#ORDER/SO-2/1/SHIPPED#1";
        publish(new StepAwaitingReports(position, stepId, step(stepId), false, Duration.ofSeconds(3), Instant.now(), "wh-2"));
        await().atMost(PATIENCE).until(() -> sagaAssociations("stepId", stepId) == 1);
        publish(new StepCompleted(position, stepId, step(stepId), Instant.now(), Instant.now(), 500, "erp-2"));
        await().atMost(PATIENCE).until(() -> sagaAssociations("stepId", stepId) == 0);

        // past the window: the cancelled deadline never asks the position
        await().pollDelay(Duration.ofSeconds(4)).atMost(PATIENCE).until(() -> true);
        assertThat(probe.sent(CloseStepWindow.class)).doesNotContain(new CloseStepWindow(position, stepId));
        assertThat(exceptionsFor(position, ExceptionReason.MISSING_ACKNOWLEDGEMENT)).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void publish(Object event) {
        axon.eventStore().publish(GenericEventMessage.asEventMessage(event));
    }

    private List<Object> events(String aggregateId) {
        return axon.eventStore().readEvents(aggregateId).asStream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    private <E> E first(String aggregateId, Class<E> type) {
        return events(aggregateId).stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    private String exceptionFor(PositionId position, ExceptionReason reason) {
        return exceptionsFor(position, reason).stream().findFirst().orElse(null);
    }

    private List<String> exceptionsFor(PositionId position, ExceptionReason reason) {
        return jdbc.queryForList("select exception_id from exception_recurrence where position_id = ? and reason = ? order by opened_at",
                String.class, position.asString(), reason.name());
    }

    private int sagaAssociations(String key, String value) {
        return jdbc.queryForObject("select count(*) from association_value_entry where association_key = ? and association_value = ?",
                Integer.class, key, value);
    }

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    static StepState step(String stepId) {
        SystemId warehouse = SystemId.of("WAREHOUSE");
        SystemId erp = SystemId.of("ERP");
        return new StepState(stepId, new DocumentRef("ORDER", "SO-1", "1"), MovementType.SHIPPED, warehouse,
                Set.of(warehouse, erp), Map.of(warehouse, 2L), 2, false, Map.of(erp, 2L), Map.of(), false, Instant.now());
    }
}
