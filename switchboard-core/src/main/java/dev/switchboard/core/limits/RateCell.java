package dev.switchboard.core.limits;

/**
 * The generic cell rate state of one per-minute limit of one scope, in microseconds.
 *
 * <p>GCRA keeps a theoretical arrival time {@code tat}; every unit moves it by {@code window / limit}
 * and a request fits while {@code tat - now <= window}. This cell keeps the same thing scaled by the
 * limit, as a debt: {@code debt = (tat - now) * limit} is the units in use times the window, grows by
 * {@code window} per unit and drains by {@code limit} per microsecond. All integer, so the counts are
 * exact (no rounding of {@code window / limit}), and the debt's meaning does not depend on the limit,
 * so a limit changed in the config applies at once. With limits up to {@link Integer#MAX_VALUE}
 * the numbers stay far below {@link Long#MAX_VALUE}.
 *
 * <p>Not thread-safe: guarded by the lock of the {@link ScopeCounters} that owns it.
 */
final class RateCell {

    /** The window every limit is per: one minute. */
    static final long WINDOW_MICROS = 60_000_000L;

    /** Debt cap, so that corrections far beyond any limit cannot overflow. */
    private static final long MAX_DEBT = Long.MAX_VALUE / 4;

    private long debt;
    private long updatedAt;
    /** When the debt is paid off at the last limit seen; the cell is idle from then on. */
    private long clearAt = Long.MIN_VALUE;

    /** The debt at {@code now}, after draining at {@code limit} per microsecond since the last update. */
    private long debtAt(long now, long limit) {
        long elapsed = now - updatedAt;
        if (debt <= 0 || limit <= 0 || elapsed <= 0) {
            return debt;
        }
        // elapsed <= debt / limit keeps elapsed * limit <= debt: no overflow after long idle times
        return elapsed > debt / limit ? 0 : debt - elapsed * limit;
    }

    /**
     * How long until {@code units} more fit, in microseconds: 0 if they fit now, the whole window if
     * they never can (more than the limit).
     */
    long shortfall(long now, long limit, long units) {
        if (units > limit) {
            return WINDOW_MICROS;
        }
        long over = debtAt(now, limit) + units * WINDOW_MICROS - limit * WINDOW_MICROS;
        return over <= 0 ? 0 : Math.ceilDiv(over, limit);
    }

    /** Counts {@code units}, which must fit (see {@link #shortfall}). */
    void take(long now, long limit, long units) {
        set(now, limit, debtAt(now, limit) + units * WINDOW_MICROS);
    }

    /** Counts {@code delta} more units, or gives {@code -delta} back; never below an empty cell. */
    void correct(long now, long limit, long delta) {
        long current = debtAt(now, limit);
        long change = Math.abs(delta) >= MAX_DEBT / WINDOW_MICROS
                ? (delta < 0 ? -MAX_DEBT : MAX_DEBT) : delta * WINDOW_MICROS;
        set(now, limit, Math.max(0, Math.min(MAX_DEBT, current + change)));
    }

    private void set(long now, long limit, long newDebt) {
        debt = newDebt;
        updatedAt = now;
        clearAt = now + reset(newDebt, limit);
    }

    /** Whole units that still fit now; never negative. */
    long remaining(long now, long limit) {
        return Math.max(0, limit * WINDOW_MICROS - debtAt(now, limit)) / WINDOW_MICROS;
    }

    /** Microseconds until the cell is empty again (the whole allowance available). */
    long resetMicros(long now, long limit) {
        return reset(debtAt(now, limit), limit);
    }

    private static long reset(long debt, long limit) {
        if (debt <= 0) {
            return 0;
        }
        return limit <= 0 ? WINDOW_MICROS : Math.ceilDiv(debt, limit);
    }

    /** True when the cell holds nothing at {@code now}, so forgetting it changes no decision. */
    boolean idle(long now) {
        return clearAt == Long.MIN_VALUE || now - clearAt >= 0;
    }
}
