package org.recon.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.recon.support.web.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Authenticates a request by its {@code X-Api-Key} header; an unknown key is refused at once with 401. */
public final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Api-Key";

    private final ApiKeyRegistry registry;
    private final ProblemWriter problems;

    public ApiKeyAuthenticationFilter(ApiKeyRegistry registry, ProblemWriter problems) {
        this.registry = registry;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            Optional<ApiKeyPrincipal> principal = registry.lookup(key.trim());
            if (principal.isEmpty()) {
                problems.write(response, HttpStatus.UNAUTHORIZED, "UNKNOWN_API_KEY",
                        "The " + HEADER + " header does not carry a known API key.");
                return;
            }
            var authentication = new UsernamePasswordAuthenticationToken(principal.get(), null,
                    List.of(new SimpleGrantedAuthority(principal.get().role().authority())));
            SecurityContextHolder.getContext().setAuthentication(authentication);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
