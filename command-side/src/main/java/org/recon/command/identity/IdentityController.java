package org.recon.command.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.recon.api.common.CanonicalCode;
import org.recon.api.common.LocationCode;
import org.recon.api.common.RiskFlag;
import org.recon.api.common.Sku;
import org.recon.api.common.SystemId;
import org.recon.api.identity.MapLocationAlias;
import org.recon.api.identity.MapSkuAlias;
import org.recon.api.identity.RegisterLocation;
import org.recon.api.identity.RegisterSku;
import org.recon.api.identity.SetRiskFlags;
import org.recon.command.config.ReconProperties;
import org.recon.command.identity.IdentityDirectory.Kind;
import org.recon.command.ingest.IngestResponse;
import org.recon.command.ingest.IngestService;
import org.recon.support.security.ApiKeyPrincipal;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Canonical codes, aliases and risk flags. Mapping an alias or registering a code replays what it unblocks. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Identity", description = "Canonical SKUs and locations, per-system aliases, risk flags")
class IdentityController {

    record SkuAliasRequest(String sku) {
    }

    record LocationAliasRequest(String location) {
    }

    record RegistrationRequest(String description) {
    }

    record RiskFlagsRequest(List<String> flags) {
    }

    record AliasResponse(String system, String externalCode, String canonical, List<IngestResponse> replayed) {
    }

    record RegistrationResponse(String code, String description, List<IngestResponse> replayed) {
    }

    record RiskFlagsResponse(String sku, Set<RiskFlag> flags) {
    }

    private final CommandGateway commands;
    private final IngestService ingest;
    private final ReconProperties properties;

    IdentityController(CommandGateway commands, IngestService ingest, ReconProperties properties) {
        this.commands = commands;
        this.ingest = ingest;
        this.properties = properties;
    }

    @PutMapping(path = "/aliases/skus/{system}/{externalSku}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Map a system's own SKU code to a canonical SKU (ADMIN); replays the parked messages it resolves")
    AliasResponse mapSku(@PathVariable String system, @PathVariable String externalSku,
                         @RequestBody SkuAliasRequest request, Authentication caller) {
        String systemId = knownSystem(system);
        String external = code("externalSku", externalSku);
        String sku = code("sku", request == null ? null : request.sku());
        String actor = actor(caller);
        commands.sendAndWait(new MapSkuAlias(IdentityAlias.skuAliasId(systemId, external), SystemId.of(systemId), external,
                Sku.of(sku), actor));
        return new AliasResponse(systemId, external, sku, replayed(ingest.replayWaitingOn(Kind.SKU, systemId, external, actor)));
    }

    @PutMapping(path = "/aliases/locations/{system}/{externalLocation}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Map a system's own location code to a canonical location (ADMIN); replays what it resolves")
    AliasResponse mapLocation(@PathVariable String system, @PathVariable String externalLocation,
                              @RequestBody LocationAliasRequest request, Authentication caller) {
        String systemId = knownSystem(system);
        String external = code("externalLocation", externalLocation);
        String location = code("location", request == null ? null : request.location());
        String actor = actor(caller);
        commands.sendAndWait(new MapLocationAlias(IdentityAlias.locationAliasId(systemId, external), SystemId.of(systemId),
                external, LocationCode.of(location), actor));
        return new AliasResponse(systemId, external, location,
                replayed(ingest.replayWaitingOn(Kind.LOCATION, systemId, external, actor)));
    }

    @PutMapping(path = "/skus/{sku}")
    @Operation(summary = "Register a canonical SKU (ADMIN); replays parked messages that used it")
    RegistrationResponse registerSku(@PathVariable String sku, @RequestBody(required = false) RegistrationRequest request,
                                     Authentication caller) {
        String code = code("sku", sku);
        String description = request == null ? null : request.description();
        String actor = actor(caller);
        commands.sendAndWait(new RegisterSku(Sku.of(code), description, actor));
        return new RegistrationResponse(code, description, replayed(ingest.replayWaitingOn(Kind.SKU, null, code, actor)));
    }

    @PutMapping(path = "/locations/{location}")
    @Operation(summary = "Register a canonical location (ADMIN); replays parked messages that used it")
    RegistrationResponse registerLocation(@PathVariable String location,
                                          @RequestBody(required = false) RegistrationRequest request, Authentication caller) {
        String code = code("location", location);
        String description = request == null ? null : request.description();
        String actor = actor(caller);
        commands.sendAndWait(new RegisterLocation(LocationCode.of(code), description, actor));
        return new RegistrationResponse(code, description,
                replayed(ingest.replayWaitingOn(Kind.LOCATION, null, code, actor)));
    }

    @PutMapping(path = "/skus/{sku}/risk", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set a SKU's risk flags: PROMOTION, TOP_SELLER, NEW_LOCATION (ADMIN, OPERATOR)")
    RiskFlagsResponse setRisk(@PathVariable String sku, @RequestBody RiskFlagsRequest request, Authentication caller) {
        String code = code("sku", sku);
        if (request == null || request.flags() == null) {
            throw ApiException.invalid(List.of(new FieldViolation("flags", "is required (an empty list clears them)")));
        }
        Set<RiskFlag> flags = EnumSet.noneOf(RiskFlag.class);
        List<FieldViolation> errors = new ArrayList<>();
        for (String flag : request.flags()) {
            try {
                flags.add(RiskFlag.valueOf(flag == null ? "" : flag.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldViolation("flags", "unknown flag '" + flag + "'; one of " + List.of(RiskFlag.values())));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        commands.sendAndWait(new SetRiskFlags(Sku.of(code), flags, actor(caller)));
        return new RiskFlagsResponse(code, flags);
    }

    private String knownSystem(String system) {
        String id = system == null ? "" : system.trim().toUpperCase(Locale.ROOT);
        if (!properties.systems().containsKey(id)) {
            throw ApiException.invalid(List.of(new FieldViolation("system", "unknown system '" + system + "'; configured: "
                    + properties.systems().keySet())));
        }
        return id;
    }

    private static String code(String field, String raw) {
        var problem = CanonicalCode.problem(raw);
        if (problem.isPresent()) {
            throw ApiException.invalid(List.of(new FieldViolation(field, problem.get())));
        }
        return CanonicalCode.normalise(raw);
    }

    private static String actor(Authentication caller) {
        return ((ApiKeyPrincipal) caller.getPrincipal()).name();
    }

    private static List<IngestResponse> replayed(List<IngestService.Result> results) {
        return results.stream()
                .filter(IngestService.Result.Accepted.class::isInstance)
                .map(IngestService.Result.Accepted.class::cast)
                .map(accepted -> new IngestResponse(accepted.eventId(), accepted.outcome().name(), accepted.sku(),
                        accepted.location(), accepted.code(), accepted.detail()))
                .toList();
    }
}
