package org.recon.support.axon;

import org.axonframework.config.Configurer;

/** A piece of a service's Axon set-up (aggregates, sagas, processors), contributed as a Spring bean. */
@FunctionalInterface
public interface AxonModule {

    void configure(Configurer configurer);
}
