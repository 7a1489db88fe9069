package dev.trestle.domain.port.out;

import dev.trestle.domain.model.CancelToken;
import java.time.Duration;

/** Waits between retries; returns false if cancelled while waiting. */
public interface SleeperPort {
    boolean sleep(Duration delay, CancelToken cancel);
}
