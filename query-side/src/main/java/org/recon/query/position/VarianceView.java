package org.recon.query.position;

/**
 * One system's view of one state that differs from its expected view. {@code status}: {@code TIMING}
 * (explained by steps in flight), {@code VARIANCE} (unexplained beyond tolerance, window running),
 * {@code OVERDUE} (still unexplained when its window ended).
 */
public record VarianceView(String system, String state, long reported, long expected, long unexplained,
                           long inFlight, String status) {

    public static final String TIMING = "TIMING";
    public static final String VARIANCE = "VARIANCE";
    public static final String OVERDUE = "OVERDUE";

    static String key(String system, String state) {
        return system + "/" + state;
    }
}
