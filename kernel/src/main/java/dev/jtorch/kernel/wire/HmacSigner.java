package dev.jtorch.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies Jupyter messages with HMAC-SHA256 over the four JSON frames
 * (header, parent header, metadata, content). An empty key disables signing, as in Jupyter.
 *
 * <pre>{@code
 * var signer = new HmacSigner("secret");
 * String sig = signer.sign(header, parent, metadata, content);
 * boolean ok = signer.verify(sig, header, parent, metadata, content);
 * }</pre>
 */
public final class HmacSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private final byte[] key;
    // Mac is stateful; each socket thread gets its own.
    private final ThreadLocal<Mac> macs;

    /** A signer for {@code key}; the empty key means "no signatures". */
    public HmacSigner(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** Whether messages are signed at all. */
    public boolean enabled() {
        return key.length > 0;
    }

    /** The hex signature of the frames, or "" when signing is disabled. */
    public String sign(byte[]... frames) {
        if (!enabled()) {
            return "";
        }
        return HexFormat.of().formatHex(digest(frames));
    }

    /** Checks {@code signature} against the frames in constant time. */
    public boolean verify(String signature, byte[]... frames) {
        if (!enabled()) {
            return true;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(given, digest(frames));
    }

    private byte[] digest(byte[]... frames) {
        Mac mac = macs.get();
        for (byte[] frame : frames) {
            mac.update(frame);
        }
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JDK", e);
        }
    }
}
