package org.recon.query.platform;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.recon.query.support.QuerySideIntegrationTest;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Logback turbo filter runs on every logging call before the level is looked at, so a disabled debug call on a
 * processor's thread (Axon makes several per event) pays for it: the services register none (DECISIONS §16).
 */
class LoggingOverheadTest extends QuerySideIntegrationTest {

    @Test
    void noTurboFilterSitsInFrontOfEveryLoggingCall() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();

        assertThat(logging.getTurboFilterList()).isEmpty();
    }
}
