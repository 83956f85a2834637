package dev.switchboard.core.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.switchboard.core.pipeline.UpstreamWait;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.core.time.Watchdog;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream calls over TLS verify the server's certificate and host name. */
class TlsTest {

    private static final byte[] REQUEST = "POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;

    private static SSLContext previousDefault;
    private static HttpsServer server;
    private static Watchdog watchdog;
    private static UpstreamHttp http;

    @BeforeAll
    static void start() throws Exception {
        // a certificate for "localhost" only, trusted by this JVM's default TLS context for the test
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2", "-keystore", keystore.toString(), "-storepass", "changeit", "-storetype", "PKCS12")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);
        previousDefault = SSLContext.getDefault();
        SSLContext.setDefault(clientContext);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        watchdog = new Watchdog(Ticker.system(), Duration.ofMillis(10));
        http = UpstreamHttp.create(watchdog);
    }

    @AfterAll
    static void stop() {
        http.close();
        watchdog.close();
        server.stop(0);
        SSLContext.setDefault(previousDefault);
    }

    @Test
    void talksToAServerWhoseCertificateMatchesTheHostName() throws IOException {
        try (HttpCall call = http.newCall(Origin.of(URI.create("https://localhost:" + server.getAddress().getPort())),
                REQUEST, UpstreamWait.NONE)) {
            call.execute(Duration.ofSeconds(5));
            assertThat(call.status()).isEqualTo(200);
            assertThat(new String(call.readBody(), StandardCharsets.UTF_8)).isEqualTo("secure");
        }
    }

    @Test
    void refusesAServerWhoseCertificateNamesAnotherHost() {
        HttpCall call = http.newCall(Origin.of(URI.create("https://127.0.0.1:" + server.getAddress().getPort())),
                REQUEST, UpstreamWait.NONE);

        assertThatThrownBy(() -> call.execute(Duration.ofSeconds(5))).isInstanceOf(SSLException.class);
        call.close();
    }
}
