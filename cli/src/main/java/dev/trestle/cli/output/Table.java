package dev.trestle.cli.output;

import java.util.ArrayList;
import java.util.List;

/** A plain text table: left-aligned columns separated by two spaces, a header row, no trailing blanks. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    public Table(String... headers) {
        this.headers = List.of(headers);
        this.rightAligned = new boolean[headers.length];
    }

    /** Right-aligns the given columns (sizes, counts). */
    public Table alignRight(int... columns) {
        for (int c : columns) {
            rightAligned[c] = true;
        }
        return this;
    }

    /** Adds a row; missing cells are blank, null shows as blank. */
    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            Object cell = i < cells.length ? cells[i] : null;
            row.add(cell == null ? "" : oneLine(String.valueOf(cell)));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The rendered lines, header first. */
    public List<String> lines() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        List<String> out = new ArrayList<>();
        out.add(render(headers, width));
        for (List<String> row : rows) {
            out.add(render(row, width));
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(System.lineSeparator(), lines());
    }

    private String render(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            int pad = width[i] - cell.codePointCount(0, cell.length());
            boolean last = i == cells.size() - 1;
            if (i > 0) {
                sb.append("  ");
            }
            if (rightAligned[i]) {
                sb.append(" ".repeat(pad)).append(cell);
            } else {
                sb.append(cell);
                if (!last) {
                    sb.append(" ".repeat(pad));
                }
            }
        }
        return sb.toString().stripTrailing();
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
}
