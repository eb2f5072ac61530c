package com.marketsync.sim;

/**
 * How the simulator answers an authenticated API call after limits and faults: go ahead, or fail with a status the
 * provider then words in its own error shape.
 *
 * @param outcome what to answer
 * @param retryAfterSeconds value of a {@code Retry-After} header to send, or null for none
 */
public record Admission(Outcome outcome, Integer retryAfterSeconds) {

    static final Admission PROCEED = new Admission(Outcome.PROCEED, null);

    /** The answer to give. */
    public enum Outcome {
        /** Serve the call (a malformed-body fault still proceeds; its body is cut short afterwards). */
        PROCEED,
        /** 429, from the credential's limits or from an injected fault. */
        TOO_MANY_REQUESTS,
        /** 500, from an injected fault. */
        SERVER_ERROR,
        /** 504 after holding the call past a client's read timeout, from an injected fault. */
        GATEWAY_TIMEOUT
    }
}
