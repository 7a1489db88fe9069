package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void schedule_is_half_two_and_eight_seconds() {
        assertThat(RetrySchedule.scheduled(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(RetrySchedule.scheduled(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetrySchedule.scheduled(3)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void out_of_range_retries_are_refused() {
        assertThatThrownBy(() -> RetrySchedule.scheduled(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySchedule.scheduled(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void no_fourth_retry() {
        assertThat(RetrySchedule.delayBefore(4, null)).isEmpty();
        assertThat(RetrySchedule.delayBefore(3, null)).contains(Duration.ofSeconds(8));
    }

    @Test
    void retry_after_raises_a_shorter_delay() {
        assertThat(RetrySchedule.delayBefore(1, Duration.ofSeconds(3))).contains(Duration.ofSeconds(3));
    }

    @Test
    void retry_after_never_lowers_the_schedule() {
        assertThat(RetrySchedule.delayBefore(3, Duration.ofSeconds(1))).contains(Duration.ofSeconds(8));
        assertThat(RetrySchedule.delayBefore(1, Duration.ZERO)).contains(Duration.ofMillis(500));
    }

    @Test
    void retry_after_of_sixty_seconds_still_retries() {
        assertThat(RetrySchedule.delayBefore(1, Duration.ofSeconds(60))).contains(Duration.ofSeconds(60));
    }

    @Test
    void retry_after_above_sixty_seconds_means_no_retry() {
        assertThat(RetrySchedule.delayBefore(1, Duration.ofSeconds(61))).isEmpty();
        assertThat(RetrySchedule.delayBefore(1, Duration.ofSeconds(120))).isEmpty();
        assertThat(RetrySchedule.delayBefore(1, Duration.ofMillis(60_500))).isEmpty();
    }
}
