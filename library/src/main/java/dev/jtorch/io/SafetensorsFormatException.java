package dev.jtorch.io;

/**
 * A file that is not a valid safetensors file, or whose content does not match its
 * checksum: truncated, corrupted or written by something else. The message names the file
 * and the cause (and the tensor, where one is at fault).
 */
public class SafetensorsFormatException extends IllegalArgumentException {

    /** An error about {@code file}, described by {@code message}. */
    public SafetensorsFormatException(String message) {
        super(message);
    }

    /** An error about {@code file}, described by {@code message}, caused by {@code cause}. */
    public SafetensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
