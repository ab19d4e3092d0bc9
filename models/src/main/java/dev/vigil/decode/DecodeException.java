package dev.vigil.decode;

/** A record that cannot be read; the message names the field or position and becomes the dead letter's reason. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String reason) {
        super(reason == null || reason.isBlank() ? "unreadable record (the decoder gave no reason)" : reason, null, false, false);
    }
}
