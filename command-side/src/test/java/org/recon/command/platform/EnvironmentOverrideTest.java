package org.recon.command.platform;

import org.junit.jupiter.api.Test;
import org.recon.command.config.DeadlineProperties;
import org.recon.command.config.ReconProperties;
import org.recon.support.axon.EventStoreProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN section 3: every recon.* key can be overridden by an environment variable (Spring's relaxed
 * binding). Checks the forms the README documents against the command side's real application.yml.
 */
class EnvironmentOverrideTest {

    private static Binder binder(Map<String, Object> environment) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                environment));
        for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))) {
            sources.addLast(yaml);
        }
        for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("recon-common.yml", new ClassPathResource("recon-common.yml"))) {
            sources.addLast(yaml);
        }
        return new Binder(ConfigurationPropertySources.from(sources));
    }

    private static ReconProperties recon(Map<String, Object> environment) throws IOException {
        return binder(environment).bind("recon", ReconProperties.class).get();
    }

    @Test
    void defaultsComeFromApplicationYml() throws IOException {
        ReconProperties recon = recon(Map.of());
        assertThat(recon.window().standard()).isEqualTo(Duration.ofMinutes(15));
        assertThat(recon.window().highRisk()).isEqualTo(Duration.ofMinutes(2));
        assertThat(recon.window().transit()).isEqualTo(Duration.ofDays(2));
        assertThat(recon.lowStockThreshold()).isEqualTo(5);
        assertThat(recon.tolerance().standard()).isZero();
        assertThat(recon.sla().p1()).isEqualTo(Duration.ofMinutes(30));
        assertThat(recon.sla().p4()).isEqualTo(Duration.ofHours(72));
        assertThat(recon.systems()).containsOnlyKeys("STOREFRONT", "ERP", "WAREHOUSE");
        assertThat(recon.ownership()).containsEntry("on_hand", "WAREHOUSE").containsEntry("catalog", "ERP");
    }

    @Test
    void scalarKeysAreOverriddenByTheirEnvironmentVariable() throws IOException {
        ReconProperties recon = recon(Map.of(
                "RECON_WINDOW_DEFAULT", "PT5S",
                "RECON_WINDOW_HIGH_RISK", "PT1S",
                "RECON_WINDOW_TRANSIT", "PT1H",
                "RECON_LOW_STOCK_THRESHOLD", "9",
                "RECON_TOLERANCE_DEFAULT", "2",
                "RECON_SLA_P1", "PT10M"));
        assertThat(recon.window().standard()).isEqualTo(Duration.ofSeconds(5));
        assertThat(recon.window().highRisk()).isEqualTo(Duration.ofSeconds(1));
        assertThat(recon.window().transit()).isEqualTo(Duration.ofHours(1));
        assertThat(recon.lowStockThreshold()).isEqualTo(9);
        assertThat(recon.tolerance().standard()).isEqualTo(2);
        assertThat(recon.sla().p1()).isEqualTo(Duration.ofMinutes(10));

        Binder binder = binder(Map.of("RECON_EVENT_STORE_GAP_TIMEOUT_MILLIS", "90000", "RECON_DEADLINES_POLLING_INTERVAL", "PT0.5S",
                "RECON_DB_POOL_SIZE", "7"));
        assertThat(binder.bind("recon.event-store", EventStoreProperties.class).get().gapTimeoutMillis()).isEqualTo(90000);
        assertThat(binder.bind("recon.deadlines", DeadlineProperties.class).get().pollingInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(binder.bind("recon.db.pool-size", Integer.class).get()).isEqualTo(7);
    }

    /** The canonical forms the README's table gives: upper case, '.' to '_', '-' dropped. */
    @Test
    void canonicalEnvironmentVariableNamesOfTheReadme() throws IOException {
        Map<String, Object> environment = Map.of(
                "RECON_WINDOW_HIGHRISK", "PT3S",
                "RECON_LOWSTOCKTHRESHOLD", "11",
                "RECON_DB_POOLSIZE", "8",
                "RECON_DEADLINES_POLLINGINTERVAL", "PT2S",
                "RECON_EVENTSTORE_GAPTIMEOUTMILLIS", "120000",
                "RECON_EVENTSTORE_FETCHDELAYMILLIS", "10",
                "RECON_EVENTSTORE_NOTIFICATIONS", "false",
                "RECON_EXPECTEDREPORTERS_SHIPPED", "WAREHOUSE,ERP");
        ReconProperties recon = recon(environment);
        assertThat(recon.window().highRisk()).isEqualTo(Duration.ofSeconds(3));
        assertThat(recon.lowStockThreshold()).isEqualTo(11);
        assertThat(recon.expectedReporters()).containsEntry("SHIPPED", java.util.List.of("WAREHOUSE", "ERP"));
        Binder binder = binder(environment);
        assertThat(binder.bind("recon.db.pool-size", Integer.class).get()).isEqualTo(8);
        assertThat(binder.bind("recon.deadlines", DeadlineProperties.class).get().pollingInterval()).isEqualTo(Duration.ofSeconds(2));
        EventStoreProperties eventStore = binder.bind("recon.event-store", EventStoreProperties.class).get();
        assertThat(eventStore.gapTimeoutMillis()).isEqualTo(120000);
        assertThat(eventStore.fetchDelayMillis()).isEqualTo(10);
        assertThat(eventStore.notifications()).isFalse();
    }

    /**
     * Map keys (system ids, quantity states) can be set from the environment too, but the variable's
     * name cannot carry case or an underscore inside a key: RECON_SYSTEMS_STOREFRONT_OWNERTEAM also
     * adds a key "storefront", RECON_OWNERSHIP_ON_HAND also "on.hand". ReconProperties normalises keys
     * (upper-case system ids and types; '.' to '_' in states), so these variables work as written.
     */
    @Test
    void mapKeysFromEnvironmentVariablesAreNormalised() throws IOException {
        ReconProperties recon = recon(Map.of(
                "RECON_SYSTEMS_STOREFRONT_OWNERTEAM", "web-ops",
                "RECON_SYSTEMS_MARKETPLACE_OWNERTEAM", "marketplace-ops",
                "RECON_OWNERSHIP_ON_HAND", "ERP"));
        assertThat(recon.systems().get("STOREFRONT").ownerTeam()).isEqualTo("web-ops");
        // ReconProperties brings the keys back to one form: a new system by environment variable just works
        assertThat(recon.systems().get("MARKETPLACE").ownerTeam()).isEqualTo("marketplace-ops");
        assertThat(recon.systems()).doesNotContainKeys("storefront", "marketplace");
        assertThat(recon.ownership()).containsEntry("on_hand", "ERP").doesNotContainKey("on.hand");
    }
}
