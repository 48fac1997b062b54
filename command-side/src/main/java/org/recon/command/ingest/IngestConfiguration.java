package org.recon.command.ingest;

import org.recon.command.config.ReconProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/** The edge's validation, with each source's own reason vocabulary from {@code recon.reason-mapping}. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean
    IngestValidation ingestValidation(ReconProperties properties) {
        return new IngestValidation(Clock.systemUTC(), (system, theirs) -> {
            Map<String, String> mapping = properties.reasonMapping().getOrDefault(system,
                    properties.reasonMapping().getOrDefault(system.toLowerCase(Locale.ROOT), Map.of()));
            String ours = mapping.get(theirs);
            return ours != null ? ours : mapping.get(theirs.toLowerCase(Locale.ROOT));
        });
    }
}
