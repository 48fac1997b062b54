package org.recon.query.position;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.recon.api.common.RiskFlag;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

@Entity
@Table(name = "qry_sku_risk")
public class SkuRiskRow {

    @Id
    String sku;
    private String flags;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected SkuRiskRow() {
    }

    public SkuRiskRow(String sku, String flags, Instant updatedAt) {
        this.sku = sku;
        this.flags = flags;
        this.updatedAt = updatedAt;
    }

    static String encode(Set<RiskFlag> flags) {
        return flags == null ? "" : flags.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    public List<String> flags() {
        return flags == null || flags.isBlank() ? List.of() : Arrays.asList(flags.split(","));
    }
}
