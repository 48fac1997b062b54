package org.recon.support.axon;

/**
 * An aggregate whose state grows with its history tells how much it holds, so that a cache of such
 * aggregates can be bounded by what they hold rather than by how many there are.
 */
public interface HeldState {

    /** The entries the aggregate's growing collections hold (each roughly the same size); at least 1. */
    long heldItems();
}
