package dev.trestle.adapters.system;

import dev.trestle.domain.model.CancelToken;
import dev.trestle.domain.port.out.SleeperPort;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waits for a retry delay on a latch that the request's cancel releases early; no polling. */
public final class CancellableSleeper implements SleeperPort {
    @Override
    public boolean sleep(Duration delay, CancelToken cancel) {
        if (cancel.isCancelled()) {
            return false;
        }
        if (delay.isZero() || delay.isNegative()) {
            return true;
        }
        CountDownLatch cancelled = new CountDownLatch(1);
        cancel.onCancel(cancelled::countDown);
        try {
            boolean woken = cancelled.await(delay.toNanos(), TimeUnit.NANOSECONDS);
            return !woken && !cancel.isCancelled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
