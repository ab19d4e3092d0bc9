package dev.vigil.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Signatures of the Standard Webhooks specification: {@code webhook-signature: v1,<base64 HMAC-SHA256
 * of "id.timestamp.body">}, the key being the base64 after {@code whsec_} (or, without that prefix, the
 * secret's UTF-8 bytes). Written by hand: the JDK has HMAC, and the specification's Java library is not
 * on Maven Central here.
 */
public final class StandardWebhooks {
    private StandardWebhooks() {}

    public static String sign(String secret, String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether one of the space-separated signatures in {@code header} is this body's, compared in constant time. */
    public static boolean verify(String secret, String id, long timestampSeconds, String body, String header) {
        byte[] expected = sign(secret, id, timestampSeconds, body).getBytes(StandardCharsets.UTF_8);
        for (String s : header.split(" ")) {
            if (MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] key(String secret) {
        return secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6)) : secret.getBytes(StandardCharsets.UTF_8);
    }
}
