package dev.switchboard.server.cli;

import dev.switchboard.core.config.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Command-line durations as in config: {@code 250ms}, {@code 30s}, {@code 5m}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
