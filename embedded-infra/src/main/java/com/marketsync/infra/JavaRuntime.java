package com.marketsync.infra;

import java.nio.file.Path;

/** The Java executable used for child processes that need a JDK 21+ (the one running this JVM). */
public final class JavaRuntime {

    private JavaRuntime() {}

    public static String javaExecutable() {
        int feature = Runtime.version().feature();
        if (feature < 21) {
            throw new IllegalStateException("Java 21+ is needed to start child processes; this JVM is Java " + feature);
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
