/**
 * Tools and structured output: per-tenant {@link dev.switchboard.guard.tools.ToolPolicies} of which
 * tools a request may declare, enforced with the schemas' compilation by
 * {@link dev.switchboard.guard.tools.ToolPolicyInterceptor}; answers checked against tool parameters
 * and {@code response_format} schemas, and re-asked or failed, by
 * {@link dev.switchboard.guard.tools.StructuredOutputInterceptor}; and schemas sent to upstreams the
 * way they decode them, by {@link dev.switchboard.guard.tools.GuidedDecoding}.
 */
package dev.switchboard.guard.tools;
