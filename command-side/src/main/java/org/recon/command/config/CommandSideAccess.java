package org.recon.command.config;

import org.recon.support.security.ApiSecurity.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static org.recon.support.security.Role.ADMIN;
import static org.recon.support.security.Role.OPERATOR;
import static org.recon.support.security.Role.SOURCE;

/** Who may call what on the command side (DESIGN section 5); finer checks (own system, own team) happen per request. */
@Configuration(proxyBeanMethods = false)
class CommandSideAccess {

    @Bean
    AccessRules commandSideAccessRules() {
        return authorize -> authorize
                .requestMatchers(HttpMethod.POST, "/api/v1/movements", "/api/v1/movements/batch",
                        "/api/v1/observations", "/api/v1/observations/batch").hasRole(SOURCE.name())
                .requestMatchers(HttpMethod.POST, "/api/v1/adjustments").hasAnyRole(OPERATOR.name(), ADMIN.name())
                .requestMatchers(HttpMethod.PUT, "/api/v1/skus/*/risk").hasAnyRole(OPERATOR.name(), ADMIN.name())
                .requestMatchers(HttpMethod.PUT, "/api/v1/aliases/**", "/api/v1/skus/*", "/api/v1/locations/*").hasRole(ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/v1/exceptions/*/*").hasAnyRole(OPERATOR.name(), ADMIN.name())
                .requestMatchers("/api/v1/inbox/**").hasRole(ADMIN.name());
    }
}
