/**
 * What is done with personal data once found: {@link dev.switchboard.guard.redact.Operator}s
 * (replace, redact, mask, hash, encrypt, pseudonymize) applied by a
 * {@link dev.switchboard.guard.redact.Redactor}; the per-request
 * {@link dev.switchboard.guard.redact.PseudonymVault} and the restoring of answers, streams
 * included ({@link dev.switchboard.guard.redact.StreamingRestorer}); the pipeline's
 * {@link dev.switchboard.guard.redact.RedactInterceptor} and
 * {@link dev.switchboard.guard.redact.RestoreInterceptor}, under per-tenant
 * {@link dev.switchboard.guard.redact.PrivacyPolicies}; and redaction of text headed for logs.
 */
package dev.switchboard.guard.redact;
