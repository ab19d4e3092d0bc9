package dev.vigil.forecast;

/**
 * A forecast of when a resource runs out.
 *
 * @param time       when it was made, epoch millis
 * @param current    free fraction now (0 = exhausted)
 * @param eta        predicted exhaustion time, epoch millis ({@link Long#MAX_VALUE}: not within sight)
 * @param etaLower   earliest exhaustion in the 80% band
 * @param etaUpper   latest ({@link Long#MAX_VALUE} when the band includes no growth)
 * @param ratePerHour growth of the used fraction per hour (positive: filling)
 * @param method     {@code trend-<horizon>} or {@code cycle-peaks}
 * @param horizonMs  history the fit used
 * @param sustained  the fill shows in each third of that history on its own (Mann-Kendall), so it is a
 *                   trend and not a step, such as a batch burst, inside the window
 */
public record Forecast(long time, double current, long eta, long etaLower, long etaUpper, double ratePerHour, String method,
        long horizonMs, boolean sustained) {
    public boolean filling() {
        return eta != Long.MAX_VALUE;
    }
}
