package org.recon.query.document;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public record DocumentView(String type, String id, List<Step> steps) {

    public record Step(String sku, String location, String line, String type, String authority, long effective,
                       boolean provisional, Map<String, Long> reported, Map<String, Long> inFlight, boolean complete,
                       Instant firstReportedAt) {
    }
}
