package dev.switchboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.limits.BudgetPeriod;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How Java values map to the schema's portable column types: nullable numbers, instants as epoch
 * milliseconds (so sub-millisecond precision is not kept), budget periods as {@code day}/{@code month},
 * string lists and maps as JSON text.
 */
final class Columns {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() { };

    private Columns() {
    }

    static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static void setInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        setLong(statement, index, value == null ? null : value.toEpochMilli());
    }

    static void setPeriod(PreparedStatement statement, int index, BudgetPeriod period) throws SQLException {
        statement.setString(index, period == null ? null : period.label());
    }

    static Integer getInteger(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    static Long getLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    static Instant getInstant(ResultSet row, String column) throws SQLException {
        Long millis = getLong(row, column);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    static BudgetPeriod getPeriod(ResultSet row, String column) throws SQLException {
        String label = row.getString(column);
        return label == null ? null : BudgetPeriod.valueOf(label.toUpperCase(Locale.ROOT));
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, String> getStringMap(ResultSet row, String column) throws SQLException {
        return parse(row.getString(column), STRING_MAP, column);
    }

    static List<String> getStringList(ResultSet row, String column) throws SQLException {
        return parse(row.getString(column), STRING_LIST, column);
    }

    private static <T> T parse(String text, TypeReference<T> type, String column) {
        if (text == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("column " + column + " does not hold valid JSON: " + e.getOriginalMessage());
        }
    }
}
