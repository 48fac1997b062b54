package org.recon.command.exception;

import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.Test;
import org.recon.api.common.PositionId;
import org.recon.api.common.SystemId;
import org.recon.api.exception.ExceptionOpened;
import org.recon.api.position.CloseStepWindow;
import org.recon.api.position.LaggingReporter;
import org.recon.api.position.StepAwaitingReports;
import org.recon.api.position.StepOverdue;
import org.recon.command.CommandSideApplication;
import org.recon.devdb.EmbeddedDatabase;
import org.recon.devdb.TestDatabase;
import org.recon.support.axon.AxonModule;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A window that ends while the command side is down fires once when it comes back: the saga lives in
 * saga_entry, its deadline in db-scheduler's table. Runs two application lifetimes, one after the
 * other, on a database of its own in the test PostgreSQL, so no other running context fires it.
 */
class DeadlineSurvivesRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration WINDOW = Duration.ofSeconds(3);

    private final List<Object> dispatched = new CopyOnWriteArrayList<>();

    @Test
    void aWindowEndingWhileTheServiceIsDownFiresOnceAfterTheRestart() throws Exception {
        String url = freshDatabase();
        PositionId position = PositionId.of("EXC-RESTART-1", "WH-EAST");
        String stepId = position.asString() + "#ORDER/SO-9/1/SHIPPED#1";
        Instant detectedAt;

        try (ConfigurableApplicationContext before = start(url)) {
            detectedAt = Instant.now();
            publish(before, new StepAwaitingReports(position, stepId, ExceptionFlowIntegrationTest.step(stepId), false,
                    WINDOW, detectedAt, "wh-9"));
            await().atMost(PATIENCE).until(() -> count(url, "select count(*) from association_value_entry "
                    + "where association_key = 'stepId' and association_value = '" + stepId + "'") == 1
                    && count(url, "select count(*) from scheduled_tasks") == 1);
        }

        // the service is down while the window ends
        Duration untilAfterWindow = Duration.between(Instant.now(), detectedAt.plus(WINDOW).plusSeconds(1));
        if (!untilAfterWindow.isNegative()) {
            Thread.sleep(untilAfterWindow.toMillis());
        }
        assertThat(dispatched).noneMatch(CloseStepWindow.class::isInstance);
        assertThat(count(url, "select count(*) from scheduled_tasks")).isEqualTo(1);

        try (ConfigurableApplicationContext after = start(url)) {
            await().atMost(PATIENCE).until(() -> closeWindows(position, stepId) == 1);
            // the position answers; the restored saga opens the exception
            publish(after, new StepOverdue(position, stepId, ExceptionFlowIntegrationTest.step(stepId),
                    List.of(new LaggingReporter(SystemId.of("ERP"), "MISSING_ACKNOWLEDGEMENT", 0, 2)), false, detectedAt, Instant.now()));
            String id = ExceptionRules.exceptionId("step", stepId, "ERP", "MISSING_ACKNOWLEDGEMENT");
            Configuration axon = after.getBean(Configuration.class);
            await().atMost(PATIENCE).until(() -> axon.eventStore().readEvents(id).asStream()
                    .map(Message::getPayload).anyMatch(ExceptionOpened.class::isInstance));
            // fired once, although the scheduler polls every 0.2 s in the test profile
            await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).until(() -> true);
            assertThat(closeWindows(position, stepId)).isEqualTo(1);
        }
    }

    private long closeWindows(PositionId position, String stepId) {
        return dispatched.stream().filter(new CloseStepWindow(position, stepId)::equals).count();
    }

    private ConfigurableApplicationContext start(String url) {
        AxonModule probe = configurer -> configurer.onInitialize(axon -> axon.onStart(0, () ->
                axon.commandBus().registerDispatchInterceptor(messages -> (index, message) -> {
                    dispatched.add(message.getPayload());
                    return message;
                })));
        return new SpringApplicationBuilder(CommandSideApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("commandProbe", probe))
                .run("--spring.profiles.active=embedded,test",
                        "--recon.db.url=" + url,
                        "--recon.db.user=" + EmbeddedDatabase.USER,
                        "--recon.db.password=" + EmbeddedDatabase.PASSWORD,
                        "--server.port=0");
    }

    private static void publish(ConfigurableApplicationContext context, Object event) {
        context.getBean(Configuration.class).eventStore().publish(GenericEventMessage.asEventMessage(event));
    }

    private static String freshDatabase() throws SQLException {
        EmbeddedDatabase database = TestDatabase.get();
        String name = "recon_restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + database.port() + "/" + name;
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
