package dev.vigil.decode;

/**
 * Service interface that makes decoders pluggable: a jar that lists an implementation in
 * {@code META-INF/services/dev.vigil.decode.DecoderFactory} adds a format users can name.
 */
public interface DecoderFactory {
    String name();

    Decoder create(DecoderOptions options);
}
