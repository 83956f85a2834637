package dev.switchboard.sim;

/**
 * What to do to one request instead of (or while) answering it normally.
 *
 * @param kind   the fault
 * @param status the HTTP status to answer with; only meaningful for {@link Kind#STATUS}
 */
record Fault(Kind kind, int status) {

    enum Kind {
        /** Answer normally. */
        NONE,
        /** Answer with {@link #status()} in OpenAI's error shape. */
        STATUS,
        /** Never answer; hold the request until the client leaves or the simulator closes. */
        HANG,
        /** Stream about half the answer, then drop the connection without {@code [DONE]}. */
        DISCONNECT
    }

    static final Fault NONE = new Fault(Kind.NONE, 0);
    static final Fault HANG = new Fault(Kind.HANG, 0);
    static final Fault DISCONNECT = new Fault(Kind.DISCONNECT, 0);

    static Fault status(int status) {
        return new Fault(Kind.STATUS, status);
    }
}
