package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

    private static final String BOUNDARY = "----sbBoundary7MA4YWxk";

    /** A part as the test writes and expects it. */
    private record Written(String name, String fileName, String contentType, byte[] content) {
    }

    private static byte[] body(String boundary, List<Written> parts, String preamble, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.UTF_8));
        for (Written part : parts) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\n");
            head.append("Content-Disposition: form-data; name=\"").append(part.name()).append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"").append(part.fileName()).append('"');
            }
            head.append("\r\n");
            if (part.contentType() != null) {
                head.append("Content-Type: ").append(part.contentType()).append("\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--" + epilogue).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static List<Written> read(InputStream in, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary, 100);
        List<Written> parts = new ArrayList<>();
        for (MultipartReader.Part part; (part = reader.next()) != null; ) {
            parts.add(new Written(part.name(), part.fileName(), part.contentType(), part.content().readAllBytes()));
        }
        return parts;
    }

    /** Returns at most a random few bytes per read, as a slow network does. */
    private static InputStream trickle(byte[] bytes, SplittableRandom random) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(random.nextBoolean() ? 7 : 9000)));
            }
        };
    }

    private static void assertSame(List<Written> actual, List<Written> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).name()).isEqualTo(expected.get(i).name());
            assertThat(actual.get(i).fileName()).isEqualTo(expected.get(i).fileName());
            assertThat(actual.get(i).contentType()).isEqualTo(expected.get(i).contentType());
            assertThat(actual.get(i).content()).as("part " + i).isEqualTo(expected.get(i).content());
        }
    }

    @Test
    void readsFieldsAndFilesWithTheirNamesAndTypes() throws IOException {
        List<Written> parts = List.of(
                new Written("id", null, null, "handbook".getBytes(StandardCharsets.UTF_8)),
                new Written("file", "Leave policy.md", "text/markdown", "# Leave\r\n\r\n25 days.\r\n".getBytes(StandardCharsets.UTF_8)),
                new Written("file", "empty.txt", "text/plain", new byte[0]),
                new Written("file", "résumé.pdf", "application/pdf", new byte[] {'%', 'P', 'D', 'F', '\r', '\n', 0, -1}));
        assertSame(read(new ByteArrayInputStream(body(BOUNDARY, parts, "", "\r\n")), BOUNDARY), parts);
    }

    @Test
    void ignoresThePreambleAndTheEpilogueAndReadsExtendedFileNames() throws IOException {
        byte[] body = ("This is the preamble.\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=file;"
                + " filename*=UTF-8''na%C3%AFve%20plan.txt\r\n\r\nplan\r\n--" + BOUNDARY + "--\r\nepilogue --" + BOUNDARY)
                .getBytes(StandardCharsets.UTF_8);
        List<Written> parts = read(new ByteArrayInputStream(body), BOUNDARY);
        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.fileName()).isEqualTo("naïve plan.txt");
            assertThat(new String(p.content(), StandardCharsets.UTF_8)).isEqualTo("plan");
        });
    }

    @Test
    void anUnreadPartIsSkippedByTheNextCall() throws IOException {
        List<Written> parts = List.of(new Written("file", "a.txt", null, "x".repeat(200_000).getBytes(StandardCharsets.UTF_8)),
                new Written("id", null, null, "b".getBytes(StandardCharsets.UTF_8)));
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body(BOUNDARY, parts, "", "")), BOUNDARY, 10);
        MultipartReader.Part first = reader.next();
        assertThat(first.content().read()).isEqualTo('x');
        MultipartReader.Part second = reader.next();
        assertThat(second.name()).isEqualTo("id");
        assertThat(first.content().read()).as("a skipped part's stream is at its end").isEqualTo(-1);
        assertThat(second.content().readAllBytes()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
        assertThat(reader.next()).isNull();
        assertThat(reader.next()).isNull();
    }

    @Test
    void findsTheBoundaryOfAContentType() {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartReader.boundary("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=\"quoted-1\"")).isEqualTo("quoted-1");
        assertThat(MultipartReader.boundary("multipart/form-data")).isNull();
        assertThat(MultipartReader.boundary("multipart/mixed; boundary=abc")).isNull();
        assertThat(MultipartReader.boundary("application/json")).isNull();
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=" + "x".repeat(71))).isNull();
        assertThat(MultipartReader.boundary(null)).isNull();
    }

    @Test
    void malformedBodiesFailWithAMessageSayingWhatIsWrong() {
        String start = "--" + BOUNDARY + "\r\n";
        assertThat(failure(start + "Content-Disposition: form-data; name=\"a\"\r\n\r\nno end"))
                .contains("ends before its closing boundary");
        assertThat(failure("no boundary at all")).contains("ends before its closing boundary");
        assertThat(failure(start + "Content-Type: text/plain\r\n\r\nx\r\n--" + BOUNDARY + "--"))
                .contains("no Content-Disposition");
        assertThat(failure(start + "Content-Disposition: attachment; filename=a\r\n\r\nx\r\n--" + BOUNDARY + "--"))
                .contains("not form-data with a name");
        assertThat(failure(start + "Content-Disposition: form-data; name=a\r\nX-Long: " + "y".repeat(20_000)
                + "\r\n\r\nx\r\n--" + BOUNDARY + "--")).contains("longer than");
        assertThat(failure(start + "Content-Disposition: form-data; name=a\r\n")).contains("ends inside the part headers");
        assertThat(failure(start + "Content-Disposition: form-data; name=a\r\n\r\nx\r\n--" + BOUNDARY))
                .contains("without the closing '--'");
        assertThat(failure(start.repeat(1) + "Content-Disposition: form-data; name=a\r\n\r\n\r\n--" + BOUNDARY + "junk\r\n"))
                .contains("unexpected characters after a boundary");
    }

    @Test
    void refusesMorePartsThanAllowed() {
        List<Written> parts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            parts.add(new Written("id", null, null, new byte[] {'a'}));
        }
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body(BOUNDARY, parts, "", "")), BOUNDARY, 3);
        assertThatThrownBy(() -> {
            while (reader.next() != null) {
                // read on
            }
        }).isInstanceOf(MultipartReader.MultipartException.class).hasMessageContaining("more than 3 parts");
    }

    private static String failure(String body) {
        try {
            read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), BOUNDARY);
        } catch (MultipartReader.MultipartException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new AssertionError("not a MultipartException", e);
        }
        throw new AssertionError("no failure for " + body);
    }

    /**
     * Round trip: random parts whose content is made of the boundary's own pieces (CR, LF, dashes,
     * prefixes of the delimiter) and random bytes, read back through random read sizes, equal what
     * was written.
     */
    @Test
    void randomPartsReadBackExactlyWhateverTheReadSizes() throws IOException {
        SplittableRandom random = new SplittableRandom(20261127);
        String[] pieces = {"\r", "\n", "\r\n", "-", "--", "\r\n--", "\r\n-" + BOUNDARY.substring(1), "\r\n--" + BOUNDARY.substring(0, 10),
            "--" + BOUNDARY.substring(0, BOUNDARY.length() - 1), "x", "é"};
        for (int round = 0; round < 300; round++) {
            List<Written> parts = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int p = 0; p < count; p++) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                int length = random.nextInt(4) == 0 ? random.nextInt(200_000) : random.nextInt(300);
                do { // a content holding the whole delimiter is rare; a client would pick another boundary
                    content.reset();
                    while (content.size() < length) {
                        if (random.nextBoolean()) {
                            content.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                        } else {
                            byte[] noise = new byte[1 + random.nextInt(64)];
                            random.nextBytes(noise);
                            content.writeBytes(noise);
                        }
                    }
                } while (contains(("\r\n" + content.toString(StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1),
                        ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII)));
                parts.add(new Written(random.nextBoolean() ? "file" : "id", random.nextBoolean() ? "f" + p + ".txt" : null,
                        random.nextBoolean() ? "text/plain" : null, content.toByteArray()));
            }
            byte[] body = body(BOUNDARY, parts, random.nextBoolean() ? "" : "preamble\r\n", random.nextBoolean() ? "" : "\r\nbye");
            assertSame(read(trickle(body, random), BOUNDARY), parts);
        }
    }

    /**
     * Fuzz: valid bodies cut short, with bytes flipped, inserted or removed, read through random read
     * sizes, either parse or fail with a {@link MultipartReader.MultipartException} — never another
     * exception, never a hang.
     */
    @Test
    void mangledBodiesEitherParseOrFailCleanly() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        List<Written> parts = List.of(new Written("id", null, null, "doc-1".getBytes(StandardCharsets.UTF_8)),
                new Written("file", "a.md", "text/markdown", "# A\r\n\r\n--text--\r\n".repeat(50).getBytes(StandardCharsets.UTF_8)),
                new Written("metadata", null, "application/json", "{\"deck\": \"hr\"}".getBytes(StandardCharsets.UTF_8)));
        byte[] valid = body(BOUNDARY, parts, "", "\r\n");
        int parsed = 0;
        int failed = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] mangled = mangle(valid, random);
            try {
                read(trickle(mangled, random), BOUNDARY);
                parsed++;
            } catch (MultipartReader.MultipartException e) {
                assertThat(e.getMessage()).isNotBlank();
                failed++;
            }
        }
        assertThat(parsed).as("some mangled bodies still parse").isPositive();
        assertThat(failed).as("most mangled bodies fail").isPositive();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] mangle(byte[] valid, SplittableRandom random) {
        byte[] bytes = valid.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (random.nextInt(4)) {
                case 0 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 1 -> {
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> {
                    int at = random.nextInt(bytes.length + 1);
                    byte[] insert = random.nextBoolean() ? ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII)
                            : new byte[] {(byte) random.nextInt(256)};
                    byte[] grown = new byte[bytes.length + insert.length];
                    System.arraycopy(bytes, 0, grown, 0, at);
                    System.arraycopy(insert, 0, grown, at, insert.length);
                    System.arraycopy(bytes, at, grown, at + insert.length, bytes.length - at);
                    bytes = grown;
                }
                default -> {
                    if (bytes.length > 0) {
                        int at = random.nextInt(bytes.length);
                        int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
                        byte[] shrunk = new byte[bytes.length - length];
                        System.arraycopy(bytes, 0, shrunk, 0, at);
                        System.arraycopy(bytes, at + length, shrunk, at, bytes.length - at - length);
                        bytes = shrunk;
                    }
                }
            }
        }
        return bytes;
    }
}
