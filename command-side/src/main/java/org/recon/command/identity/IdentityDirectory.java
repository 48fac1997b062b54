package org.recon.command.identity;

import org.recon.api.common.RiskFlag;
import org.recon.api.common.Sku;
import org.recon.command.position.RiskFlagLookup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

/**
 * What the ingest edge needs to know about identity: canonical codes, aliases and risk flags.
 * Read from tables that {@link IdentityDirectoryProjection} keeps in step with the identity events.
 */
@Component
public class IdentityDirectory implements RiskFlagLookup {

    public enum Kind { SKU, LOCATION }

    private final JdbcClient jdbc;

    IdentityDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Canonical codes are only ever added, never removed: once seen committed, they need no more look-ups. */
    private final Set<String> knownCanonical = ConcurrentHashMap.newKeySet();

    public boolean isCanonical(Kind kind, String code) {
        String key = kind.name() + ":" + code;
        if (knownCanonical.contains(key)) {
            return true;
        }
        boolean canonical = jdbc.sql("select count(*) from identity_code where kind = ? and code = ?")
                .params(kind.name(), code).query(Long.class).single() > 0;
        if (canonical) {
            rememberOnceCommitted(key);
        }
        return canonical;
    }

    /** A row read inside a transaction that may still roll back is remembered only once it commits. */
    private void rememberOnceCommitted(String key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    knownCanonical.add(key);
                }
            });
        } else {
            knownCanonical.add(key);
        }
    }

    /** The codes among {@code codes} that are canonical: one query for those not yet known to be. */
    public Set<String> canonicalAmong(Kind kind, Collection<String> codes) {
        Set<String> canonical = new HashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String code : new LinkedHashSet<>(codes)) {
            if (knownCanonical.contains(kind.name() + ":" + code)) {
                canonical.add(code);
            } else {
                unknown.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            for (String code : jdbc.sql("select code from identity_code where kind = :kind and code in (:codes)")
                    .param("kind", kind.name()).param("codes", unknown).query(String.class).list()) {
                canonical.add(code);
                rememberOnceCommitted(kind.name() + ":" + code);
            }
        }
        return canonical;
    }

    /** The aliases a system has for any of {@code codes}: external code to canonical code, in one query. */
    public Map<String, String> aliases(Kind kind, String system, Collection<String> codes) {
        Map<String, String> aliases = new HashMap<>();
        if (codes.isEmpty()) {
            return aliases;
        }
        jdbc.sql("select external_code, canonical from identity_alias where kind = :kind and system = :system "
                        + "and external_code in (:codes)")
                .param("kind", kind.name()).param("system", system).param("codes", List.copyOf(new LinkedHashSet<>(codes)))
                .query((row, index) -> Map.entry(row.getString(1), row.getString(2))).list()
                .forEach(alias -> aliases.put(alias.getKey(), alias.getValue()));
        return aliases;
    }

    public Optional<String> alias(Kind kind, String system, String externalCode) {
        return jdbc.sql("select canonical from identity_alias where kind = ? and system = ? and external_code = ?")
                .params(kind.name(), system, externalCode).query(String.class).optional();
    }

    /**
     * The canonical code a system's code stands for: its alias if it has one, else the code itself
     * when it is canonical; empty when neither (the message must wait in the inbox).
     */
    public Optional<String> resolve(Kind kind, String system, String code) {
        Optional<String> aliased = alias(kind, system, code);
        if (aliased.isPresent()) {
            return aliased;
        }
        return isCanonical(kind, code) ? Optional.of(code) : Optional.empty();
    }

    public List<RiskFlag> riskFlags(Sku sku) {
        return jdbc.sql("select flag from sku_risk_flag where sku = ? order by flag")
                .param(sku.value()).query(String.class).list().stream().map(RiskFlag::valueOf).toList();
    }

    @Override
    public boolean isFlagged(Sku sku) {
        return jdbc.sql("select count(*) from sku_risk_flag where sku = ?")
                .param(sku.value()).query(Long.class).single() > 0;
    }

    /** A parked message as the inbox keeps it. */
    public record ParkedEntry(String inboxId, String system, String eventId, String kind, String externalSku,
                              String externalLocation, String payload, String status) {
    }

    public Optional<ParkedEntry> inboxEntry(String inboxId) {
        return jdbc.sql("select inbox_id, system, event_id, kind, external_sku, external_location, payload, status "
                        + "from inbox_entry where inbox_id = ?")
                .param(inboxId).query(ParkedEntry.class).optional();
    }

    /** Parked messages of a system that mention the given external SKU or location code. */
    public List<ParkedEntry> parkedMentioning(Kind kind, String system, String externalCode) {
        String column = kind == Kind.SKU ? "external_sku" : "external_location";
        String systemFilter = system == null ? "" : " and system = :system";
        return jdbc.sql("select inbox_id, system, event_id, kind, external_sku, external_location, payload, status "
                        + "from inbox_entry where status = 'PARKED' and " + column + " = :code" + systemFilter
                        + " order by parked_at, inbox_id")
                .param("code", externalCode).param("system", system)
                .query(ParkedEntry.class).list();
    }
}
