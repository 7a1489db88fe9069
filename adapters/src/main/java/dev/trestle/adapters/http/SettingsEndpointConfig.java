package dev.trestle.adapters.http;

import dev.trestle.domain.model.EgressPolicy;
import dev.trestle.domain.model.ProviderEndpoint;
import dev.trestle.domain.model.ProviderId;
import dev.trestle.domain.model.Settings;
import dev.trestle.domain.model.TrestleException;
import dev.trestle.domain.port.out.EndpointConfigPort;
import dev.trestle.domain.port.out.SettingsPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Each provider's effective endpoint, resolved once at startup from {@code settings.json} and the
 * {@code --allow-custom-endpoints} flag ({@code algorithms.md} §5.1). Without the flag a configured endpoint is
 * ignored (official host, needs attention). With it, an endpoint must be {@code https}, without userinfo, query or
 * fragment, name a DNS host (not an IP literal; {@code localhost} allowed), and any {@code ca_file} must be a readable
 * PEM file of certificates; otherwise the provider's endpoint is invalid and every request for it is blocked.
 */
public final class SettingsEndpointConfig implements EndpointConfigPort {
    private final Map<ProviderId, ProviderEndpoint> endpoints = new EnumMap<>(ProviderId.class);

    /**
     * Reads {@code settings.json} once. An unreadable (corrupt or newer) file must not stop the engine from starting:
     * every provider's endpoint is then invalid, so no request leaves until the file is fixed and the engine restarted
     * (a custom endpoint the file may name cannot be honoured, and the official host may not be what the user chose).
     */
    public SettingsEndpointConfig(SettingsPort settings, boolean allowCustomEndpoints) {
        Settings read;
        try {
            read = settings.read();
        } catch (TrestleException e) {
            for (ProviderId p : ProviderId.values()) {
                endpoints.put(p, ProviderEndpoint.invalid(p, "settings.json unreadable"));
            }
            return;
        }
        resolveAll(read, allowCustomEndpoints);
    }

    public SettingsEndpointConfig(Settings settings, boolean allowCustomEndpoints) {
        resolveAll(settings, allowCustomEndpoints);
    }

    private void resolveAll(Settings settings, boolean allowCustomEndpoints) {
        for (ProviderId p : ProviderId.values()) {
            Settings.CustomEndpoint custom = settings.provider(p).endpoint();
            endpoints.put(p, resolve(p, custom, allowCustomEndpoints));
        }
    }

    @Override
    public ProviderEndpoint effective(ProviderId provider) {
        return endpoints.get(provider);
    }

    static ProviderEndpoint resolve(ProviderId p, Settings.CustomEndpoint custom, boolean allow) {
        if (custom == null) {
            return ProviderEndpoint.official(p, false);
        }
        if (!allow) {
            return ProviderEndpoint.official(p, true);
        }
        String base = custom.baseUrl();
        if (base == null || base.isBlank()) {
            return ProviderEndpoint.invalid(p, "base_url missing");
        }
        URI u;
        try {
            u = new URI(base.trim());
        } catch (URISyntaxException e) {
            return ProviderEndpoint.invalid(p, "base_url unparseable");
        }
        if (!"https".equalsIgnoreCase(u.getScheme())) {
            return ProviderEndpoint.invalid(p, "base_url scheme");
        }
        if (u.getRawUserInfo() != null || (u.getRawAuthority() != null && u.getRawAuthority().contains("@"))) {
            return ProviderEndpoint.invalid(p, "base_url userinfo");
        }
        if (u.getRawQuery() != null || base.contains("?")) {
            return ProviderEndpoint.invalid(p, "base_url query");
        }
        if (u.getRawFragment() != null || base.contains("#")) {
            return ProviderEndpoint.invalid(p, "base_url fragment");
        }
        String host = u.getHost();
        if (host == null || host.isEmpty()) {
            return ProviderEndpoint.invalid(p, "base_url host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || EgressPolicy.isIpLiteral(host)) {
            return ProviderEndpoint.invalid(p, "base_url ip literal");
        }
        int port = u.getPort() < 0 ? 443 : u.getPort();
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String caFile = null;
        if (custom.caFile() != null) {
            try {
                Path ca = Path.of(custom.caFile()).toAbsolutePath().normalize();
                ProviderTrust.readPem(ca);
                caFile = ca.toString();
            } catch (InvalidPathException | java.io.IOException | java.security.GeneralSecurityException
                     | ClassCastException e) {
                return ProviderEndpoint.invalid(p, "ca_file unreadable");
            }
        }
        return new ProviderEndpoint(p, host, port, path, caFile, true, null, false);
    }
}
