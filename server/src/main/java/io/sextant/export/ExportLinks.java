package io.sextant.export;

import io.sextant.store.ExportFileStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signed download links: {@code <base>/v1/exports/{exportId}/download?expires=<epoch ms>&signature=<s>}
 * where s = HMAC-SHA256(secret, exportId + "\n" + expires), base64url without padding.
 *
 * <p>The secret (256 random bits) is the store's ({@link ExportFileStore#linkSecret()}): created
 * once, kept across restarts and the same on every API node of one store, so a link handed out by
 * one node is valid on any other and after a restart.
 */
@Component
class ExportLinks {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    ExportLinks(ExportFileStore files) {
        this.key = new SecretKeySpec(files.linkSecret(), ALGORITHM);
    }
    /** The absolute download URL of an export under {@code base} (scheme, host, port and context path). */
    String url(String base, String exportId, long expires) {
        return UriComponentsBuilder.fromUriString(base)
                .path("/v1/exports/{id}/download")
                .queryParam("expires", expires)
                .queryParam("signature", sign(exportId, expires))
                .buildAndExpand(exportId).encode().toUriString();
    }

    String sign(String exportId, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] sig = mac.doFinal((exportId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** True when {@code signature} is this service's signature of the id and expiry (compared in constant time). */
    boolean verify(String exportId, long expires, String signature) {
        byte[] expected = sign(exportId, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
    }
}
