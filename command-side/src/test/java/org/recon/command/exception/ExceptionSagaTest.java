package org.recon.command.exception;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.saga.SagaTestFixture;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recon.api.common.DocumentRef;
import org.recon.api.common.PositionId;
import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.exception.AutoResolveException;
import org.recon.api.exception.EscalateException;
import org.recon.api.exception.ExceptionAcknowledged;
import org.recon.api.exception.ExceptionAutoResolved;
import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.ExceptionResolved;
import org.recon.api.exception.OpenException;
import org.recon.api.exception.Priority;
import org.recon.api.exception.Resolution;
import org.recon.api.exception.ResolutionAdjustment;
import org.recon.api.identity.MessageParked;
import org.recon.api.identity.ParkedMessageReplayed;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.CloseVarianceWindow;
import org.recon.api.position.DuplicateConflictRecorded;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.MovementType;
import org.recon.api.position.NegativeAvailableCleared;
import org.recon.api.position.NegativeAvailableDetected;
import org.recon.api.position.RecordMovement;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepCompleted;
import org.recon.api.position.StepOverdue;
import org.recon.api.position.StepState;
import org.recon.api.position.VarianceCleared;
import org.recon.api.position.VarianceDetected;
import org.recon.api.position.VarianceOverdue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.recon.command.exception.ExceptionSaga.SLA_DEADLINE;
import static org.recon.command.exception.ExceptionSaga.WINDOW_DEADLINE;

/** Every path of the exception saga (DESIGN 4.5), on Axon's saga fixture with its stub deadline manager. */
class ExceptionSagaTest {

    private static final Instant T0 = Instant.parse("2026-01-01T11:05:00Z");
    private static final PositionId POSITION = PositionId.of("TSHIRT-RED-M", "WH-EAST");
    private static final String STEP = "TSHIRT-RED-M@WH-EAST#ORDER/SO-1/1/SHIPPED#1";
    private static final String VARIANCE = "TSHIRT-RED-M@WH-EAST#WAREHOUSE/on_hand#1";
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final SystemId ERP = SystemId.of("ERP");
    private static final SystemId WAREHOUSE = SystemId.of("WAREHOUSE");
    private static final SystemId STOREFRONT = SystemId.of("STOREFRONT");
    private static final String ERP_EXCEPTION = ExceptionRules.exceptionId("step", STEP, "ERP", "MISSING_ACKNOWLEDGEMENT");

    private SagaTestFixture<ExceptionSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixtureWith(TestRules.NO_HISTORY);
    }

    private static SagaTestFixture<ExceptionSaga> fixtureWith(RecurrencePolicy.History history) {
        SagaTestFixture<ExceptionSaga> fixture = new SagaTestFixture<>(ExceptionSaga.class);
        fixture.registerResource(TestRules.rules(history));
        return fixture;
    }

    // ---- steps ---------------------------------------------------------------------------------

    @Test
    void anIncompleteStepStartsItsWindow() throws Exception {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(awaiting(false))
                .expectActiveSagas(1)
                .expectAssociationWith("stepId", STEP)
                .expectScheduledDeadlineWithName(WINDOW, WINDOW_DEADLINE)
                .expectNoDispatchedCommands();
    }

    @Test
    void theWindowRunsFromWhenThePositionRecordedTheCondition() throws Exception {
        fixture.givenCurrentTime(T0.plusSeconds(60))
                .whenPublishingA(awaiting(false))
                .expectScheduledDeadlineWithName(T0.plus(WINDOW), WINDOW_DEADLINE);
    }

    @Test
    void aStepThatCompletesInsideItsWindowIsTimingAndOpensNothing() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenTimeElapses(Duration.ofMinutes(5))
                .whenPublishingA(completed())
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void whenTheWindowEndsThePositionIsAskedWhetherTheStepIsStillIncomplete() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .whenTimeElapses(WINDOW)
                .expectTriggeredDeadlinesWithName(WINDOW_DEADLINE)
                .expectDispatchedCommands(new CloseStepWindow(POSITION, STEP))
                .expectActiveSagas(1);
    }

    @Test
    void anOverdueStepOpensOneExceptionPerLaggingSystem() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenTimeElapses(WINDOW)
                .whenPublishingA(overdue(false,
                        new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2),
                        new LaggingReporter(STOREFRONT, "QUANTITY_MISMATCH", 1, 2)))
                .expectAssociationWith("exceptionId", ERP_EXCEPTION)
                .expectScheduledDeadlineWithName(Duration.ofHours(24), SLA_DEADLINE);

        List<OpenException> opened = dispatched(OpenException.class);
        assertThat(opened).hasSize(2);
        OpenException erp = opened.get(0);
        Instant openedAt = T0.plus(WINDOW);
        assertThat(erp.exceptionId()).isEqualTo(ERP_EXCEPTION);
        assertThat(erp.positionId()).isEqualTo(POSITION);
        assertThat(erp.system()).isEqualTo(ERP);
        assertThat(erp.reason()).isEqualTo(ExceptionReason.MISSING_ACKNOWLEDGEMENT);
        assertThat(erp.team()).isEqualTo("erp-ops");
        assertThat(erp.priority()).isEqualTo(Priority.P3);
        assertThat(erp.openedAt()).isEqualTo(openedAt);
        assertThat(erp.slaDueAt()).isEqualTo(openedAt.plus(Duration.ofHours(24)));
        assertThat(erp.trigger()).isEqualTo(STEP);
        assertThat(erp.recurrenceOf()).isNull();
        assertThat(erp.evidence()).containsEntry("document", "ORDER/SO-1/1").containsEntry("laggingSystem", "ERP")
                .containsEntry("reported", 0L).containsEntry("effective", 2L);
        OpenException storefront = opened.get(1);
        assertThat(storefront.reason()).isEqualTo(ExceptionReason.QUANTITY_MISMATCH);
        assertThat(storefront.team()).isEqualTo("ecommerce-ops");
        assertThat(storefront.exceptionId()).isNotEqualTo(ERP_EXCEPTION);
    }

    @Test
    void anOverdueStepOnAHighRiskPositionIsP2() {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(true))
                .whenPublishingA(overdue(true, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)))
                .expectScheduledDeadlineWithName(Duration.ofHours(4), SLA_DEADLINE);
        assertThat(dispatched(OpenException.class)).singleElement()
                .satisfies(open -> assertThat(open.priority()).isEqualTo(Priority.P2));
    }

    @Test
    void anUnacknowledgedExceptionEscalatesWhenItsSlaPasses() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenTimeElapses(WINDOW)
                .andThenAPublished(overdue(false, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)))
                .whenTimeElapses(Duration.ofHours(24))
                .expectDispatchedCommands(new EscalateException(ERP_EXCEPTION))
                .expectActiveSagas(1);
    }

    @Test
    void acknowledgingInTimeCancelsTheSlaDeadline() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenTimeElapses(WINDOW)
                .andThenAPublished(overdue(false, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)))
                .whenPublishingA(new ExceptionAcknowledged(ERP_EXCEPTION, POSITION, "erp-ops-dev", T0.plus(WINDOW)))
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void aLateAcknowledgementAutoResolvesTheException() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenTimeElapses(WINDOW)
                .andThenAPublished(overdue(false, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)))
                .andThenTimeElapses(Duration.ofMinutes(30))
                .whenPublishingA(completed())
                .expectActiveSagas(1);
        AutoResolveException autoResolve = dispatched(AutoResolveException.class).get(0);
        assertThat(autoResolve.exceptionId()).isEqualTo(ERP_EXCEPTION);
        assertThat(autoResolve.cause()).isEqualTo("STEP_COMPLETED");
        assertThat(autoResolve.evidence()).containsEntry("causeEventId", "erp-shipped-1");
    }

    @Test
    void theSagaEndsWhenEveryExceptionItOpenedIsClosed() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenTimeElapses(WINDOW)
                .andThenAPublished(overdue(false, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)))
                .andThenAPublished(completed())
                .whenPublishingA(new ExceptionAutoResolved(ERP_EXCEPTION, POSITION, "STEP_COMPLETED", Map.of(), T0.plus(WINDOW)))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void anAdjustedResolutionIsAppliedToThePositionAsAnAdjustedMovement() throws Exception {
        Instant resolvedAt = T0.plus(Duration.ofHours(1));
        ResolutionAdjustment adjustment = new ResolutionAdjustment("on_hand", -2, null);
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenTimeElapses(WINDOW)
                .andThenAPublished(overdue(false, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)))
                .whenPublishingA(new ExceptionResolved(ERP_EXCEPTION, POSITION, Resolution.ADJUSTED, "two units lost",
                        adjustment, "erp-ops-dev", resolvedAt, true))
                .expectDispatchedCommands(new RecordMovement(POSITION, WAREHOUSE, "exception-" + ERP_EXCEPTION + "-resolution",
                        MovementType.ADJUSTED, resolvedAt, 0, -2, QuantityState.ON_HAND, null, null,
                        AdjustmentReason.EXCEPTION_RESOLUTION, null, "two units lost", "erp-ops-dev", true, ERP_EXCEPTION))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void anotherResolutionSendsNothingToThePosition() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .andThenAPublished(overdue(false, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)))
                .whenPublishingA(new ExceptionResolved(ERP_EXCEPTION, POSITION, Resolution.CORRECTED_AT_SOURCE, "posted",
                        null, "erp-ops-dev", T0, true))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void theSamePositionAndReasonWithinSevenDaysIsARecurrence() throws Exception {
        Instant earlier = T0.minus(Duration.ofDays(3));
        // the earlier exception came from another episode; the saga asks to leave out its own condition
        fixture = fixtureWith((position, reason, before, trigger) ->
                position.equals(POSITION.asString()) && reason == ExceptionReason.MISSING_ACKNOWLEDGEMENT && STEP.equals(trigger)
                        ? Optional.of(new RecurrencePolicy.PriorOpening("EXC-EARLIER", earlier))
                        : Optional.empty());
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .whenPublishingA(overdue(false, new LaggingReporter(ERP, "MISSING_ACKNOWLEDGEMENT", 0, 2)));
        assertThat(dispatched(OpenException.class)).singleElement()
                .satisfies(open -> assertThat(open.recurrenceOf()).isEqualTo("EXC-EARLIER"));
    }

    @Test
    void anOverdueStepWithNobodyLaggingEndsTheSaga() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(awaiting(false))
                .whenPublishingA(overdue(false))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    // ---- variances -----------------------------------------------------------------------------

    @Test
    void aVarianceExplainedInsideItsWindowOpensNothing() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(varianceDetected("COUNT_VARIANCE"))
                .whenPublishingA(new VarianceCleared(POSITION, VARIANCE, WAREHOUSE, "on_hand", T0, T0.plusSeconds(60), 60_000, "wh-7"))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void whenAVariancesWindowEndsThePositionIsAsked() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(varianceDetected("COUNT_VARIANCE"))
                .whenTimeElapses(WINDOW)
                .expectDispatchedCommands(new CloseVarianceWindow(POSITION, VARIANCE));
    }

    @Test
    void anOverdueCountVarianceGoesToTheOwnerOfOnHand() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(varianceDetected("COUNT_VARIANCE"))
                .andThenTimeElapses(WINDOW)
                .whenPublishingA(new VarianceOverdue(POSITION, VARIANCE, WAREHOUSE, "on_hand", 7, 8, -1, 0,
                        "COUNT_VARIANCE", false, T0, T0.plus(WINDOW), "wh-count-1"))
                .expectAssociationWith("exceptionId", ExceptionRules.exceptionId("variance", VARIANCE, "COUNT_VARIANCE"));
        assertThat(dispatched(OpenException.class)).singleElement().satisfies(open -> {
            assertThat(open.reason()).isEqualTo(ExceptionReason.COUNT_VARIANCE);
            assertThat(open.team()).isEqualTo("warehouse-ops");
            assertThat(open.state()).isEqualTo("on_hand");
            assertThat(open.priority()).isEqualTo(Priority.P3);
            assertThat(open.evidence()).containsEntry("unexplained", -1L).containsEntry("observationEventId", "wh-count-1");
        });
    }

    @Test
    void anOverdueOversellRiskOnAHighRiskPositionIsP1ForTheStorefrontTeam() {
        fixture.givenCurrentTime(T0).andThenAPublished(varianceDetected("OVERSELL_RISK"))
                .whenPublishingA(new VarianceOverdue(POSITION, VARIANCE, STOREFRONT, "available", 9, 8, 1, 0,
                        "OVERSELL_RISK", true, T0, T0.plus(WINDOW), "sf-obs-2"));
        assertThat(dispatched(OpenException.class)).singleElement().satisfies(open -> {
            assertThat(open.priority()).isEqualTo(Priority.P1);
            assertThat(open.team()).isEqualTo("ecommerce-ops");
        });
    }

    @Test
    void aVarianceClearedAfterItsExceptionOpenedAutoResolvesIt() throws Exception {
        String id = ExceptionRules.exceptionId("variance", VARIANCE, "SOURCE_MISMATCH");
        fixture.givenCurrentTime(T0).andThenAPublished(varianceDetected("SOURCE_MISMATCH"))
                .andThenAPublished(new VarianceOverdue(POSITION, VARIANCE, ERP, "on_hand", 10, 8, 2, 0,
                        "SOURCE_MISMATCH", false, T0, T0.plus(WINDOW), "erp-obs-1"))
                .whenPublishingA(new VarianceCleared(POSITION, VARIANCE, ERP, "on_hand", T0, T0.plus(Duration.ofHours(1)), 3_600_000, "erp-obs-2"));
        assertThat(dispatched(AutoResolveException.class)).singleElement().satisfies(auto -> {
            assertThat(auto.exceptionId()).isEqualTo(id);
            assertThat(auto.cause()).isEqualTo("VARIANCE_CLEARED");
        });
    }

    // ---- conditions without a window ---------------------------------------------------------

    @Test
    void negativeAvailableOpensAtOnce() throws Exception {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(new NegativeAvailableDetected(POSITION, -1, true, T0, "sf-9"))
                .expectNoScheduledDeadlineWithName(WINDOW, WINDOW_DEADLINE)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(30), SLA_DEADLINE)
                .expectAssociationWith(ExceptionSaga.NEGATIVE_AVAILABLE_KEY, POSITION.asString());
        assertThat(dispatched(OpenException.class)).singleElement().satisfies(open -> {
            assertThat(open.reason()).isEqualTo(ExceptionReason.NEGATIVE_AVAILABLE);
            assertThat(open.priority()).isEqualTo(Priority.P1);
            assertThat(open.team()).isEqualTo("ecommerce-ops");
            assertThat(open.system()).isEqualTo(STOREFRONT);
            assertThat(open.openedAt()).isEqualTo(T0);
            assertThat(open.evidence()).containsEntry("available", -1L);
        });
    }

    @Test
    void negativeAvailableDetectedAgainWhileOpenDoesNotOpenASecondException() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(new NegativeAvailableDetected(POSITION, -1, false, T0, "sf-9"))
                .whenPublishingA(new NegativeAvailableDetected(POSITION, -2, false, T0.plusSeconds(5), "sf-10"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void negativeAvailableClearedAutoResolves() throws Exception {
        fixture.givenCurrentTime(T0).andThenAPublished(new NegativeAvailableDetected(POSITION, -1, false, T0, "sf-9"))
                .whenPublishingA(new NegativeAvailableCleared(POSITION, 0, T0.plusSeconds(30), "wh-rcv-1"))
                .expectNoAssociationWith(ExceptionSaga.NEGATIVE_AVAILABLE_KEY, POSITION.asString());
        assertThat(dispatched(AutoResolveException.class)).singleElement()
                .satisfies(auto -> assertThat(auto.cause()).isEqualTo("NEGATIVE_AVAILABLE_CLEARED"));
    }

    @Test
    void aDuplicateConflictOpensAtOnceForTheReportingSystemsTeam() throws Exception {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(new DuplicateConflictRecorded(POSITION, WAREHOUSE, "wh-1", "fp-a", "fp-b", "{}", "warehouse-dev", T0))
                .expectScheduledDeadlineWithName(Duration.ofHours(72), SLA_DEADLINE);
        assertThat(dispatched(OpenException.class)).singleElement().satisfies(open -> {
            assertThat(open.reason()).isEqualTo(ExceptionReason.DUPLICATE_CONFLICT);
            assertThat(open.priority()).isEqualTo(Priority.P4);
            assertThat(open.team()).isEqualTo("warehouse-ops");
            assertThat(open.system()).isEqualTo(WAREHOUSE);
        });
    }

    @Test
    void anUnmappedIdentityOpensForTheCatalogOwnerAndAReplayAutoResolvesIt() throws Exception {
        MessageParked parked = new MessageParked("INBOX-1", STOREFRONT, "sf-77", "MOVEMENT", "UNMAPPED_IDENTITY",
                "unknown sku", "shop-sku-1", "WH-EAST", "{}", "storefront-dev", T0);
        fixture.givenCurrentTime(T0).whenPublishingA(parked)
                .expectAssociationWith(ExceptionSaga.INBOX_KEY, "INBOX-1");
        assertThat(dispatched(OpenException.class)).singleElement().satisfies(open -> {
            assertThat(open.reason()).isEqualTo(ExceptionReason.UNMAPPED_IDENTITY);
            assertThat(open.priority()).isEqualTo(Priority.P4);
            assertThat(open.team()).isEqualTo("erp-ops");
            assertThat(open.system()).isEqualTo(STOREFRONT);
        });

        fixture = fixtureWith(TestRules.NO_HISTORY);
        fixture.givenCurrentTime(T0).andThenAPublished(parked)
                .whenPublishingA(new ParkedMessageReplayed("INBOX-1", STOREFRONT, "sf-77", "APPLIED", null, "admin-dev", T0));
        assertThat(dispatched(AutoResolveException.class)).singleElement()
                .satisfies(auto -> assertThat(auto.cause()).isEqualTo("PARKED_MESSAGE_REPLAYED"));
    }

    @Test
    void aMessageParkedForAnotherReasonOpensNothing() throws Exception {
        fixture.givenCurrentTime(T0)
                .whenPublishingA(new MessageParked("INBOX-2", STOREFRONT, "sf-78", "MOVEMENT", "OTHER", "x", null, null, "{}", "a", T0))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private <C> List<C> dispatched(Class<C> type) {
        return ((RecordingCommandBus) fixture.getCommandBus()).getDispatchedCommands().stream()
                .map(CommandMessage::getPayload).filter(type::isInstance).map(type::cast).toList();
    }

    private static StepState step() {
        return new StepState(STEP, new DocumentRef("ORDER", "SO-1", "1"), MovementType.SHIPPED, WAREHOUSE,
                Set.of(WAREHOUSE, ERP), Map.of(WAREHOUSE, 2L), 2, false, Map.of(ERP, 2L), Map.of(), false, T0);
    }

    private static StepAwaitingReports awaiting(boolean highRisk) {
        return new StepAwaitingReports(POSITION, STEP, step(), highRisk, highRisk ? Duration.ofMinutes(2) : WINDOW, T0, "wh-shipped-1");
    }

    private static StepCompleted completed() {
        return new StepCompleted(POSITION, STEP, step(), T0, T0.plus(Duration.ofMinutes(45)), 45 * 60_000, "erp-shipped-1");
    }

    private static StepOverdue overdue(boolean highRisk, LaggingReporter... lagging) {
        return new StepOverdue(POSITION, STEP, step(), List.of(lagging), highRisk, T0, T0.plus(WINDOW));
    }

    private static VarianceDetected varianceDetected(String reasonCode) {
        return new VarianceDetected(POSITION, VARIANCE, WAREHOUSE, "on_hand", 7, 8, -1, 0, reasonCode, true, false,
                WINDOW, T0, "wh-count-1");
    }
}
