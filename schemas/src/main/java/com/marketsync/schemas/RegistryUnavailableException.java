package com.marketsync.schemas;

/**
 * The schema registry could not be reached, or did not answer within the request timeout, while an event was encoded
 * or decoded. The event itself is fine: it must be tried again later, never dead-lettered or skipped. Carries its
 * cause as text only, so that it survives the Java serialization of a dead-letter or deserialization header.
 */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message) {
        super(message);
    }

    /** Whether this is the failure or one of its causes. */
    public static boolean isCauseOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
