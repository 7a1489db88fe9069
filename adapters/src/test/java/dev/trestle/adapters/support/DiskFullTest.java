package dev.trestle.adapters.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trestle.domain.model.ErrorCode;
import dev.trestle.domain.model.ErrorInfo;
import dev.trestle.domain.model.Phase;
import dev.trestle.domain.model.TrestleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

class DiskFullTest {

    @Test
    void the_linux_macos_and_windows_messages_mean_disk_full() {
        assertThat(DiskFull.is(new FileSystemException("/data/x", null, "No space left on device"))).isTrue();
        assertThat(DiskFull.is(new IOException("Disk quota exceeded"))).isTrue();
        // Windows ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39)
        assertThat(DiskFull.is(new FileSystemException("C:\\data\\x", null,
                "There is not enough space on the disk"))).isTrue();
        assertThat(DiskFull.is(new IOException("The disk is full"))).isTrue();
    }

    @Test
    void the_cause_chain_and_an_already_mapped_error_count() {
        assertThat(DiskFull.is(new UncheckedIOException(new IOException("No space left on device")))).isTrue();
        assertThat(DiskFull.is(new TrestleException(ErrorInfo.of(ErrorCode.DISK_FULL, Phase.WORKBENCH)))).isTrue();
    }

    @Test
    void other_write_failures_are_not_disk_full() {
        assertThat(DiskFull.is(new FileSystemException("/data/x", null, "Permission denied"))).isFalse();
        assertThat(DiskFull.is(new IOException((String) null))).isFalse();
        assertThat(DiskFull.is(new TrestleException(ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED, Phase.SETTINGS))))
                .isFalse();
    }
}
