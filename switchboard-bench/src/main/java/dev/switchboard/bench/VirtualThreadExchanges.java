package dev.switchboard.bench;

import java.io.IOException;

/**
 * {@link Exchanges} with one virtual thread per request doing blocking I/O through {@link Http1Client}.
 * Simple and precise, but each request costs a thread start and a park/unpark per read.
 */
final class VirtualThreadExchanges implements Exchanges {

    private final Target target;
    private final Http1Client client = new Http1Client(System::nanoTime);
    private final Thread.Builder.OfVirtual threads;

    VirtualThreadExchanges(Target target) {
        this.target = target;
        this.threads = Thread.ofVirtual().name(target.name() + "-request");
    }

    @Override
    public void submit(Callback callback) {
        threads.start(() -> {
            callback.sending(System.nanoTime());
            Reply reply;
            try {
                reply = client.call(target, () -> { });
            } catch (IOException e) {
                callback.failed(e);
                return;
            } catch (RuntimeException e) {
                callback.failed(new IOException(e));
                return;
            }
            callback.completed(reply, System.nanoTime());
        });
    }

    @Override
    public void abortInFlight() {
        target.pool().closeAll();
    }

    @Override
    public long connectionsOpened() {
        return target.pool().connectionsOpened();
    }

    @Override
    public long staleRetries() {
        return client.staleRetries();
    }

    @Override
    public void close() {
        target.pool().closeAll();
    }
}
