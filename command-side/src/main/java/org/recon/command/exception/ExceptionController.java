package org.recon.command.exception;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.recon.api.common.QuantityState;
import org.recon.api.exception.AcknowledgeException;
import org.recon.api.exception.AssignException;
import org.recon.api.exception.Resolution;
import org.recon.api.exception.ResolutionAdjustment;
import org.recon.api.exception.ResolveException;
import org.recon.api.position.AdjustmentReason;
import org.recon.command.config.ReconProperties;
import org.recon.support.security.ApiKeyPrincipal;
import org.recon.support.security.Role;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Operators work their team's exceptions; admins any (DESIGN section 5). The role check is in
 * {@code CommandSideAccess}; the team check is the aggregate's, so it holds however the command arrives.
 */
@RestController
@RequestMapping("/api/v1/exceptions/{id}")
@Tag(name = "Exceptions", description = "Acknowledge, assign and resolve reconciliation exceptions")
class ExceptionController {

    private static final int MAX_NOTE = 4000;

    private final CommandGateway commandGateway;
    private final Set<String> teams;

    ExceptionController(CommandGateway commandGateway, ReconProperties properties) {
        this.commandGateway = commandGateway;
        this.teams = properties.systems().values().stream().map(ReconProperties.SystemSettings::ownerTeam)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    record AssignRequest(String team) {
    }

    record AdjustmentRequest(String state, Long delta, String reason) {
    }

    record ResolveRequest(String resolution, String note, AdjustmentRequest adjustment) {
    }

    /** What every operator action answers: the exception's id, its status and owning team afterwards. */
    record ExceptionActionResponse(String id, String status, String team) {
    }

    @PostMapping("/acknowledge")
    @Operation(summary = "Take an OPEN exception on (OPERATOR of the owning team, ADMIN)")
    ExceptionActionResponse acknowledge(@PathVariable String id, Authentication authentication) {
        ApiKeyPrincipal caller = caller(authentication);
        return send(() -> new AcknowledgeException(id, caller.name(), teamOf(caller)));
    }

    @PostMapping("/assign")
    @Operation(summary = "Hand an exception to another team (OPERATOR of the owning team, ADMIN)")
    ExceptionActionResponse assign(@PathVariable String id, @RequestBody(required = false) AssignRequest body,
                                   Authentication authentication) {
        ApiKeyPrincipal caller = caller(authentication);
        String team = body == null || body.team() == null ? null : body.team().trim();
        if (team == null || team.isEmpty()) {
            throw ApiException.invalid(List.of(new FieldViolation("team", "is required")));
        }
        if (!teams.contains(team)) {
            throw ApiException.invalid(List.of(new FieldViolation("team", "unknown team '" + team + "'; known: " + teams)));
        }
        return send(() -> new AssignException(id, team, caller.name(), teamOf(caller)));
    }

    @PostMapping("/resolve")
    @Operation(summary = "Close an exception with a resolution and a note; ADJUSTED applies its adjustment to the position")
    ExceptionActionResponse resolve(@PathVariable String id, @RequestBody(required = false) ResolveRequest body,
                                    Authentication authentication) {
        ApiKeyPrincipal caller = caller(authentication);
        ResolveException command = validated(id, body == null ? new ResolveRequest(null, null, null) : body, caller);
        return send(() -> command);
    }

    private ResolveException validated(String id, ResolveRequest body, ApiKeyPrincipal caller) {
        List<FieldViolation> errors = new ArrayList<>();
        Resolution resolution = null;
        if (body.resolution() == null || body.resolution().isBlank()) {
            errors.add(new FieldViolation("resolution", "is required; one of " + Arrays.toString(Resolution.values())));
        } else {
            try {
                resolution = Resolution.valueOf(body.resolution().trim().toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation("resolution", "unknown resolution '" + body.resolution() + "'; one of "
                        + Arrays.toString(Resolution.values())));
            }
        }
        if (body.note() == null || body.note().isBlank()) {
            errors.add(new FieldViolation("note", "is required"));
        } else if (body.note().length() > MAX_NOTE) {
            errors.add(new FieldViolation("note", "at most " + MAX_NOTE + " characters"));
        }
        ResolutionAdjustment adjustment = null;
        AdjustmentRequest requested = body.adjustment();
        if (resolution == Resolution.ADJUSTED && requested == null) {
            errors.add(new FieldViolation("adjustment", "is required for resolution ADJUSTED"));
        } else if (resolution != null && resolution != Resolution.ADJUSTED && requested != null) {
            errors.add(new FieldViolation("adjustment", "only resolution ADJUSTED carries an adjustment"));
        } else if (requested != null) {
            adjustment = validatedAdjustment(requested, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new ResolveException(id, resolution, body.note().trim(), adjustment, caller.name(), teamOf(caller));
    }

    private static ResolutionAdjustment validatedAdjustment(AdjustmentRequest requested, List<FieldViolation> errors) {
        QuantityState state = QuantityState.fromCode(requested.state()).orElse(null);
        if (requested.state() == null || requested.state().isBlank()) {
            errors.add(new FieldViolation("adjustment.state", "is required"));
        } else if (state == null) {
            errors.add(new FieldViolation("adjustment.state", "unknown state '" + requested.state() + "'"));
        } else if (state == QuantityState.AVAILABLE) {
            errors.add(new FieldViolation("adjustment.state", "available is derived and cannot be adjusted; adjust on_hand"));
        }
        if (requested.delta() == null) {
            errors.add(new FieldViolation("adjustment.delta", "is required"));
        } else if (requested.delta() == 0) {
            errors.add(new FieldViolation("adjustment.delta", "must not be 0"));
        } else if (Math.abs(requested.delta()) > 2_000_000_000L) {
            errors.add(new FieldViolation("adjustment.delta", "at most 2,000,000,000 units either way"));
        }
        AdjustmentReason reason = AdjustmentReason.EXCEPTION_RESOLUTION;
        if (requested.reason() != null && !requested.reason().isBlank()) {
            reason = AdjustmentReason.fromCode(requested.reason()).orElse(null);
            if (reason == null) {
                errors.add(new FieldViolation("adjustment.reason", "unknown reason '" + requested.reason() + "'"));
            }
        }
        if (state == null || state == QuantityState.AVAILABLE || requested.delta() == null || reason == null) {
            return null;
        }
        return new ResolutionAdjustment(state.code(), requested.delta(), reason);
    }

    private ExceptionActionResponse send(Supplier<Object> command) {
        try {
            ReconciliationException.Outcome outcome = commandGateway.sendAndWait(command.get());
            return new ExceptionActionResponse(outcome.exceptionId(), outcome.status().name(), outcome.team());
        } catch (RuntimeException e) {
            throw translated(e);
        }
    }

    private static RuntimeException translated(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AggregateNotFoundException) {
                return ApiException.notFound("Exception");
            }
            if (t instanceof ConcurrencyException) {
                // another node changed the exception at the same moment: the caller decides again on what is there now
                return ApiException.conflict("CONCURRENT_MODIFICATION",
                        "The exception was changed at the same time by someone else; reload it and retry.");
            }
            if (t instanceof ExceptionRuleViolation violation) {
                return switch (violation.kind()) {
                    case INVALID_TRANSITION -> new ApiException(HttpStatus.CONFLICT, "INVALID_TRANSITION", violation.getMessage());
                    case NOT_OWNER -> ApiException.forbidden(violation.getMessage());
                    case INVALID_COMMAND -> new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", violation.getMessage());
                };
            }
        }
        return e;
    }

    private static ApiKeyPrincipal caller(Authentication authentication) {
        if (authentication == null || !(authentication.getPrincipal() instanceof ApiKeyPrincipal principal)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "MISSING_API_KEY", "This endpoint needs an API key.");
        }
        if (!principal.is(Role.OPERATOR) && !principal.is(Role.ADMIN)) {
            throw ApiException.forbidden("Only operators and admins work exceptions.");
        }
        if (principal.is(Role.OPERATOR) && (principal.team() == null || principal.team().isBlank())) {
            // without a team an operator would pass the aggregate's check like an admin
            throw ApiException.forbidden("This operator key belongs to no team.");
        }
        return principal;
    }

    /** Admins act on any team's exceptions, so they send no team to check against. */
    private static String teamOf(ApiKeyPrincipal caller) {
        return caller.is(Role.ADMIN) ? null : caller.team();
    }
}
