package org.recon.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The command side: ingest API, positions, exceptions and their saga (port 8080). */
@SpringBootApplication(scanBasePackages = {"org.recon.command", "org.recon.support"})
@ConfigurationPropertiesScan(basePackages = {"org.recon.command", "org.recon.support"})
public class CommandSideApplication {

    public static void main(String[] args) {
        System.setProperty("axon.update-check.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
