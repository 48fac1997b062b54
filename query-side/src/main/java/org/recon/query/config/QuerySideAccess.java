package org.recon.query.config;

import org.recon.support.security.ApiSecurity.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static org.recon.support.security.Role.ADMIN;
import static org.recon.support.security.Role.AUDITOR;
import static org.recon.support.security.Role.OPERATOR;
import static org.recon.support.security.Role.REPORTER;

/** Who may read what on the query side (DESIGN section 5). */
@Configuration(proxyBeanMethods = false)
class QuerySideAccess {

    @Bean
    AccessRules querySideAccessRules() {
        String[] readers = {REPORTER.name(), AUDITOR.name(), OPERATOR.name(), ADMIN.name()};
        return authorize -> authorize
                .requestMatchers("/api/v1/audit/**").hasAnyRole(AUDITOR.name(), ADMIN.name())
                .requestMatchers("/api/v1/inbox/**", "/api/v1/admin/**").hasRole(ADMIN.name())
                .requestMatchers(HttpMethod.GET, "/api/v1/positions/**", "/api/v1/exceptions/**",
                        "/api/v1/documents/**", "/api/v1/reports/**").hasAnyRole(readers);
    }
}
