package dev.trestle.domain.model;

import java.util.Locale;
import java.util.Set;

/** File kinds by lowercase extension ({@code algorithms.md} §1). Only {@link #TEXT} is sent and writable. */
public enum FileKind {
    TEXT("text/plain"), DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ODT("application/vnd.oasis.opendocument.text"), PDF("application/pdf"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    PPTX("application/vnd.openxmlformats-officedocument.presentationml.presentation"), IMAGE("image/*"),
    BINARY("application/octet-stream");

    public static final Set<String> TEXT_EXTENSIONS = Set.of("txt", "csv", "md", "json", "xml", "yaml", "yml", "html",
            "js", "ts", "py", "java", "go", "rb", "rs", "c", "cpp", "h", "css", "sql");
    /** The text extensions in the order the spec lists them, for {@code WorkbenchGetScope}. */
    public static final java.util.List<String> TEXT_EXTENSION_LIST = java.util.List.of(".txt", ".csv", ".md", ".json",
            ".xml", ".yaml", ".yml", ".html", ".js", ".ts", ".py", ".java", ".go", ".rb", ".rs", ".c", ".cpp", ".h",
            ".css", ".sql");

    private final String genericMime;

    FileKind(String genericMime) {
        this.genericMime = genericMime;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpaque() {
        return this == BINARY;
    }

    public static FileKind fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public static FileKind classify(String fileName) {
        String ext = extension(fileName);
        if (TEXT_EXTENSIONS.contains(ext)) {
            return TEXT;
        }
        return switch (ext) {
            case "docx" -> DOCX;
            case "odt" -> ODT;
            case "pdf" -> PDF;
            case "xlsx" -> XLSX;
            case "pptx" -> PPTX;
            case "png", "jpg", "jpeg", "gif", "webp", "svg" -> IMAGE;
            default -> BINARY;
        };
    }

    /** A MIME type for a file name, from its extension. */
    public static String mimeType(String fileName) {
        String ext = extension(fileName);
        return switch (ext) {
            case "txt" -> "text/plain";
            case "csv" -> "text/csv";
            case "md" -> "text/markdown";
            case "json" -> "application/json";
            case "xml" -> "application/xml";
            case "yaml", "yml" -> "application/yaml";
            case "html" -> "text/html";
            case "js" -> "text/javascript";
            case "ts" -> "text/x-typescript";
            case "py" -> "text/x-python";
            case "java" -> "text/x-java";
            case "go" -> "text/x-go";
            case "rb" -> "text/x-ruby";
            case "rs" -> "text/x-rust";
            case "c", "h" -> "text/x-c";
            case "cpp" -> "text/x-c++";
            case "css" -> "text/css";
            case "sql" -> "application/sql";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "svg" -> "image/svg+xml";
            default -> classify(fileName).genericMime;
        };
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
