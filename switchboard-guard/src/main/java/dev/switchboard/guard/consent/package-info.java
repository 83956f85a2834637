/**
 * The consent vault on the request path: {@link dev.switchboard.guard.consent.ConsentInterceptor}
 * checks a named subject's consent for the named purpose and lets through only what they consented
 * to. See {@code docs/consent.md}.
 */
package dev.switchboard.guard.consent;
