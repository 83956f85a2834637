package dev.switchboard.core.pipeline;

import java.util.Map;

/** A client request's headers, looked up by lower-case name. */
@FunctionalInterface
public interface RequestHeaders {

    /** The first value of the header, or null. */
    String get(String lowerCaseName);

    static RequestHeaders of(Map<String, String> lowerCaseHeaders) {
        return lowerCaseHeaders::get;
    }
}
