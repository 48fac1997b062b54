package org.recon.query.position;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record PositionView(String sku, String location, Map<String, Long> quantities,
                           Map<String, SystemObservation> systems, List<VarianceView> variances, String status,
                           List<String> riskFlags, List<String> openExceptions, Instant lastEventAt, long version) {
}
