package org.recon.command.platform;

import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;
import org.recon.support.axon.CachedCommandTargetResolver;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every aggregate's commands are routed by the cached resolver: Axon's {@code AggregateConfigurer} takes the
 * configuration's {@link CommandTargetResolver} component when an aggregate names none, so this component is
 * what each aggregate's command handler uses (Axon's own resolver reflects over the command at every command).
 */
class CommandRoutingTest extends CommandSideIntegrationTest {

    @Autowired
    Configuration axon;

    @Test
    void theCommandSideRoutesCommandsWithTheCachedResolver() {
        assertThat(axon.getComponent(CommandTargetResolver.class)).isInstanceOf(CachedCommandTargetResolver.class);
    }
}
