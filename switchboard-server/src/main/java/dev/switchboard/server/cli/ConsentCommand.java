package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.json.Json;
import dev.switchboard.server.AdminAccess;
import dev.switchboard.server.ConsentAccess;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard consent ...}: the consent vault, as {@code /admin/consent} offers it. It works
 * on the consent store named by the config (the SQLite file {@code consent.db} in the data directory
 * by default), whether or not a gateway is running; a running gateway sees grants and revocations
 * within its {@code consent.refresh_interval}.
 */
@Command(name = "consent", description = "Grant, list, revoke consent; list uses; erase a subject.",
        mixinStandardHelpOptions = true,
        subcommands = {ConsentCommand.Grant.class, ConsentCommand.ListConsents.class, ConsentCommand.Revoke.class,
                ConsentCommand.Uses.class, ConsentCommand.Erase.class})
final class ConsentCommand implements Runnable {

    static final String[] COLUMNS = {"purpose", "fields", "active", "granted_at", "expires_at", "revoked_at", "retention",
            "id"};
    static final String[] USE_COLUMNS = {"at", "purpose", "fields_passed", "fields_redacted", "tenant", "delete_after",
            "request_id"};

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Options every consent command shares: which config's consent store, and the output format. */
    static final class Session {
        @Option(names = "--config", paramLabel = "FILE", description = "Config file whose consent store to use (default:"
                + " the SQLite file consent.db in the data directory).")
        Path config;
        @Mixin
        DataDirOption dataDir;
        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        ConsentAccess open() throws ConfigException {
            ConfigLoader loader = AdminAccess.configLoader(System.getenv());
            SwitchboardConfig loaded = config != null ? loader.load(config) : loader.loadDefault();
            return ConsentAccess.open(loaded.consent(), dataDir.resolve(), InstantSource.system());
        }
    }

    @FunctionalInterface
    interface Operation {
        void run(ConsentAccess access) throws Exception;
    }

    /** @return the exit code: 0 done, 1 refused or failed, 2 config problem */
    static int run(Session session, Operation operation) {
        return AdminCommands.run(session::open, operation::run);
    }

    @Command(name = "grant", description = "Record a subject's consent for a purpose (replaces the one in force).",
            mixinStandardHelpOptions = true)
    static final class Grant implements Callable<Integer> {
        @Parameters(paramLabel = "SUBJECT", description = "The data subject's id.")
        String subject;
        @Option(names = "--purpose", required = true, description = "What the data may be used for, e.g. support.")
        String purpose;
        @Option(names = "--fields", required = true, split = ",", paramLabel = "FIELD", description = "Entity types"
                + " (EMAIL_ADDRESS), named fields (user, metadata) or '*' that may reach the model; '' for none.")
        List<String> fields;
        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Lapses after this long, e.g. 365d.")
        String expiresIn;
        @Option(names = "--expires-at", paramLabel = "INSTANT", description = "Lapses at, e.g. 2027-01-31T00:00:00Z.")
        String expiresAt;
        @Option(names = "--retention", paramLabel = "DURATION", description = "How long each use is logged"
                + " (default: consent.default_retention).")
        String retention;
        @Mixin
        Session session;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("subject", subject).put("purpose", purpose);
            body.set("fields", Json.MAPPER.valueToTree(fields.stream().filter(f -> !f.isEmpty()).toList()));
            if (expiresIn != null) {
                body.put("expires_in", expiresIn);
            }
            if (expiresAt != null) {
                body.put("expires_at", expiresAt);
            }
            if (retention != null) {
                body.put("retention", retention);
            }
            return run(session, access -> print(session, access.admin().grant(body)));
        }
    }

    @Command(name = "list", description = "List a subject's consents, revoked and expired ones too.",
            mixinStandardHelpOptions = true)
    static final class ListConsents implements Callable<Integer> {
        @Parameters(paramLabel = "SUBJECT")
        String subject;
        @Mixin
        Session session;

        @Override
        public Integer call() {
            return run(session, access -> printList(session, access.admin().consents(subject), COLUMNS));
        }
    }

    @Command(name = "revoke", description = "Revoke a subject's consent for a purpose.", mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "SUBJECT")
        String subject;
        @Option(names = "--purpose", required = true)
        String purpose;
        @Mixin
        Session session;

        @Override
        public Integer call() {
            return run(session, access -> print(session, access.admin().revoke(subject, purpose)));
        }
    }

    @Command(name = "uses", description = "List the logged uses of a subject's consents.", mixinStandardHelpOptions = true)
    static final class Uses implements Callable<Integer> {
        @Parameters(paramLabel = "SUBJECT")
        String subject;
        @Mixin
        Session session;

        @Override
        public Integer call() {
            return run(session, access -> printList(session, access.admin().uses(subject), USE_COLUMNS));
        }
    }

    @Command(name = "erase", description = "Erase a subject from the consent store. Stores that live inside a running"
            + " gateway (caches, indexes) are erased only through its API: POST /admin/consent/subjects/{id}/erase.",
            mixinStandardHelpOptions = true)
    static final class Erase implements Callable<Integer> {
        @Parameters(paramLabel = "SUBJECT")
        String subject;
        @Mixin
        Session session;

        @Override
        public Integer call() {
            int[] code = {0};
            int exit = run(session, access -> {
                ObjectNode report = access.admin().erase(subject);
                if (session.json) {
                    Output.json(System.out, report);
                } else {
                    Output.table(System.out, report.get("hooks"), "name", "erased", "error");
                }
                code[0] = report.get("complete").asBoolean() ? 0 : 1;
            });
            return exit != 0 ? exit : code[0];
        }
    }

    private static void print(Session session, ObjectNode consent) {
        if (session.json) {
            Output.json(System.out, consent);
        } else {
            Output.table(System.out, Json.array().add(consent), COLUMNS);
        }
    }

    private static void printList(Session session, ObjectNode list, String[] columns) {
        if (session.json) {
            Output.json(System.out, list);
        } else {
            Output.table(System.out, list.get("data"), columns);
        }
    }
}
