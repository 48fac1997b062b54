package org.recon.command.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's defaults and environment variables for the position cache, and what start-up refuses. */
class PositionCachePropertiesTest {

    private static PositionCacheProperties bind(Map<String, Object> environment) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                environment));
        try (LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean()) {
            validator.afterPropertiesSet();
            return new Binder(ConfigurationPropertySources.from(sources))
                    .bindOrCreate("recon.positions", Bindable.of(PositionCacheProperties.class),
                            new ValidationBindHandler(validator));
        }
    }

    @Test
    void defaultsAreThoseTheReadmeDocuments() {
        PositionCacheProperties defaults = bind(Map.of());
        assertThat(defaults.cacheSize()).isEqualTo(20_000);
        assertThat(defaults.cacheHeldItems()).isEqualTo(1_500_000);
    }

    @Test
    void theEnvironmentVariablesOfTheReadmeOverrideThem() {
        PositionCacheProperties set = bind(Map.of("RECON_POSITIONS_CACHESIZE", "500",
                "RECON_POSITIONS_CACHEHELDITEMS", "2000000"));
        assertThat(set.cacheSize()).isEqualTo(500);
        assertThat(set.cacheHeldItems()).isEqualTo(2_000_000);
    }

    @Test
    void aCacheOfNothingIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("RECON_POSITIONS_CACHEHELDITEMS", "0")))
                .isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of("RECON_POSITIONS_CACHESIZE", "0")))
                .isInstanceOf(BindException.class);
    }
}
