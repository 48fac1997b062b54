package org.recon.command.position;

import org.recon.api.common.Sku;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * When a position is high risk (a flagged SKU, or low stock) and what that means: the shorter
 * window and zero tolerance. The priority side of risk lives with the exception routing.
 */
public final class RiskPolicy {

    private final Predicate<Sku> flagged;
    private final long lowStockThreshold;
    private final long tolerance;
    private final Duration standardWindow;
    private final Duration highRiskWindow;
    private final Duration transitWindow;

    public RiskPolicy(Predicate<Sku> flagged, long lowStockThreshold, long tolerance,
                      Duration standardWindow, Duration highRiskWindow, Duration transitWindow) {
        this.flagged = flagged;
        this.lowStockThreshold = lowStockThreshold;
        this.tolerance = tolerance;
        this.standardWindow = standardWindow;
        this.highRiskWindow = highRiskWindow;
        this.transitWindow = transitWindow;
    }

    public static RiskPolicy defaults(Predicate<Sku> flagged) {
        return new RiskPolicy(flagged, 5, 0, Duration.ofMinutes(15), Duration.ofMinutes(2), Duration.ofDays(2));
    }

    public boolean isHighRisk(Sku sku, long available) {
        return available <= lowStockThreshold || flagged.test(sku);
    }

    public long tolerance(boolean highRisk) {
        return highRisk ? 0 : tolerance;
    }

    public Duration window(boolean highRisk) {
        return highRisk ? highRiskWindow : standardWindow;
    }

    public Duration transitWindow() {
        return transitWindow;
    }
}
