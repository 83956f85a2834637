package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code switchboard tenants ...}: the teams the gateway serves. */
@Command(name = "tenants", description = "Create, list, update, disable tenants.", mixinStandardHelpOptions = true,
        subcommands = {TenantsCommand.Create.class, TenantsCommand.ListTenants.class, TenantsCommand.Show.class,
                TenantsCommand.Update.class, TenantsCommand.Disable.class, TenantsCommand.Enable.class})
final class TenantsCommand implements Runnable {

    static final String[] COLUMNS = {"name", "rpm", "tpm", "max_concurrent", "budget_usd", "budget_period", "disabled", "id"};

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", description = "Create a tenant.", mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Lower-case letters, digits, '_', '.', '-'.")
        String name;
        @Mixin
        LimitOptions limits;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("name", name);
            limits.into(body);
            return AdminCommands.run(session, access -> print(session, access.admin().createTenant(body)));
        }
    }

    @Command(name = "list", description = "List tenants.", mixinStandardHelpOptions = true)
    static final class ListTenants implements Callable<Integer> {
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access -> {
                ObjectNode list = access.admin().tenants();
                if (session.json) {
                    Output.json(System.out, list);
                } else {
                    Output.table(System.out, list.get("data"), COLUMNS);
                }
            });
        }
    }

    @Command(name = "show", description = "Show one tenant.", mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access -> print(session, access.admin().tenant(name)));
        }
    }

    @Command(name = "update", description = "Change a tenant's limits, budget or labels.", mixinStandardHelpOptions = true)
    static final class Update implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        LimitOptions limits;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            limits.into(body);
            return AdminCommands.run(session, access -> print(session, access.admin().updateTenant(name, body)));
        }
    }

    @Command(name = "disable", description = "Refuse every key of a tenant.", mixinStandardHelpOptions = true)
    static final class Disable implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access ->
                    print(session, access.admin().updateTenant(name, Json.object().put("disabled", true))));
        }
    }

    @Command(name = "enable", description = "Accept a disabled tenant's keys again.", mixinStandardHelpOptions = true)
    static final class Enable implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        AdminSession session;

        @Override
        public Integer call() {
            return AdminCommands.run(session, access ->
                    print(session, access.admin().updateTenant(name, Json.object().put("disabled", false))));
        }
    }

    static void print(AdminSession session, ObjectNode tenant) {
        if (session.json) {
            Output.json(System.out, tenant);
        } else {
            Output.table(System.out, Json.array().add(tenant), COLUMNS);
        }
    }
}
