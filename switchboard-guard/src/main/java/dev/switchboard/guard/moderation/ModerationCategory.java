package dev.switchboard.guard.moderation;

import java.util.List;

/** The categories of OpenAI's moderation API, with their wire names, in its order. */
public enum ModerationCategory {
    SEXUAL("sexual"),
    SEXUAL_MINORS("sexual/minors"),
    HARASSMENT("harassment"),
    HARASSMENT_THREATENING("harassment/threatening"),
    HATE("hate"),
    HATE_THREATENING("hate/threatening"),
    ILLICIT("illicit"),
    ILLICIT_VIOLENT("illicit/violent"),
    SELF_HARM("self-harm"),
    SELF_HARM_INTENT("self-harm/intent"),
    SELF_HARM_INSTRUCTIONS("self-harm/instructions"),
    VIOLENCE("violence"),
    VIOLENCE_GRAPHIC("violence/graphic");

    private static final List<ModerationCategory> ALL = List.of(values());

    private final String wireName;

    ModerationCategory(String wireName) {
        this.wireName = wireName;
    }

    /** The name in requests, responses and config ({@code self-harm/intent}). */
    public String wireName() {
        return wireName;
    }

    /** The category of a wire name, or null. */
    public static ModerationCategory byWireName(String name) {
        for (ModerationCategory category : ALL) {
            if (category.wireName.equals(name)) {
                return category;
            }
        }
        return null;
    }

    public static List<ModerationCategory> all() {
        return ALL;
    }

    /** The wire names of every category, in order. */
    public static List<String> wireNames() {
        return ALL.stream().map(ModerationCategory::wireName).toList();
    }
}
