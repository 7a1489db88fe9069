package dev.trestle.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class NotificationsTest {

    private static JsonObject json(String s) {
        return JsonParser.parseString(s).getAsJsonObject();
    }

    @Test
    void restore_progress_shows_phase_and_percent() {
        assertThat(Notifications.describe("CheckpointRestoreProgress",
                json("{\"workbench_id\":\"W\",\"checkpoint_id\":\"C\",\"phase\":\"staging\",\"percent\":40}")))
                .isEqualTo("restore: staging 40%");
    }

    @Test
    void files_changed_lists_added_and_removed_names() {
        assertThat(Notifications.describe("WorkbenchFilesChanged",
                json("{\"workbench_id\":\"W\",\"added\":[\"a.txt\"],\"removed\":[\"b.md\",\"c.csv\"],\"updated\":[]}")))
                .isEqualTo("files added a.txt; removed b.md, c.csv");
    }

    @Test
    void a_pin_change_names_the_checkpoint_and_its_new_state() {
        assertThat(Notifications.describe("CheckpointPinChanged",
                json("{\"workbench_id\":\"W\",\"checkpoint_id\":\"C\",\"pinned\":false}")))
                .isEqualTo("checkpoint C unpinned");
    }

    @Test
    void stream_deltas_and_unknown_methods_are_not_described() {
        assertThat(Notifications.describe("WorkshopAssistantStreamDelta", json("{\"token_delta\":\"hi\"}"))).isNull();
        assertThat(Notifications.describe("SomethingNew", json("{}"))).isNull();
    }
}
