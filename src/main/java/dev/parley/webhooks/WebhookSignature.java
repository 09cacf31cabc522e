package dev.parley.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Parley-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} where the HMAC
 * key is the endpoint's secret (the whole {@code whsec_…} string, UTF-8) and the signed text is
 * {@code <t>.<raw body>}. Receivers recompute it and reject old timestamps (docs/webhooks.md).
 */
public final class WebhookSignature {

    public static final String HEADER = "Parley-Signature";

    private WebhookSignature() {}

    public static String header(String secret, long timestamp, String body) {
        return "t=" + timestamp + ",v1=" + hmac(secret, timestamp + "." + body);
    }

    public static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
