package dev.vigil.sigma;

/**
 * A rule Vigil cannot load or honour. The message names the file, the rule and the feature: the Sigma
 * specification asks backends to fail on what they do not support, never to ignore it silently.
 */
public final class SigmaException extends Exception {
    private static final long serialVersionUID = 1L;

    public SigmaException(String message) {
        super(message);
    }
}
