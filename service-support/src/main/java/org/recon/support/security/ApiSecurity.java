package org.recon.support.security;

import org.recon.support.web.ProblemWriter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * API-key security shared by both services. Each service contributes its path rules as an
 * {@link AccessRules} bean; documentation and health answer without a key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiKeyProperties.class)
public class ApiSecurity {

    /** A service's authorisation rules, applied after the public endpoints and before "everything else needs a key". */
    @FunctionalInterface
    public interface AccessRules
            extends Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {
    }

    /**
     * No Micrometer observations inside the security filter chain: with them, Spring Security wraps
     * the chain and every one of its filters in an observation (a timer sample, a context and a
     * handler call per filter and request), which cost more CPU than the API-key check itself at
     * peak ingest. Requests stay observed as a whole by Spring MVC's {@code http.server.requests}.
     */
    @Bean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    public ApiKeyRegistry apiKeyRegistry(ApiKeyProperties properties, Environment environment) {
        return new ApiKeyRegistry(properties, environment);
    }

    @Bean
    public SecurityFilterChain apiFilterChain(HttpSecurity http, ApiKeyRegistry registry, ProblemWriter problems,
                                              AccessRules rules) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(registry, problems), AnonymousAuthenticationFilter.class)
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> problems.write(response,
                                HttpStatus.UNAUTHORIZED, "MISSING_API_KEY",
                                "This endpoint needs an API key in the " + ApiKeyAuthenticationFilter.HEADER + " header."))
                        .accessDeniedHandler((request, response, e) -> problems.write(response,
                                HttpStatus.FORBIDDEN, "FORBIDDEN",
                                "This API key's role may not call " + request.getMethod() + " " + request.getRequestURI() + ".")))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                            "/swagger-ui.html", "/swagger-ui/**", "/error").permitAll();
                    authorize.requestMatchers("/actuator/**").hasRole(Role.ADMIN.name());
                    rules.customize(authorize);
                    authorize.anyRequest().authenticated();
                });
        return http.build();
    }
}
