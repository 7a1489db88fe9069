package dev.trestle.domain.model;

/**
 * The automatic retries one user action may spend ({@code errors.md} §5: at most {@value RetrySchedule#MAX_RETRIES}),
 * shared by every provider call the action makes (a proposal's repair round reuses the first call's budget), so one
 * click never sends more than {@code 1 + MAX_RETRIES} failing requests per call chain. Not thread-safe: one action
 * runs on one thread.
 */
public final class RetryBudget {
    private int used;

    /** A fresh budget for one user action. */
    public static RetryBudget perAction() {
        return new RetryBudget();
    }

    /** The 1-based number of the next retry (its schedule slot). */
    public int nextRetry() {
        return used + 1;
    }

    /** Spends one retry; false when the budget is exhausted. */
    public boolean take() {
        if (used >= RetrySchedule.MAX_RETRIES) {
            return false;
        }
        used++;
        return true;
    }
}
