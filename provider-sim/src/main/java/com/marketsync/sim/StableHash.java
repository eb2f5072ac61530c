package com.marketsync.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hash of a few strings that is identical on every JVM and run, the seed of all simulated data. */
public final class StableHash {

    private StableHash() {}

    // creating a MessageDigest costs more than hashing a few strings, and one is not thread-safe
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    });

    public static long of(Object... parts) {
        MessageDigest sha = SHA_256.get();
        sha.reset();
        for (Object part : parts) {
            sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            // separator so ("ab","c") and ("a","bc") differ
            sha.update((byte) 0);
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    /** A value in {@code [0, bound)} derived from the parts. */
    public static int bounded(int bound, Object... parts) {
        return (int) Math.floorMod(of(parts), (long) bound);
    }
}
