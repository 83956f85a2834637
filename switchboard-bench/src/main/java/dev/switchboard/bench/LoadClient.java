package dev.switchboard.bench;

import java.io.IOException;

/** Which of the bench's HTTP/1.1 clients drives the open-loop phases; the same one serves every target. */
enum LoadClient {
    /** One non-blocking event loop per target (default): cheapest per request. */
    selector,
    /** One virtual thread per request, blocking I/O. */
    virtual_threads;

    Exchanges open(Target target, Target.HttpTimeouts timeouts) throws IOException {
        return switch (this) {
            case selector -> new SelectorExchanges(target, timeouts);
            case virtual_threads -> new VirtualThreadExchanges(target);
        };
    }

    String description() {
        return switch (this) {
            case selector -> "the bench's own HTTP/1.1 client on a non-blocking event loop (java.nio Selector) per "
                    + "target, keep-alive connections without a limit on their number, responses parsed as bytes arrive";
            case virtual_threads -> "the bench's own blocking HTTP/1.1 client, one virtual thread per request, "
                    + "keep-alive connections without a limit on their number";
        };
    }
}
