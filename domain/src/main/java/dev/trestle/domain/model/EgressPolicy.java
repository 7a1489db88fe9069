package dev.trestle.domain.model;

import java.util.Optional;

/**
 * The egress URL policy of {@code algorithms.md} §5, one pure function used by the domain service before every attempt
 * and redirect hop and again by the HTTP transport before it opens a connection.
 */
public final class EgressPolicy {
    public static final int MAX_REDIRECTS = 3;

    private EgressPolicy() {
    }

    /** Empty if allowed, else the broken rule. */
    public static Optional<String> violation(ProviderEndpoint effective, Endpoint target) {
        if (!effective.isValid()) {
            return Optional.of("invalid endpoint: " + effective.invalidReason());
        }
        if (target == null) {
            return Optional.of("no target");
        }
        if (!"https".equalsIgnoreCase(target.scheme())) {
            return Optional.of("scheme");
        }
        if (target.userinfo() != null) {
            return Optional.of("userinfo");
        }
        String host = target.normalizedHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("null host");
        }
        if (isIpLiteral(host)) {
            return Optional.of("ip literal");
        }
        if (!host.equals(effective.host())) {
            return Optional.of("host");
        }
        if (target.effectivePort() != effective.port()) {
            return Optional.of("port");
        }
        return Optional.empty();
    }

    public static boolean allows(ProviderEndpoint effective, Endpoint target) {
        return violation(effective, target).isEmpty();
    }

    /**
     * The rule (3) test: brackets or a last label without a letter make an IP literal ({@code 1.2.3.4},
     * {@code 127.1}, {@code 0x7f.0.0.1}, {@code [::1]}).
     */
    public static boolean isIpLiteral(String host) {
        if (host.indexOf('[') >= 0 || host.indexOf(']') >= 0 || host.indexOf(':') >= 0) {
            return true;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        int dot = h.lastIndexOf('.');
        String last = dot < 0 ? h : h.substring(dot + 1);
        if (last.startsWith("0x") || last.startsWith("0X")) {
            return true;
        }
        for (int i = 0; i < last.length(); i++) {
            if (Character.isLetter(last.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The error a violation maps to ({@code errors.md} §4). */
    public static ErrorInfo blocked(Phase phase, String subphase, ProviderId provider, String modelId, String reason) {
        return ErrorInfo.of(ErrorCode.EGRESS_BLOCKED_BY_POLICY, phase).withSubphase(subphase)
                .withProvider(provider.id()).withModel(modelId).withDetail(reason);
    }
}
