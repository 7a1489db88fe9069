package dev.trestle.cli.commands;

import static dev.trestle.cli.base.Json.obj;
import static dev.trestle.cli.base.Json.str;

import com.google.gson.JsonObject;
import dev.trestle.cli.base.ApiKeyReader;
import dev.trestle.cli.base.CliException;
import dev.trestle.cli.base.ExitCodes;
import dev.trestle.cli.engine.Engine;
import dev.trestle.cli.output.Formats;
import dev.trestle.cli.output.Views;
import dev.trestle.server.rpc.TrestleProtocol;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code trestle providers status|set-key|clear-key|enable|disable|validate}. */
@Command(name = "providers", description = "Provider keys and switches.")
public class ProvidersCommands extends CommandSupport {

    @Command(name = "status", description = "Key, enabled, status and endpoint per provider (ProvidersGetStatus).")
    int status() {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::providersGetStatus, obj());
            if (out.json()) {
                out.printJson(r);
            } else {
                out.table(Views.providers(r, out.zone()), "no providers");
            }
            return 0;
        });
    }

    @Command(name = "set-key", description = {"Store a provider's API key, encrypted (ProvidersSetApiKey); no network "
        + "call.", "The key is read from --from-env VAR or from standard input, never from an argument."})
    int setKey(@Parameters(paramLabel = "PROVIDER", index = "0") String provider,
            @Option(names = "--from-env", paramLabel = "VAR", description = "Read the key from this environment "
                    + "variable") String fromEnv,
            @Parameters(index = "1..*", hidden = true, arity = "0..*") List<String> stray) {
        return cli().local(out -> {
            if (stray != null && !stray.isEmpty()) {
                // Never echo it: it may well be the key itself.
                throw new CliException(ExitCodes.USAGE, "set-key takes no key argument (it would end up in your "
                        + "shell history); pipe the key on stdin or use --from-env VAR");
            }
            String key = ApiKeyReader.read(provider, fromEnv, cli().env(), cli().terminal());
            return engine((engine, o) -> {
                JsonObject r = engine.call(TrestleProtocol::providersSetApiKey,
                        obj("provider_id", provider, "api_key", key));
                show(o, r, "key stored for " + provider + " (encrypted; not validated: trestle providers validate "
                        + provider + ")");
                return 0;
            });
        });
    }

    @Command(name = "clear-key", description = "Forget a provider's key (ProvidersClearApiKey).")
    int clearKey(@Parameters(paramLabel = "PROVIDER") String provider) {
        return simple(TrestleProtocol::providersClearApiKey, obj("provider_id", provider), "key cleared for " + provider);
    }

    @Command(name = "enable", description = "Enable a provider (ProvidersSetEnabled).")
    int enable(@Parameters(paramLabel = "PROVIDER") String provider) {
        return simple(TrestleProtocol::providersSetEnabled,
                obj("provider_id", provider, "enabled", true), provider + " enabled");
    }

    @Command(name = "disable", description = "Disable a provider; its key is kept (ProvidersSetEnabled).")
    int disable(@Parameters(paramLabel = "PROVIDER") String provider) {
        return simple(TrestleProtocol::providersSetEnabled,
                obj("provider_id", provider, "enabled", false), provider + " disabled");
    }

    @Command(name = "validate", description = "Check the stored key with one cheap call to the provider "
            + "(ProvidersValidate).")
    int validate(@Parameters(paramLabel = "PROVIDER") String provider) {
        return engine((engine, out) -> {
            JsonObject r = engine.call(TrestleProtocol::providersValidate, obj("provider_id", provider));
            show(out, r, provider + " key is valid (checked " + Formats.time(str(r, "validated_at"), out.zone()) + ")");
            return 0;
        });
    }

    private int simple(Engine.Request method, JsonObject params, String message) {
        return engine((engine, out) -> {
            show(out, engine.call(method, params), message);
            return 0;
        });
    }
}
