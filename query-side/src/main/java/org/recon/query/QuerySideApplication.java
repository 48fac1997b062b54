package org.recon.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The query side: read models, reports, audit stream and projection replay (port 8081). */
@EnableScheduling
@SpringBootApplication(scanBasePackages = {"org.recon.query", "org.recon.support"})
@ConfigurationPropertiesScan(basePackages = {"org.recon.query", "org.recon.support"})
public class QuerySideApplication {

    public static void main(String[] args) {
        System.setProperty("axon.update-check.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
