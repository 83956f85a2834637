package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchboard keys ...}: tenants' virtual API keys. */
@Command(name = "keys", description = "Create, list, update, disable API keys.", mixinStandardHelpOptions = true,
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Show.class,
                KeysCommand.Update.class, KeysCommand.Disable.class, KeysCommand.Enable.class})
final class KeysCommand implements Runnable {

    static final String[] COLUMNS = {"prefix", "tenant", "name", "models", "rpm", "tpm", "max_concurrent", "budget_usd",
            "expires_at", "disabled", "id"};

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options of a key beyond limits. */
    static final class KeyOptions {
        @Option(names = "--name", description = "A label for the key.")
        String name;
        @Option(names = "--models", split = ",", paramLabel = "GLOB", description = "Models it may call, e.g. 'chat*'"
                + " (default: all).")
        List<String> models;
        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Expires after this long, e.g. 30d.")
        String expiresIn;
        @Option(names = "--expires-at", paramLabel = "INSTANT", description = "Expires at, e.g. 2027-01-31T00:00:00Z.")
        String expiresAt;

        void into(ObjectNode body) {
            if (name != null) {
                body.put("name", name);
            }
            if (models != null) {
                body.set("models", Json.MAPPER.valueToTree(models));
            }
            if (expiresIn != null) {
                body.put("expires_in", expiresIn);
            }
            if (expiresAt != null) {
                body.put("expires_at", expiresAt);
            }
        }
    }

    @Command(name = "create", description = "Create a key; it is shown once.", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Option(names = "--tenant", required = true, description = "The tenant it belongs to.")
        String tenant;
        @Mixin
        KeyOptions key;
        @Mixin
        LimitOptions limits;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("tenant", tenant);
            key.into(body);
            limits.into(body);
            return AdminCommands.run(session, access -> {
                ObjectNode created = access.admin().createKey(body);
                if (session.json) {
                    Output.json(System.out, created);
                } else {
                    System.out.println("Key " + created.get("id").asText() + " for tenant '" + tenant
                            + "'. It is shown only this once; only its hash is kept:");
                    System.out.println();
                    System.out.println("    " + created.get("key").asText());
                    System.out.println();
                }
            });
        }
    }

    @Command(name = "list", description = "List keys (never the keys themselves).", mixinStandardHelpOptions = true)
    static final class ListKeys implements Callable<Integer> {
        @Option(names = "--tenant", description = "Only this tenant's keys.")
        String tenant;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access -> {
                ObjectNode list = access.admin().keys(tenant);
                if (session.json) {
                    Output.json(System.out, list);
                } else {
                    Output.table(System.out, list.get("data"), COLUMNS);
                }
            });
        }
    }

    @Command(name = "show", description = "Show one key.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID|PREFIX")
        String key;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access -> print(session, access.admin().key(key)));
        }
    }

    @Command(name = "update", description = "Change a key's models, limits, budget, expiry or labels.",
            mixinStandardHelpOptions = true)
    static final class Update implements Callable<Integer> {
        @Parameters(paramLabel = "ID|PREFIX")
        String key;
        @Mixin
        KeyOptions options;
        @Mixin
        LimitOptions limits;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            options.into(body);
            limits.into(body);
            return AdminCommands.run(session, access -> print(session, access.admin().updateKey(key, body)));
        }
    }

    @Command(name = "disable", description = "Refuse a key.", mixinStandardHelpOptions = true)
    static final class Disable implements Callable<Integer> {
        @Parameters(paramLabel = "ID|PREFIX")
        String key;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access ->
                    print(session, access.admin().updateKey(key, Json.object().put("disabled", true))));
        }
    }

    @Command(name = "enable", description = "Accept a disabled key again.", mixinStandardHelpOptions = true)
    static final class Enable implements Callable<Integer> {
        @Parameters(paramLabel = "ID|PREFIX")
        String key;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access ->
                    print(session, access.admin().updateKey(key, Json.object().put("disabled", false))));
        }
    }

    static void print(AdminSession session, ObjectNode key) {
        if (session.json) {
            Output.json(System.out, key);
        } else {
            Output.table(System.out, Json.array().add(key), COLUMNS);
        }
    }
}
