package dev.switchboard.core.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/** The period a budget applies to, in UTC. */
public enum BudgetPeriod {
    DAY,
    MONTH;

    /** The first instant of the period that contains {@code now}. */
    public Instant start(Instant now) {
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate first = this == DAY ? day : day.with(TemporalAdjusters.firstDayOfMonth());
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after the period that contains {@code now}. */
    public Instant end(Instant now) {
        LocalDate first = start(now).atZone(ZoneOffset.UTC).toLocalDate();
        return (this == DAY ? first.plusDays(1) : first.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The name used in config and the API: {@code day} or {@code month}. */
    public String label() {
        return name().toLowerCase();
    }

    /** {@code daily} or {@code monthly}, for messages. */
    public String adjective() {
        return this == DAY ? "daily" : "monthly";
    }
}
