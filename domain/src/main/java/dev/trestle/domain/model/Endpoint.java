package dev.trestle.domain.model;

/**
 * A request target as the egress policy sees it ({@code algorithms.md} §5): parsed by the adapter from a URI.
 * {@code port} is -1 when absent; {@code host} may be {@code null} (blocked).
 */
public record Endpoint(String scheme, String userinfo, String host, int port, String pathAndQuery) {

    public static Endpoint https(String host, int port, String pathAndQuery) {
        return new Endpoint("https", null, host, port, pathAndQuery);
    }

    public int effectivePort() {
        return port < 0 ? 443 : port;
    }

    /** Lower-cased host without a trailing dot; {@code null} for a null host. */
    public String normalizedHost() {
        if (host == null) {
            return null;
        }
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** {@code host[:port]} with the port only when it is not 443. */
    public String hostLabel() {
        String h = normalizedHost();
        return effectivePort() == 443 ? h : h + ":" + effectivePort();
    }

    /** The URL form, for the transport. */
    public String url() {
        return scheme + "://" + (userinfo == null ? "" : userinfo + "@") + host + (port < 0 ? "" : ":" + port)
                + (pathAndQuery == null ? "" : pathAndQuery);
    }
}
