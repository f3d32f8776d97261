package dev.jtorch.kernel.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The connection file Jupyter writes for a kernel: where to bind each socket and how to sign.
 *
 * <pre>{@code
 * ConnectionInfo info = ConnectionInfo.read(Path.of(args[0]));
 * String shell = info.endpoint(info.shellPort());   // "tcp://127.0.0.1:53794"
 * }</pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConnectionInfo(
        @JsonProperty("transport") String transport,
        @JsonProperty("ip") String ip,
        @JsonProperty("shell_port") int shellPort,
        @JsonProperty("control_port") int controlPort,
        @JsonProperty("stdin_port") int stdinPort,
        @JsonProperty("iopub_port") int iopubPort,
        @JsonProperty("hb_port") int hbPort,
        @JsonProperty("key") String key,
        @JsonProperty("signature_scheme") String signatureScheme) {

    /** Reads and checks a connection file; fails with a message that names the file and the problem. */
    public static ConnectionInfo read(Path file) throws IOException {
        ConnectionInfo info = new ObjectMapper().readValue(file.toFile(), ConnectionInfo.class);
        if (info.transport == null || info.ip == null) {
            throw new IOException("connection file " + file + " lacks transport or ip");
        }
        if (info.key == null) {
            // Only an explicit empty key turns signing off; a file that lost its key must not open the kernel to anyone.
            throw new IOException("connection file " + file + " has no \"key\"; write \"key\": \"\" to run "
                    + "without message signing");
        }
        if (info.signatureScheme != null && !info.signatureScheme.isEmpty()
                && !info.signatureScheme.equals("hmac-sha256")) {
            throw new IOException("connection file " + file + ": unsupported signature_scheme "
                    + info.signatureScheme + " (only hmac-sha256)");
        }
        return info;
    }

    /** The ZeroMQ endpoint for {@code port}: {@code tcp://ip:port}, or {@code ipc://ip-port} for ipc. */
    public String endpoint(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }

    /** The signing key (empty: messages are not signed). */
    public String key() {
        return key == null ? "" : key;
    }
}
