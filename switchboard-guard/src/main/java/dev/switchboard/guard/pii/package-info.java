/**
 * Finding personal data in text, in process: {@link dev.switchboard.guard.pii.Recognizer}s
 * (patterns with validators, lexicons, a named-entity model) run by an
 * {@link dev.switchboard.guard.pii.Analyzer} on normalized text, with context words raising
 * scores and overlapping findings resolved as Microsoft Presidio resolves them.
 */
package dev.switchboard.guard.pii;
