package dev.switchboard.server.cli;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.ConfigException;
import dev.switchboard.server.AdminAccess;
import dev.switchboard.store.StoreException;

/** Runs one admin operation with the errors a person at a terminal should see. */
final class AdminCommands {

    /** An admin operation. */
    @FunctionalInterface
    interface Operation {
        void run(AdminAccess access) throws Exception;
    }

    private AdminCommands() {
    }

    /** @return the exit code: 0 done, 1 refused or failed, 2 config problem */
    static int run(AdminSession session, Operation operation) {
        return run(session::open, operation::run);
    }

    /** Opens a store's access (admin, consent, ...). */
    @FunctionalInterface
    interface Opener<A extends AutoCloseable> {
        A open() throws Exception;
    }

    /** Works with an open access. */
    @FunctionalInterface
    interface Work<A> {
        void run(A access) throws Exception;
    }

    /**
     * Opens an access, runs {@code work} with it and closes it, turning failures into one line on
     * stderr.
     *
     * @return the exit code: 0 done, 1 refused or failed, 2 config problem
     */
    static <A extends AutoCloseable> int run(Opener<A> opener, Work<A> work) {
        try (A access = opener.open()) {
            work.run(access);
            return 0;
        } catch (ApiException e) {
            System.err.println("switchboard: " + e.error().message());
            return 1;
        } catch (ConfigException e) {
            System.err.println("switchboard: the config cannot be used:");
            System.err.println(e.getMessage());
            return 2;
        } catch (StoreException | IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            System.err.println("switchboard: failed: " + e);
            return 1;
        }
    }
}
