package org.recon.query.audit;

import java.util.List;

public record VerifyReport(long checkedPositions, List<Mismatch> mismatches) {

    public record Mismatch(String sku, String location, String field, String expected, String actual) {
    }
}
