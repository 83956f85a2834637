package dev.switchboard.retrieval.store;

import dev.switchboard.retrieval.Metadata;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which chunks a search may return: those whose metadata matches every {@code fields} entry (the
 * field has at least one of the listed values) and that the caller may read ({@link Access}).
 *
 * @param fields metadata field → accepted values; empty: no condition
 * @param access who is searching
 */
public record Filter(Map<String, Set<String>> fields, Access access) {

    /** No conditions, read by someone who may read everything. */
    public static final Filter NONE = new Filter(Map.of(), Access.EVERYTHING);

    public Filter {
        TreeMap<String, Set<String>> copy = new TreeMap<>();
        fields.forEach((k, v) -> copy.put(k, Set.copyOf(new LinkedHashSet<>(v))));
        fields = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * What a caller may read: chunks of its tenant or of every tenant, and with one of its roles or
     * no role restriction.
     *
     * @param all the master key: reads everything
     * @param tenant the caller's tenant, or null (then only chunks for every tenant)
     * @param roles the caller's roles
     */
    public record Access(boolean all, String tenant, Set<String> roles) {

        public static final Access EVERYTHING = new Access(true, null, Set.of());

        public Access {
            roles = Set.copyOf(roles);
        }

        /** Tenant values a readable chunk may have: the caller's and {@code *}. */
        public List<String> tenants() {
            return tenant == null ? List.of(Metadata.EVERYONE) : List.of(tenant, Metadata.EVERYONE);
        }

        /** Role values a readable chunk may have (any one): the caller's and {@code *}. */
        public List<String> roleValues() {
            List<String> values = new java.util.ArrayList<>(roles);
            values.add(Metadata.EVERYONE);
            return values;
        }

        /** Whether a chunk with these tenant and role values is readable. */
        public boolean mayRead(List<String> chunkTenants, List<String> chunkRoles) {
            if (all) {
                return true;
            }
            return chunkTenants.stream().anyMatch(tenants()::contains)
                    && chunkRoles.stream().anyMatch(roleValues()::contains);
        }
    }
}
