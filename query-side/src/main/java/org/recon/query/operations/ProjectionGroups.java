package org.recon.query.operations;

import java.util.List;

/** The processing groups (one processor each) of this service's projections. */
public record ProjectionGroups(List<String> names) {
}
