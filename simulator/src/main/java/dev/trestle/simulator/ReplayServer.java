package dev.trestle.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLServerSocket;

/**
 * A byte-exact HTTPS/1.1 server on loopback for replaying recorded vendor answers with awkward delivery: the body is
 * written in the given pieces (each piece one TLS record and, with chunked framing, one chunk), framed by
 * {@code Content-Length}, {@code Transfer-Encoding: chunked} or connection close, and optionally cut short. Every
 * request is recorded with the exact body bytes received. One request per connection ({@code Connection: close}).
 * Unlike {@link ProviderSimulator} it knows nothing of the vendors: the caller supplies status, headers and bytes.
 */
public final class ReplayServer implements AutoCloseable {

    /** How the end of the body is told. */
    public enum Framing { CONTENT_LENGTH, CHUNKED, CLOSE }

    /**
     * One answer. {@code pieces} are the sizes of successive writes (cycled; empty = one write); {@code cutAfter} >= 0
     * stops after that many body bytes and closes the connection (a {@code Content-Length} or chunked body is then
     * short, a close-framed one ends cleanly).
     */
    public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body, Framing framing,
                         List<Integer> pieces, int cutAfter) {
        public Answer {
            headers = List.copyOf(headers);
            pieces = List.copyOf(pieces);
            Objects.requireNonNull(body);
            Objects.requireNonNull(framing);
        }

        public static Answer of(int status, List<Map.Entry<String, String>> headers, byte[] body) {
            return new Answer(status, headers, body, Framing.CONTENT_LENGTH, List.of(), -1);
        }

        public Answer framing(Framing f) {
            return new Answer(status, headers, body, f, pieces, cutAfter);
        }

        public Answer pieces(List<Integer> sizes) {
            return new Answer(status, headers, body, framing, sizes, cutAfter);
        }

        public Answer cutAfter(int bytes) {
            return new Answer(status, headers, body, framing, pieces, bytes);
        }
    }

    /** A request as received: the exact body bytes and their SHA-256. */
    public record Received(String method, String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodySha256() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "Received[" + method + " " + path + " " + body.length + " bytes]";
        }
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final SSLServerSocket socket;
    private final Thread acceptor;
    private volatile boolean closed;

    private ReplayServer(SSLServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::acceptLoop, "replay-server");
        this.acceptor.setDaemon(true);
    }

    /** Starts on an ephemeral loopback port with a fresh CA whose PEM is written to {@code caPem}. */
    public static ReplayServer start(Path caPem) throws IOException, GeneralSecurityException {
        TestPki pki = TestPki.create("Trestle Replay CA", "localhost");
        pki.writeCaPem(caPem);
        SSLServerSocket s = (SSLServerSocket) pki.serverContext().getServerSocketFactory().createServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ReplayServer server = new ReplayServer(s);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Queues answers, served in order; a request with none queued gets a 500 with an empty body. */
    public ReplayServer enqueue(Answer... answers) {
        synchronized (script) {
            script.addAll(List.of(answers));
        }
        return this;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public void clear() {
        synchronized (script) {
            script.clear();
        }
        received.clear();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return;
            }
            Thread t = new Thread(() -> serve(s), "replay-connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            Map<String, String> headers = new LinkedHashMap<>();
            String requestLine = readLine(in);
            if (requestLine == null) {
                return;
            }
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            byte[] body = readBody(in, headers);
            String[] parts = requestLine.split(" ");
            received.add(new Received(parts[0], parts.length > 1 ? parts[1] : "", Map.copyOf(headers), body));
            Answer a;
            synchronized (script) {
                a = script.poll();
            }
            if (a == null) {
                a = Answer.of(500, List.of(), new byte[0]);
            }
            write(s.getOutputStream(), a);
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    break;
                }
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    readLine(in);
                    break;
                }
                out.write(in.readNBytes(n));
                readLine(in);
            }
            return out.toByteArray();
        }
        return new byte[0];
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, Answer a) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(a.status()).append(' ')
                .append(reason(a.status())).append("\r\n");
        for (Map.Entry<String, String> h : a.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("content-length") && !name.equals("transfer-encoding") && !name.equals("connection")) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        switch (a.framing()) {
            case CONTENT_LENGTH -> head.append("Content-Length: ").append(a.body().length).append("\r\n");
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case CLOSE -> { }
        }
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] body = a.body();
        int end = a.cutAfter() >= 0 ? Math.min(a.cutAfter(), body.length) : body.length;
        int pos = 0;
        int piece = 0;
        try {
            while (pos < end) {
                int size = a.pieces().isEmpty() ? end - pos : a.pieces().get(piece++ % a.pieces().size());
                int n = Math.min(Math.max(1, size), end - pos);
                if (a.framing() == Framing.CHUNKED) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, pos, n);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    out.write(body, pos, n);
                }
                out.flush();
                pos += n;
            }
            if (a.framing() == Framing.CHUNKED && a.cutAfter() < 0) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.flush();
        } catch (SocketException e) {
            // the client stopped reading (it saw the end it needed): nothing more to send
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
