package io.sextant.export;

import io.sextant.SextantProperties;
import io.sextant.api.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Signed download links: {@code <base>/v1/exports/{exportId}/download?expires=<epoch ms>&signature=<s>}
 * where s = HMAC-SHA256(secret, exportId + "\n" + expires), base64url without padding.
 *
 * <p>The secret (256 random bits) is created in {@code <data-dir>/export-link.key} on the first
 * start, readable by the owner only, and kept across restarts, so links stay valid after one.
 * Deleting the file invalidates every link handed out.
 */
@Component
class ExportLinks {

    static final String SECRET_FILE = "export-link.key";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    ExportLinks(SextantProperties props) {
        this.key = new SecretKeySpec(loadOrCreateSecret(props.dataDir().resolve(SECRET_FILE)), ALGORITHM);
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

    private static byte[] loadOrCreateSecret(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                // Only one process holds the data directory (the database lock), so nobody races this.
                SecretFiles.writeOwnerOnly(file, HexFormat.of().formatHex(secret) + "\n");
            }
            return HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the export link secret " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the export link secret " + file + " is damaged; delete it to create a new one "
                    + "(links handed out so far stop working)", e);
        }
    }
}
