package dev.switchboard.guard.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model is found and read from inside a jar, as it is when Switchboard runs from its distribution. */
class ShippedModelTest {

    @TempDir
    Path dir;

    @Test
    void theModelLoadsFromInsideAJar() throws Exception {
        Path classes = Path.of(NamedEntityRecognizer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("switchboard-guard.jar");
        jarUp(classes, jar);
        long modelBytes = Files.size(classes.resolve("dev/switchboard/guard/ner").resolve(NamedEntityRecognizer.MODEL_RESOURCE));
        long gazetteerBytes = Files.size(classes.resolve("dev/switchboard/guard/ner").resolve(NamedEntityRecognizer.GAZETTEER_RESOURCE));
        assertThat(modelBytes + gazetteerBytes).as("shipped resources stay small").isLessThan(15_000_000);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = loader.loadClass(NamedEntityRecognizer.class.getName());
            assertThat(type.getClassLoader()).isSameAs(loader);
            assertThat(loader.getResource("dev/switchboard/guard/ner/" + NamedEntityRecognizer.MODEL_RESOURCE).getProtocol())
                    .isEqualTo("jar");
            Object recognizer = type.getConstructor().newInstance();
            long started = System.nanoTime();
            type.getMethod("preload").invoke(null);
            Duration loading = Duration.ofNanos(System.nanoTime() - started);
            Method analyze = type.getMethod("analyze", String.class, Set.class);
            List<?> findings = (List<?>) analyze.invoke(recognizer, "Anna Schmidt moved to Berlin.", Set.of("PERSON", "LOCATION"));

            assertThat(findings).hasSize(2);
            assertThat(loading).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static void jarUp(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}
