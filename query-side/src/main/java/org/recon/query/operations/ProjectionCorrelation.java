package org.recon.query.operations;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.recon.support.axon.AxonModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * No correlation data on the query side. Axon asks the correlation data providers for every message it
 * creates inside a unit of work, and a processor creates a result message for every event it handles,
 * so the shared providers (message origin, audit metadata) would deserialise the metadata of every event
 * in every processor. Projections create no commands or events, so nothing would ever carry that data.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionCorrelation {

    @Bean
    AxonModule noCorrelationData() {
        return configurer -> configurer.configureCorrelationDataProviders(c -> List.<CorrelationDataProvider>of());
    }
}
