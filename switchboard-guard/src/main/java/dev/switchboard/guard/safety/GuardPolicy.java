package dev.switchboard.guard.safety;

import dev.switchboard.core.config.GuardsConfig;
import dev.switchboard.core.config.GuardsConfig.Action;
import dev.switchboard.guard.moderation.ModerationCategory;
import dev.switchboard.guard.moderation.ModerationScores;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tenant's guards, resolved from the {@code guards} section: actions, thresholds, the roles the
 * injection guard reads and the scorers (built in, or remote with their failure mode). Immutable.
 *
 * @param injection what the injection guard does
 * @param injectionThreshold acted on at or above this score
 * @param injectionRoles chat roles whose messages are checked for injection
 * @param injectionScorer scores texts for injection
 * @param injectionFailClosed whether a failing remote injection scorer refuses the request
 * @param moderationInput what the moderation guard does with requests
 * @param moderationOutput what the moderation guard does with answers
 * @param moderationThresholds per category, flagged at or above
 * @param moderationScorer scores texts per category
 * @param moderationFailClosed whether a failing remote moderation scorer refuses the request
 * @param leakage what the leakage guard does
 * @param leakageThreshold share of the system prompt an answer may repeat
 */
public record GuardPolicy(Action injection, double injectionThreshold, Set<String> injectionRoles,
                          InjectionScorer injectionScorer, boolean injectionFailClosed,
                          Action moderationInput, Action moderationOutput,
                          Map<ModerationCategory, Double> moderationThresholds, ModerationScorer moderationScorer,
                          boolean moderationFailClosed, Action leakage, double leakageThreshold) {

    public GuardPolicy {
        injectionRoles = Set.copyOf(injectionRoles);
        moderationThresholds = Map.copyOf(moderationThresholds);
    }

    /** Every guard off. */
    public static GuardPolicy off() {
        return from(GuardsConfig.defaults(), InjectionScorer.builtIn(), ModerationScorer.builtIn(), false, false);
    }

    /** The policy of a resolved (per-tenant) config with the given scorers. */
    public static GuardPolicy from(GuardsConfig config, InjectionScorer injectionScorer,
                                   ModerationScorer moderationScorer, boolean injectionFailClosed,
                                   boolean moderationFailClosed) {
        Map<ModerationCategory, Double> thresholds = new EnumMap<>(ModerationCategory.class);
        for (ModerationCategory category : ModerationCategory.all()) {
            thresholds.put(category, config.moderation().thresholdOf(category.wireName()));
        }
        return new GuardPolicy(config.injection().parsedAction(), config.injection().threshold(),
                Set.copyOf(config.injection().roles()), injectionScorer, injectionFailClosed,
                config.moderation().inputAction(), config.moderation().outputAction(), thresholds, moderationScorer,
                moderationFailClosed, config.leakage().parsedAction(), config.leakage().threshold());
    }

    /** True when some guard looks at requests or answers. */
    public boolean active() {
        return injection != Action.OFF || moderationInput != Action.OFF || moderationOutput != Action.OFF
                || leakage != Action.OFF;
    }

    /** The categories of {@code scores} at or above their thresholds, in order. */
    public List<ModerationCategory> flagged(ModerationScores scores) {
        return ModerationCategory.all().stream()
                .filter(category -> scores.score(category) >= moderationThresholds.get(category)).toList();
    }
}
