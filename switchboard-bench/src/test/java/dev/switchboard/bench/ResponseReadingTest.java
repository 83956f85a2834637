package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResponseReadingTest {

    private static final String EVENT = "data: {\"choices\":[{\"delta\":{\"content\":\" word\"}}]}\n\n";

    @Test
    void countsEventsOfAChunkedStreamSplitAtEveryPossibleBoundary() throws IOException {
        String body = EVENT + EVENT + "data: [DONE]\n\n";
        String response = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk(body.substring(0, 20)) + chunk(body.substring(20, 61)) + chunk(body.substring(61)) + "0\r\n\r\n";
        for (int readSize = 1; readSize <= 64; readSize++) {
            HttpInput input = new HttpInput(trickle(response, readSize), 16);
            AtomicInteger seen = new AtomicInteger();
            AtomicLong clock = new AtomicLong(100);
            SseScanner scanner = new SseScanner(clock::incrementAndGet, seen::incrementAndGet);

            ResponseHead head = ResponseHead.read(input);
            head.readBody(input, scanner);

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.chunked()).isTrue();
            assertThat(scanner.events()).as("read size %d", readSize).isEqualTo(3);
            assertThat(seen.get()).isEqualTo(3);
            assertThat(scanner.sawDone()).isTrue();
            assertThat(scanner.firstEventNanos()).isEqualTo(101);
            assertThat(input.buffered()).isZero();
        }
    }

    @Test
    void pushParserFindsTheSameEventsWhateverTheSliceSizes() throws IOException {
        String body = EVENT + EVENT + "data: [DONE]\n\n";
        String response = "HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunk(body.substring(0, 33)) + chunk(body.substring(33)) + "0\r\n\r\n";
        String next = "HTTP/1.1 200 OK";
        byte[] bytes = (response + next).getBytes(StandardCharsets.US_ASCII);
        for (int slice = 1; slice <= bytes.length; slice++) {
            SseScanner scanner = new SseScanner(() -> 7, () -> { });
            ResponseParser parser = new ResponseParser(head -> scanner);
            int consumed = 0;
            for (int at = 0; at < bytes.length && !parser.complete(); at += slice) {
                consumed += parser.feed(bytes, at, Math.min(slice, bytes.length - at));
            }

            assertThat(parser.complete()).as("slice %d", slice).isTrue();
            assertThat(consumed).as("slice %d", slice).isEqualTo(response.length());
            assertThat(parser.head().status()).isEqualTo(200);
            assertThat(scanner.events()).isEqualTo(3);
            assertThat(scanner.sawDone()).isTrue();
        }
    }

    @Test
    void pushParserCompletesACloseDelimitedBodyAtEndOfStreamAndRejectsACutOne() throws IOException {
        StringBuilder body = new StringBuilder();
        ResponseParser delimited = new ResponseParser(head -> (b, off, len) -> body.append(new String(b, off, len,
                StandardCharsets.US_ASCII)));
        byte[] bytes = "HTTP/1.0 502 Bad Gateway\r\n\r\nupstream down".getBytes(StandardCharsets.US_ASCII);
        delimited.feed(bytes, 0, bytes.length);
        delimited.endOfStream();

        assertThat(delimited.complete()).isTrue();
        assertThat(delimited.head().closes()).isTrue();
        assertThat(body).hasToString("upstream down");

        ResponseParser cut = new ResponseParser(head -> HttpInput.SliceSink.DISCARD);
        byte[] partial = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII);
        cut.feed(partial, 0, partial.length);
        assertThatThrownBy(cut::endOfStream).isInstanceOf(EOFException.class);
    }

    @Test
    void aStreamWithoutDoneIsNotDone() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(EVENT + ": comment\r\n\r\n")
                + "0\r\n\r\n";
        HttpInput input = new HttpInput(trickle(response, 7), 64);
        SseScanner scanner = new SseScanner(() -> 1, () -> { });

        ResponseHead.read(input).readBody(input, scanner);

        assertThat(scanner.events()).isEqualTo(1);
        assertThat(scanner.sawDone()).isFalse();
    }

    @Test
    void recognisesDoneWithCrLfLineEndsAndWithoutTheSpace() throws IOException {
        for (String done : new String[] {"data: [DONE]\r\n\r\n", "data:[DONE]\n\n"}) {
            SseScanner scanner = new SseScanner(() -> 1, () -> { });
            byte[] bytes = done.getBytes(StandardCharsets.US_ASCII);
            scanner.accept(bytes, 0, bytes.length);
            assertThat(scanner.sawDone()).as(done).isTrue();
        }
    }

    @Test
    void readsAContentLengthBodyAndLeavesTheNextResponseUntouched() throws IOException {
        String first = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\nConnection: keep-alive\r\n\r\nhello";
        String second = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy";
        HttpInput input = new HttpInput(trickle(first + second, 9), 32);
        StringBuilder body = new StringBuilder();

        ResponseHead head = ResponseHead.read(input);
        head.readBody(input, (b, off, len) -> body.append(new String(b, off, len, StandardCharsets.US_ASCII)));
        ResponseHead next = ResponseHead.read(input);

        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(head.closes()).isFalse();
        assertThat(body).hasToString("hello");
        assertThat(next.status()).isEqualTo(503);
        assertThat(next.closes()).isTrue();
    }

    @Test
    void bothReadersKeepServerTimingAndJoinItsLines() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer-Timing: upstream;dur=1.203\r\n"
                + "server-timing: gateway;desc=\"own, time\";dur=0.412\r\n\r\n{}";
        byte[] bytes = response.getBytes(StandardCharsets.US_ASCII);
        ResponseParser parser = new ResponseParser(head -> HttpInput.SliceSink.DISCARD);
        parser.feed(bytes, 0, bytes.length);

        for (ResponseHead head : new ResponseHead[] {ResponseHead.read(new HttpInput(trickle(response, 5), 32)),
                parser.head()}) {
            assertThat(head.serverTiming()).isEqualTo("upstream;dur=1.203, gateway;desc=\"own, time\";dur=0.412");
            assertThat(head.gatewayMicros()).isEqualTo(412);
        }
    }

    @Test
    void aResponseWithoutServerTimingHasNoGatewayTime() throws IOException {
        ResponseHead head = ResponseHead.read(new HttpInput(trickle("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 64),
                32));

        assertThat(head.serverTiming()).isNull();
        assertThat(head.gatewayMicros()).isEqualTo(ServerTiming.NONE);
    }

    @Test
    void aBodyCutShortIsAnError() {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nonly this";
        HttpInput input = new HttpInput(trickle(response, 5), 32);

        assertThatThrownBy(() -> ResponseHead.read(input).readBody(input, HttpInput.SliceSink.DISCARD))
                .isInstanceOf(EOFException.class).hasMessageContaining("41 body bytes");
    }

    @Test
    void rejectsSomethingThatIsNotHttp() {
        HttpInput input = new HttpInput(trickle("SSH-2.0-OpenSSH\r\n\r\n", 64), 32);

        assertThatThrownBy(() -> ResponseHead.read(input)).hasMessageContaining("not an HTTP/1.x status line");
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    /** A stream that hands out at most {@code readSize} bytes per read, like a slow socket. */
    private static InputStream trickle(String text, int readSize) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, readSize));
            }
        };
    }
}
