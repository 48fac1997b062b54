package org.recon.support.concurrent;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.util.concurrent.ThreadFactory;

/** Threads of the services' own pools: named for thread dumps, and never keeping a stopping JVM alive. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory named(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix + "-");
        factory.setDaemon(true);
        return factory;
    }
}
