package dev.vigil.correlate;

/**
 * Outbound transfer far above a host's own baseline, from a byte counter (node_exporter's
 * {@code node_network_transmit_bytes_total}): the rate between samples is compared with an exponentially
 * weighted mean and variance of the rates seen so far, learned only from normal samples so a transfer does
 * not teach the baseline. A sample is anomalous when its rate is above {@code factor} times the mean, above
 * the mean plus six standard deviations, and above a floor; the detector fires after {@code sustain}
 * anomalous samples in a row. Counter resets (a smaller value) are skipped. Pure state in a small record,
 * so the Flink operator keeps it in one value state.
 */
public final class RateBaseline {
    /** Samples of normal traffic before the baseline is trusted. */
    public static final int WARM_UP = 30;
    static final double ALPHA = 0.05;

    /**
     * @param lastValue counter value of the previous sample
     * @param lastTime  its time, epoch millis
     * @param mean      mean rate, bytes/s
     * @param variance  variance of the rate
     * @param samples   normal samples learned
     * @param above     anomalous samples in a row
     */
    public record State(double lastValue, long lastTime, double mean, double variance, int samples, int above) {}

    /** What one sample says: its rate, and whether the detector fires on it. */
    public record Step(State next, double rate, boolean fires) {}

    private RateBaseline() {}

    public static Step step(State s, long time, double value, double factor, double floor, int sustain) {
        if (s == null) {
            return new Step(new State(value, time, 0, 0, 0, 0), Double.NaN, false);
        }
        double seconds = (time - s.lastTime()) / 1000.0;
        if (seconds <= 0 || value < s.lastValue()) {
            return new Step(new State(value, time, s.mean(), s.variance(), s.samples(), 0), Double.NaN, false);
        }
        double rate = (value - s.lastValue()) / seconds;
        boolean anomalous = s.samples() >= WARM_UP && rate > floor && rate > factor * s.mean()
                && rate > s.mean() + 6 * Math.sqrt(s.variance());
        if (anomalous) {
            int above = s.above() + 1;
            return new Step(new State(value, time, s.mean(), s.variance(), s.samples(), above), rate, above >= sustain);
        }
        double mean = s.samples() == 0 ? rate : s.mean() + ALPHA * (rate - s.mean());
        double variance = s.samples() == 0 ? 0 : (1 - ALPHA) * (s.variance() + ALPHA * (rate - s.mean()) * (rate - s.mean()));
        return new Step(new State(value, time, mean, variance, s.samples() + 1, 0), rate, false);
    }
}
