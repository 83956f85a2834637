package dev.switchboard.server;

import dev.switchboard.server.cli.SwitchboardCommand;

/** Entry point of {@code switchboard.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(SwitchboardCommand.run(args));
    }
}
