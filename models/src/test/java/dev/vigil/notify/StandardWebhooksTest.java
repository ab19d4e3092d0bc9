package dev.vigil.notify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhooksTest {
    // The specification's example: secret, message id, timestamp and body, and the signature it gives
    // (checked with Python's hmac module too).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsAsTheSpecificationsExample() {
        assertThat(StandardWebhooks.sign(SECRET, ID, TS, BODY)).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verifiesOneOfSeveralSignaturesAndRejectsAChangedBody() {
        String header = "v1,bm90LXRoaXMtb25l " + StandardWebhooks.sign(SECRET, ID, TS, BODY);
        assertThat(StandardWebhooks.verify(SECRET, ID, TS, BODY, header)).isTrue();
        assertThat(StandardWebhooks.verify(SECRET, ID, TS, BODY + " ", header)).isFalse();
        assertThat(StandardWebhooks.verify(SECRET, ID, TS + 1, BODY, header)).isFalse();
    }
}
