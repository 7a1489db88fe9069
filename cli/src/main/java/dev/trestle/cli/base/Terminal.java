package dev.trestle.cli.base;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the CLI asks the user things: the console when there is one (secrets are not echoed), otherwise standard
 * input (piped keys, scripted answers).
 */
public interface Terminal {
    /** Reads one line after showing the prompt; null at end of input. */
    String readLine(String prompt);

    /** Reads a secret without echo where possible; null at end of input. */
    char[] readSecret(String prompt);

    /** The console if the process has one, else the given input stream with prompts on {@code err}. */
    static Terminal system(InputStream in, PrintWriter err) {
        Console console = System.console();
        if (console != null) {
            return new Terminal() {
                @Override
                public String readLine(String prompt) {
                    return console.readLine("%s", prompt);
                }

                @Override
                public char[] readSecret(String prompt) {
                    return console.readPassword("%s", prompt);
                }
            };
        }
        return streams(in, err);
    }

    /** Lines from a stream; prompts go to {@code err} (so piped stdout stays clean). */
    static Terminal streams(InputStream in, PrintWriter err) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Terminal() {
            @Override
            public String readLine(String prompt) {
                err.print(prompt);
                err.flush();
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public char[] readSecret(String prompt) {
                try {
                    String line = reader.readLine();
                    return line == null ? null : line.toCharArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
