package dev.trestle.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columns_are_aligned_to_the_widest_cell_without_trailing_blanks() {
        Table t = new Table("NAME", "SIZE", "KIND").alignRight(1);
        t.row("notes.md", "120 B", "text");
        t.row("a-much-longer-name.csv", "1.5 KiB", "text");
        assertThat(t.lines()).containsExactly(
                "NAME                       SIZE  KIND",
                "notes.md                  120 B  text",
                "a-much-longer-name.csv  1.5 KiB  text");
    }

    @Test
    void cells_are_kept_on_one_line_and_nulls_are_blank() {
        Table t = new Table("A", "B");
        t.row("two\nlines", null);
        assertThat(t.lines()).containsExactly("A          B", "two lines");
    }
}
