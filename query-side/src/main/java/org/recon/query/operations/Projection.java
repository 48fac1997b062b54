package org.recon.query.operations;

/** An event handler bean that builds a read model; registered with the processor named by its {@code @ProcessingGroup}. */
public interface Projection {
}
