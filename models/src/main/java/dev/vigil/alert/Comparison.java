package dev.vigil.alert;

import java.util.Optional;

/** The comparisons a threshold rule can make. */
public enum Comparison {
    GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case EQ -> value == threshold;
            case NE -> value != threshold;
        };
    }

    public static Optional<Comparison> parse(String text) {
        for (Comparison c : values()) {
            if (c.symbol.equals(text) || c.name().equalsIgnoreCase(text)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
