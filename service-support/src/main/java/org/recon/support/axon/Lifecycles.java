package org.recon.support.axon;

import org.springframework.context.SmartLifecycle;

/** A Spring lifecycle around a start and a stop action, in a given phase. */
public final class Lifecycles {

    private Lifecycles() {
    }

    public static SmartLifecycle of(Runnable start, Runnable stop, int phase) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                start.run();
                running = true;
            }

            @Override
            public void stop() {
                stop.run();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return phase;
            }
        };
    }
}
