package org.recon.api.common;

/** Flags that make every position of a SKU high risk: the short window, zero tolerance, higher priority. */
public enum RiskFlag {
    PROMOTION,
    TOP_SELLER,
    NEW_LOCATION
}
