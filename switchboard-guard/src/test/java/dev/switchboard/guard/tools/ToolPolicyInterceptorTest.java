package dev.switchboard.guard.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.TenantToolsConfig;
import dev.switchboard.core.config.ToolsConfig;
import dev.switchboard.core.config.ToolsConfig.OnInvalid;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolPolicyInterceptorTest {

    private static final ToolPolicy SEARCH_ONLY = new ToolPolicy(List.of("search_*", "get_weather"),
            List.of("search_internal*"), OnInvalid.REPAIR, OnInvalid.REPAIR, 2);

    private static String tools(String... names) {
        StringBuilder text = new StringBuilder("{'model': 'm', 'messages': [{'role': 'user', 'content': 'x'}], 'tools': [");
        for (int i = 0; i < names.length; i++) {
            text.append(i == 0 ? "" : ",").append("{'type': 'function', 'function': {'name': '").append(names[i])
                    .append("', 'parameters': {'type': 'object'}}}");
        }
        return text.append("]}").toString();
    }

    private static ApiException rejection(ToolPolicy policy, String body) {
        ToolFixtures upstream = new ToolFixtures(policy);
        ApiException e = catchThrowableOfType(ApiException.class, () -> upstream.run(body));
        assertThat(upstream.requests).as("nothing reached the upstream").isEmpty();
        return e;
    }

    @Test
    void allowedToolsPass() {
        ToolFixtures upstream = new ToolFixtures(SEARCH_ONLY)
                .thenAnswer(ToolFixtures.toolCall("search_web", "{}"));

        ToolFixtures.events(upstream.run(tools("search_web", "get_weather")));

        assertThat(upstream.requests).hasSize(1);
    }

    @Test
    void aToolOutsideTheAllowListIsRejectedByName() {
        ApiException e = rejection(SEARCH_ONLY, tools("search_web", "run_shell"));

        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().code()).isEqualTo("tool_not_allowed");
        assertThat(e.error().param()).isEqualTo("tools[1].function.name");
        assertThat(e.error().message()).isEqualTo("Tool 'run_shell' is not allowed: this key may use only"
                + " search_*, get_weather. Remove it from the request.");
    }

    @Test
    void theDenyListWinsOverTheAllowList() {
        ApiException e = rejection(SEARCH_ONLY, tools("search_internal_wiki"));

        assertThat(e.error().message()).contains("the tool policy of this key denies 'search_internal*'");
    }

    @Test
    void legacyFunctionsAreCheckedToo() {
        ApiException e = rejection(SEARCH_ONLY, "{'model': 'm', 'messages': [{'role': 'user', 'content': 'x'}],"
                + " 'functions': [{'name': 'run_shell'}]}");

        assertThat(e.error().param()).isEqualTo("functions[0].name");
    }

    @Test
    void anInvalidToolSchemaIsRejectedNamingTheToolAndThePlace() {
        ApiException e = rejection(ToolPolicy.permissive(), "{'model': 'm', 'messages': [{'role': 'user', 'content':"
                + " 'x'}], 'tools': [{'type': 'function', 'function': {'name': 'f', 'parameters': {'type': 'object',"
                + " 'properties': {'when': {'type': 'datetime'}}}}}]}");

        assertThat(e.error().status()).isEqualTo(400);
        assertThat(e.error().code()).isEqualTo("invalid_schema");
        assertThat(e.error().param()).isEqualTo("tools[0].function.parameters");
        assertThat(e.error().message()).isEqualTo("The JSON Schema of tool 'f' (tools[0].function.parameters) cannot"
                + " be used: at #/properties/when/type: unknown type 'datetime'; one of array, boolean, integer, null,"
                + " number, object, string");
    }

    @Test
    void aResponseFormatSchemaWithARefCycleIsRejected() {
        ApiException e = rejection(ToolPolicy.permissive(), "{'model': 'm', 'messages': [{'role': 'user', 'content':"
                + " 'x'}], 'response_format': {'type': 'json_schema', 'json_schema': {'name': 'loop', 'schema':"
                + " {'$defs': {'a': {'$ref': '#/$defs/a'}}, '$ref': '#/$defs/a'}}}}");

        assertThat(e.error().param()).isEqualTo("response_format.json_schema.schema");
        assertThat(e.error().message()).contains("schema 'loop'").contains("$ref cycle");
    }

    @Test
    void tenantsOverrideTheSectionsPolicy() {
        ToolPolicies policies = ToolPolicies.from(new ToolsConfig(List.of("*"), List.of("run_*"), null, "error", 1,
                Map.of("acme", new TenantToolsConfig(List.of("lookup"), null, "off", null, null))));
        dev.switchboard.core.tenancy.Tenant acme = new dev.switchboard.core.tenancy.Tenant("t1", "acme", null, null,
                null, null, null, false, Map.of(), null, null);
        ToolPolicy tenant = policies.forCaller(new dev.switchboard.core.auth.Caller("k", false, null, acme));
        ToolPolicy master = policies.forCaller(dev.switchboard.core.auth.Caller.MASTER);

        assertThat(master.allows("run_shell")).isFalse();
        assertThat(master.allows("lookup")).isTrue();
        assertThat(master.onInvalidResponse()).isEqualTo(OnInvalid.ERROR);
        assertThat(tenant.allows("lookup")).isTrue();
        assertThat(tenant.allows("search")).isFalse();
        assertThat(tenant.onInvalidArguments()).isEqualTo(OnInvalid.OFF);
        assertThat(tenant.maxRepairs()).isEqualTo(1);
    }
}
