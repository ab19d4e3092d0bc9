package dev.vigil.logs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Template ids: the first 8 bytes of the SHA-256 of the template text, in hex. The same template gets
 * the same id on every host, job run and replay, whatever order its lines arrived in.
 */
public final class TemplateIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TemplateIds() {}

    public static String of(String template) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest(template.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        char[] out = new char[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[d[i] & 0xf];
        }
        return new String(out);
    }
}
