package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileKindTest {

    @Test
    void every_listed_text_extension_is_text_in_any_case() {
        for (String ext : FileKind.TEXT_EXTENSION_LIST) {
            assertThat(FileKind.classify("f" + ext)).as(ext).isEqualTo(FileKind.TEXT);
            assertThat(FileKind.classify("F" + ext.toUpperCase(java.util.Locale.ROOT))).as(ext)
                    .isEqualTo(FileKind.TEXT);
        }
        assertThat(FileKind.TEXT_EXTENSION_LIST).hasSize(20).hasSameSizeAs(FileKind.TEXT_EXTENSIONS);
    }

    @ParameterizedTest
    @CsvSource({"a.docx, DOCX", "a.odt, ODT", "a.pdf, PDF", "a.xlsx, XLSX", "a.pptx, PPTX", "a.png, IMAGE",
            "a.JPG, IMAGE", "a.jpeg, IMAGE", "a.gif, IMAGE", "a.webp, IMAGE", "a.svg, IMAGE", "a.exe, BINARY",
            "a.tar.gz, BINARY", "Makefile, BINARY", "a., BINARY", "a.doc, BINARY", "a.tsx, BINARY",
            "archive.md.zip, BINARY", "x.zip.md, TEXT"})
    void classifies_by_last_extension(String name, FileKind kind) {
        assertThat(FileKind.classify(name)).isEqualTo(kind);
    }

    @Test
    void only_binary_is_opaque() {
        for (FileKind k : FileKind.values()) {
            assertThat(k.isOpaque()).isEqualTo(k == FileKind.BINARY);
        }
    }

    @Test
    void wire_form_round_trips() {
        for (FileKind k : FileKind.values()) {
            assertThat(FileKind.fromWire(k.wire())).isEqualTo(k);
        }
        assertThat(FileKind.XLSX.wire()).isEqualTo("xlsx");
        assertThatThrownBy(() -> FileKind.fromWire("video")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mime_types_by_extension() {
        assertThat(FileKind.mimeType("data.csv")).isEqualTo("text/csv");
        assertThat(FileKind.mimeType("NOTES.MD")).isEqualTo("text/markdown");
        assertThat(FileKind.mimeType("a.svg")).isEqualTo("image/svg+xml");
        assertThat(FileKind.mimeType("a.pdf")).isEqualTo("application/pdf");
        assertThat(FileKind.mimeType("a.bin")).isEqualTo("application/octet-stream");
    }

    @Test
    void file_entry_of_classifies_from_its_name() {
        FileEntry e = FileEntry.of("Report.PDF", 3, "0".repeat(64), java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        assertThat(e.fileKind()).isEqualTo(FileKind.PDF);
        assertThat(e.isOpaque()).isFalse();
    }
}
