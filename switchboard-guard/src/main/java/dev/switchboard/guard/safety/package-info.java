/**
 * The guards in the pipeline: prompt injection in user messages and tool results, harmful content
 * in requests and answers, the system prompt leaking into answers; per-tenant policies; scorers in
 * process or on a remote KServe v2 (Triton) server. See docs/guards.md.
 */
package dev.switchboard.guard.safety;
