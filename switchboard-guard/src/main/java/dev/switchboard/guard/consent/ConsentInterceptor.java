package dev.switchboard.guard.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.config.ConsentConfig;
import dev.switchboard.core.consent.Consent;
import dev.switchboard.core.consent.ConsentBook;
import dev.switchboard.core.consent.ConsentUse;
import dev.switchboard.core.consent.ConsentUseLog;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.redact.Operator;
import dev.switchboard.guard.redact.PrivacyPolicies;
import dev.switchboard.guard.redact.PrivacyPolicy;
import dev.switchboard.guard.redact.Redactor;
import dev.switchboard.guard.redact.RequestRedaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lets a data subject's request through only under their consent, and only with what they
 * consented to. A request names its subject and purpose in the {@value #SUBJECT_HEADER} and
 * {@value #PURPOSE_HEADER} headers, or in the body extension {@code "switchboard": {"subject",
 * "purpose"}}, which is always removed before the request goes on.
 *
 * <ul>
 *   <li>No subject: passes unchanged, unless the config requires consent of the caller's tenant
 *       (403 {@code consent_required}).
 *   <li>No consent in force for that subject and purpose (none, revoked or expired): 403
 *       {@code consent_required}.
 *   <li>With consent: personal data of the entity types not consented to is replaced by
 *       {@code <TYPE>} in the texts {@link dev.switchboard.guard.redact.RedactInterceptor} reads
 *       (the tenant's roles and score threshold), named fields not consented to ({@code user},
 *       {@code metadata}) are removed, and the use is logged with what passed and what was removed
 *       (written behind: the request never waits on the consent store).
 * </ul>
 *
 * <p>Consents are read from the in-memory {@link ConsentBook}. Thread-safe.
 */
public final class ConsentInterceptor implements Interceptor {

    public static final String SUBJECT_HEADER = "x-switchboard-subject";
    public static final String PURPOSE_HEADER = "x-switchboard-purpose";
    /** The body extension that may carry subject and purpose instead of the headers. */
    public static final String EXTENSION = "switchboard";
    /** Request body fields that are subject data as a whole, passed only when consented to by name. */
    public static final Set<String> NAMED_FIELDS = Set.of("user", "metadata");
    /** The consent a request went through under, when it named a subject. */
    public static final Attribute<Consent> CONSENT = Attribute.named("consent");

    private static final int MAX_ID_CHARS = 256;

    private final ConsentBook book;
    private final ConsentUseLog uses;
    private final Analyzer analyzer;
    private final PrivacyPolicies policies;
    private final ConsentConfig config;
    private final InstantSource clock;

    /**
     * @param policies the tenants' privacy policies, for the roles analyzed and the score threshold
     * @param config which tenants must name a subject
     */
    public ConsentInterceptor(ConsentBook book, ConsentUseLog uses, Analyzer analyzer, PrivacyPolicies policies,
                              ConsentConfig config, InstantSource clock) {
        this.book = book;
        this.uses = uses;
        this.analyzer = analyzer;
        this.policies = policies;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public boolean passesThrough(Exchange exchange) {
        if (exchange.body().has(EXTENSION) || exchange.header(SUBJECT_HEADER) != null
                || exchange.header(PURPOSE_HEADER) != null) {
            return false;
        }
        Caller caller = exchange.get(AuthInterceptor.CALLER);
        return !config.requiredFor(caller == null || caller.tenant() == null ? null : caller.tenant().name());
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (passesThrough(exchange)) {
            return chain.proceed();
        }
        ObjectNode body = exchange.body();
        JsonNode extension = body.remove(EXTENSION);
        String subject = pick(exchange, SUBJECT_HEADER, extension, "subject");
        String purpose = pick(exchange, PURPOSE_HEADER, extension, "purpose");
        if (extension != null) {
            extension.fieldNames().forEachRemaining(name -> {
                if (!name.equals("subject") && !name.equals("purpose")) {
                    throw Errors.badRequest(EXTENSION + "." + name, "unknown field '" + EXTENSION + "." + name
                            + "'; known fields: subject, purpose");
                }
            });
        }
        Caller caller = exchange.get(AuthInterceptor.CALLER);
        String tenant = caller == null || caller.tenant() == null ? null : caller.tenant().name();
        if (subject == null && purpose == null) {
            if (config.requiredFor(tenant)) {
                throw new ApiException(new ApiError(403, "permission_error", "consent_required", SUBJECT_HEADER,
                        "Requests of this tenant must name a data subject and purpose: send the " + SUBJECT_HEADER
                                + " and " + PURPOSE_HEADER + " headers (or \"switchboard\": {\"subject\", \"purpose\"}"
                                + " in the body)."));
            }
            return chain.proceed();
        }
        if (subject == null) {
            throw Errors.badRequest(SUBJECT_HEADER, "a purpose was given without a subject: send " + SUBJECT_HEADER
                    + " (or switchboard.subject) too");
        }
        if (purpose == null) {
            throw Errors.badRequest(PURPOSE_HEADER, "a subject was given without a purpose: send " + PURPOSE_HEADER
                    + " (or switchboard.purpose) too");
        }
        Instant now = clock.instant();
        Consent consent = book.active(subject, purpose, now).orElseThrow(() -> new ApiException(new ApiError(403,
                "permission_error", "consent_required", PURPOSE_HEADER, "The subject has no consent in force for purpose '"
                + purpose + "' (none was recorded, or it was revoked or expired), so their data cannot be sent. Record"
                + " it with POST /admin/consent first.")));

        Set<String> passed = new TreeSet<>();
        Set<String> redacted = new TreeSet<>();
        for (String field : NAMED_FIELDS) {
            if (body.has(field)) {
                if (consent.allows(field)) {
                    passed.add(field);
                } else {
                    body.remove(field);
                    redacted.add(field);
                }
            }
        }
        if (consent.allows(Consent.ALL_FIELDS)) {
            passed.add(Consent.ALL_FIELDS);
        } else {
            PrivacyPolicy policy = policies.forCaller(caller);
            Map<String, Operator> kept = new HashMap<>();
            consent.fields().forEach(field -> kept.put(field, Operator.keep()));
            Map<String, Integer> found = RequestRedaction.apply(body, exchange.operation(), policy.roles(), analyzer,
                    new AnalysisOptions(Set.of(), policy.options().threshold()), new Redactor(kept, Operator.replace()));
            found.keySet().forEach(type -> (consent.allows(type) ? passed : redacted).add(type));
        }
        exchange.put(CONSENT, consent);
        uses.record(new ConsentUse("use_" + exchange.requestId(), exchange.requestId(), subject, purpose, consent.id(),
                tenant, new ArrayList<>(passed), List.copyOf(redacted), now, now.plus(consent.retention())));
        return chain.proceed();
    }

    /** The header's value, else the extension's field; 400 when they disagree or are not 1 to 256 chars. */
    private static String pick(Exchange exchange, String header, JsonNode extension, String field) {
        String fromHeader = exchange.header(header);
        String fromBody = null;
        if (extension != null) {
            if (!extension.isObject()) {
                throw Errors.badRequest(EXTENSION, "'" + EXTENSION + "' must be an object: {\"subject\": \"...\","
                        + " \"purpose\": \"...\"}");
            }
            JsonNode value = extension.get(field);
            if (value != null && !value.isNull()) {
                if (!value.isTextual()) {
                    throw Errors.badRequest(EXTENSION + "." + field, "'" + EXTENSION + "." + field + "' must be a string");
                }
                fromBody = value.asText();
            }
        }
        if (fromHeader != null && fromBody != null && !fromHeader.equals(fromBody)) {
            throw Errors.badRequest(header, "the " + header + " header and " + EXTENSION + "." + field
                    + " differ; send one, or the same value in both");
        }
        String value = fromHeader != null ? fromHeader : fromBody;
        if (value != null && (value.isBlank() || value.length() > MAX_ID_CHARS)) {
            throw Errors.badRequest(fromHeader != null ? header : EXTENSION + "." + field, "the " + field
                    + " must be 1 to " + MAX_ID_CHARS + " characters, not blank");
        }
        return value;
    }
}
