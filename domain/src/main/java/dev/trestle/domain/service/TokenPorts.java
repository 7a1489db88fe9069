package dev.trestle.domain.service;

import dev.trestle.domain.port.out.TokenCalibrationPort;
import dev.trestle.domain.port.out.TokenCounterPort;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * What token accounting needs ({@code algorithms.md} §6): the local counter, the calibration store, and the executor
 * that counts large changes off the request threads (one thread is plenty; tests may pass a direct executor).
 */
public record TokenPorts(TokenCounterPort counter, TokenCalibrationPort calibration, Executor background) {
    public TokenPorts {
        Objects.requireNonNull(counter, "counter");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(background, "background");
    }
}
