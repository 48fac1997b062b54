package org.recon.command.platform;

import org.junit.jupiter.api.Test;
import org.recon.support.security.ApiKeyPrincipal;
import org.recon.support.security.ApiKeyProperties;
import org.recon.support.security.ApiKeyProperties.ApiKey;
import org.recon.support.security.ApiKeyRegistry;
import org.recon.support.security.DemoKeys;
import org.recon.support.security.Role;
import org.springframework.mock.env.MockEnvironment;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API-key registry on its own: demo keys only in the embedded profile, hashes only, roles bound correctly. */
class ApiKeyRegistryTest {

    private static MockEnvironment profiles(String... active) {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles(active);
        return environment;
    }

    private static ApiKeyProperties keys(ApiKey... keys) {
        return new ApiKeyProperties(List.of(keys));
    }

    private static ApiKey source(String name, String key, String system) {
        return new ApiKey(name, DemoKeys.sha256(key), Role.SOURCE, system, null);
    }

    @Test
    void demoKeysAreRefusedAtStartUpWithoutTheEmbeddedProfile() {
        ApiKeyProperties demo = keys(source("storefront-dev", "storefront-dev-key", "STOREFRONT"));

        assertThatThrownBy(() -> new ApiKeyRegistry(demo, profiles()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("storefront-dev")
                .hasMessageContaining("demo key");
        assertThatThrownBy(() -> new ApiKeyRegistry(demo, profiles("prod")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyPublishedDemoKeyIsRefusedOutsideTheEmbeddedProfileWhateverItsCase() {
        for (String demoKey : DemoKeys.KEYS) {
            ApiKeyProperties demo = keys(new ApiKey("someone", DemoKeys.sha256(demoKey).toUpperCase(), Role.ADMIN, null, null));
            assertThatThrownBy(() -> new ApiKeyRegistry(demo, profiles("test")))
                    .as(demoKey)
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void demoKeysWorkInTheEmbeddedProfile() {
        ApiKeyRegistry registry = new ApiKeyRegistry(keys(source("storefront-dev", "storefront-dev-key", "STOREFRONT")),
                profiles("embedded", "test"));

        assertThat(registry.lookup("storefront-dev-key"))
                .contains(new ApiKeyPrincipal("storefront-dev", Role.SOURCE, "STOREFRONT", null));
    }

    @Test
    void ownKeysWorkOutsideTheEmbeddedProfile() {
        ApiKeyRegistry registry = new ApiKeyRegistry(keys(
                source("erp", "a-long-random-erp-key", " erp "),
                new ApiKey("ops", DemoKeys.sha256("a-long-random-ops-key").toUpperCase(), Role.OPERATOR, null, "erp-ops"),
                new ApiKey("admin", DemoKeys.sha256("a-long-random-admin-key"), Role.ADMIN, null, null)), profiles("prod"));

        assertThat(registry.lookup("a-long-random-erp-key"))
                .as("system trimmed and upper-cased")
                .contains(new ApiKeyPrincipal("erp", Role.SOURCE, "ERP", null));
        assertThat(registry.lookup("a-long-random-ops-key"))
                .as("hash compared whatever the case of its hex digits")
                .contains(new ApiKeyPrincipal("ops", Role.OPERATOR, null, "erp-ops"));
        assertThat(registry.lookup("a-long-random-admin-key")).map(ApiKeyPrincipal::role).contains(Role.ADMIN);
    }

    @Test
    void anUnknownKeyIsEmpty() {
        ApiKeyRegistry registry = new ApiKeyRegistry(keys(source("erp", "a-long-random-erp-key", "ERP")), profiles());

        assertThat(registry.lookup("not-a-key")).isEmpty();
        assertThat(registry.lookup("")).isEmpty();
        assertThat(registry.lookup("a-long-random-erp-key ")).as("no trimming inside the registry").isEmpty();
        assertThat(registry.lookup(DemoKeys.sha256("a-long-random-erp-key")))
                .as("the configured hash is not itself a key").isEmpty();
        assertThat(new ApiKeyRegistry(keys(), profiles()).lookup("anything")).isEmpty();
    }

    @Test
    void aSourceKeyWithoutASystemIsRefused() {
        assertThatThrownBy(() -> new ApiKeyRegistry(keys(source("nobody", "some-key", null)), profiles()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nobody")
                .hasMessageContaining("SOURCE");
        assertThatThrownBy(() -> new ApiKeyRegistry(keys(source("blank", "some-key", "  ")), profiles()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOperatorKeyWithoutATeamIsRefused() {
        ApiKey operator = new ApiKey("ops", DemoKeys.sha256("some-key"), Role.OPERATOR, null, " ");
        assertThatThrownBy(() -> new ApiKeyRegistry(keys(operator), profiles()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OPERATOR");
    }
}
