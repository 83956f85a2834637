/**
 * The consent vault's model: subjects' {@link dev.switchboard.core.consent.Consent consents} per
 * purpose, the gateway's in-memory {@link dev.switchboard.core.consent.ConsentBook}, the log of
 * {@link dev.switchboard.core.consent.ConsentUse uses}, and the
 * {@link dev.switchboard.core.consent.ErasureHook erasure hooks} stores register. The store lives in
 * {@code switchboard-store}, the interceptor in {@code switchboard-guard}. See {@code docs/consent.md}.
 */
package dev.switchboard.core.consent;
