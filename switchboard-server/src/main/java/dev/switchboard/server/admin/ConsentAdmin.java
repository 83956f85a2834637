package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.config.Durations;
import dev.switchboard.core.consent.Consent;
import dev.switchboard.core.consent.ConsentUse;
import dev.switchboard.core.consent.ErasureHooks;
import dev.switchboard.core.json.Json;
import dev.switchboard.guard.consent.ConsentInterceptor;
import dev.switchboard.store.ConsentStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The consent vault's operations behind {@code /admin/consent} and {@code switchboard consent}:
 * record, query and revoke consent, list a subject's uses, and erase a subject everywhere (every
 * registered {@link dev.switchboard.core.consent.ErasureHook}). Thread-safe.
 */
public final class ConsentAdmin {

    static final int MAX_SUBJECT_CHARS = 256;
    private static final Set<String> GRANT_FIELDS = Set.of("subject", "purpose", "fields", "expires_at", "expires_in",
            "retention");
    private static final Pattern ENTITY = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final ConsentStore store;
    private final ErasureHooks hooks;
    private final Duration defaultRetention;
    private final InstantSource clock;
    private final SecureRandom random;
    private final Runnable changed;

    /**
     * @param hooks the stores erased by {@link #erase}
     * @param defaultRetention how long uses are kept when a grant names no retention
     * @param changed called after every grant and revocation, e.g. to reload this replica's consent book
     */
    public ConsentAdmin(ConsentStore store, ErasureHooks hooks, Duration defaultRetention, InstantSource clock,
                        SecureRandom random, Runnable changed) {
        this.store = store;
        this.hooks = hooks;
        this.defaultRetention = defaultRetention;
        this.clock = clock;
        this.random = random;
        this.changed = changed;
    }

    /** Records a consent; one for the same subject and purpose that was in force is revoked (replaced). */
    public ObjectNode grant(JsonNode body) {
        Fields fields = new Fields(body).only(GRANT_FIELDS);
        String subject = subject(body.get("subject"), "subject");
        String purpose = fields.name("purpose");
        Set<String> allowed = allowedFields(body.get("fields"));
        Instant now = clock.instant();
        Instant expiresAt = fields.expiry("expires_at", "expires_in", now);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw Errors.badRequest(body.has("expires_at") ? "expires_at" : "expires_in",
                    "the consent would expire at once; give a time in the future");
        }
        Duration retention = retention(body.get("retention"));
        Consent consent = new Consent(newId("con_"), subject, purpose, allowed, Instant.ofEpochMilli(now.toEpochMilli()),
                expiresAt == null ? null : Instant.ofEpochMilli(expiresAt.toEpochMilli()), retention, null);
        List<Consent> replaced = store.grant(consent);
        changed.run();
        ObjectNode json = json(consent, now);
        json.set("replaced", Json.MAPPER.valueToTree(replaced.stream().map(Consent::id).toList()));
        return json;
    }

    /** Every consent the subject gave, oldest first, each with whether it is in force now. */
    public ObjectNode consents(String subject) {
        List<Consent> consents = store.consents(checkedSubject(subject));
        if (consents.isEmpty()) {
            throw Fields.notFound("subject", subject);
        }
        Instant now = clock.instant();
        ArrayNode data = Json.array();
        consents.forEach(consent -> data.add(json(consent, now)));
        return list(data);
    }

    /** Revokes the subject's consent for {@code purpose}. */
    public ObjectNode revoke(String subject, String purpose) {
        Consent revoked = store.revoke(checkedSubject(subject), purpose, clock.instant()).orElseThrow(() ->
                Fields.notFound("consent of subject for purpose", purpose));
        changed.run();
        return json(revoked, clock.instant());
    }

    /** The uses of the subject's consents still kept, oldest first. */
    public ObjectNode uses(String subject) {
        ArrayNode data = Json.array();
        for (ConsentUse use : store.uses(checkedSubject(subject))) {
            ObjectNode json = data.addObject();
            json.put("id", use.id());
            json.put("object", "consent_use");
            json.put("request_id", use.requestId());
            json.put("subject", use.subject());
            json.put("purpose", use.purpose());
            json.put("consent_id", use.consentId());
            json.put("tenant", use.tenant());
            json.set("fields_passed", Json.MAPPER.valueToTree(use.fieldsPassed()));
            json.set("fields_redacted", Json.MAPPER.valueToTree(use.fieldsRedacted()));
            json.put("at", use.at().toString());
            json.put("delete_after", use.deleteAfter().toString());
        }
        return list(data);
    }

    /**
     * Erases the subject from every registered store; {@code complete} is false when a store failed
     * (its {@code error} says why: erase again once it is back).
     */
    public ObjectNode erase(String subject) {
        String checked = checkedSubject(subject);
        ObjectNode json = Json.object();
        json.put("object", "erasure");
        json.put("subject", checked);
        ArrayNode results = json.putArray("hooks");
        boolean complete = true;
        for (ErasureHooks.Result result : hooks.erase(checked)) {
            ObjectNode item = results.addObject();
            item.put("name", result.hook());
            item.put("erased", result.erased());
            item.put("error", result.error());
            complete &= result.ok();
        }
        json.put("complete", complete);
        changed.run();
        return json;
    }

    private static String checkedSubject(String subject) {
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_CHARS) {
            throw Errors.badRequest("subject", "the subject must be 1 to " + MAX_SUBJECT_CHARS + " characters, not blank");
        }
        return subject;
    }

    private static String subject(JsonNode value, String field) {
        if (value == null || !value.isTextual()) {
            throw Errors.badRequest(field, "'" + field + "' is required: the data subject's id, 1 to "
                    + MAX_SUBJECT_CHARS + " characters");
        }
        return checkedSubject(value.asText());
    }

    private static Set<String> allowedFields(JsonNode value) {
        if (value == null || !value.isArray() || value.size() > 100) {
            throw Errors.badRequest("fields", "'fields' is required: an array of PII entity types (\"EMAIL_ADDRESS\"),"
                    + " named request fields (" + String.join(", ", new TreeSet<>(ConsentInterceptor.NAMED_FIELDS))
                    + ") or \"*\" for everything; [] lets no personal data through");
        }
        Set<String> fields = new TreeSet<>();
        for (JsonNode field : value) {
            String text = field.isTextual() ? field.asText() : "";
            if (!text.equals(Consent.ALL_FIELDS) && !ENTITY.matcher(text).matches()
                    && !ConsentInterceptor.NAMED_FIELDS.contains(text)) {
                throw Errors.badRequest("fields", "'fields' holds " + field + ", which is neither an entity type"
                        + " (upper case, e.g. PERSON), a named field (" + String.join(", ",
                        new TreeSet<>(ConsentInterceptor.NAMED_FIELDS)) + ") nor \"*\"");
            }
            fields.add(text);
        }
        return fields;
    }

    private Duration retention(JsonNode value) {
        if (value == null || value.isNull()) {
            return defaultRetention;
        }
        try {
            Duration retention = value.isTextual() ? Durations.parse(value.asText()) : null;
            if (retention == null || retention.toMillis() < 1) {
                throw new IllegalArgumentException("must be positive");
            }
            return Duration.ofMillis(retention.toMillis());
        } catch (IllegalArgumentException e) {
            throw Errors.badRequest("retention", "'retention' must be a positive duration such as \"30d\" or \"12h\": "
                    + e.getMessage());
        }
    }

    private String newId(String prefix) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    static ObjectNode json(Consent consent, Instant now) {
        ObjectNode json = Json.object();
        json.put("id", consent.id());
        json.put("object", "consent");
        json.put("subject", consent.subject());
        json.put("purpose", consent.purpose());
        json.set("fields", Json.MAPPER.valueToTree(new TreeSet<>(consent.fields())));
        json.put("granted_at", consent.grantedAt().toString());
        json.put("expires_at", consent.expiresAt() == null ? null : consent.expiresAt().toString());
        json.put("retention", Durations.format(consent.retention()));
        json.put("revoked_at", consent.revokedAt() == null ? null : consent.revokedAt().toString());
        json.put("active", consent.activeAt(now));
        return json;
    }

    private static ObjectNode list(ArrayNode data) {
        ObjectNode list = Json.object();
        list.put("object", "list");
        list.set("data", data);
        return list;
    }
}
