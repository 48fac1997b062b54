package org.recon.query.audit;

import java.util.List;

/** A page of the audit stream; {@code next} is the {@code after} of the following page, null at the end. */
public record AuditPage(List<AuditEvent> items, Long next) {
}
