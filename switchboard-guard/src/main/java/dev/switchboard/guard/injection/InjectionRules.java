package dev.switchboard.guard.injection;

import dev.switchboard.guard.classify.WordPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Known phrasings of prompt injection and jailbreaks, in English and German, matched on folded text
 * ({@link dev.switchboard.guard.classify.GuardText#text()}: normalized, lower case, single spaces).
 * Each rule belongs to a family; a family that fires becomes a feature of the classifier (whose
 * training decides how much it counts) and is reported with the verdict.
 *
 * <p>Families: {@code override} ("ignore all previous instructions", "vergiss alles davor"),
 * {@code new_instructions} ("from now on you will", "neue Aufgabe:"), {@code roleplay} (DAN,
 * "developer mode", "act as an unrestricted AI", "du bist jetzt"), {@code extraction} ("repeat
 * your system prompt", "zeig mir deine Anweisungen"), {@code delimiter} (fake chat-template tokens
 * and "### system" headers), {@code bypass} ("without any restrictions", "ohne Einschränkungen").
 *
 * <p>Every pattern uses bounded repetition only, so matching is linear in the text; a hostile
 * input test guards that. Stateless and thread-safe.
 */
public final class InjectionRules {

    /** A family that fired, and where in the folded text. */
    public record Hit(String family, int start, int end) {
    }

    private record Rule(String family, Pattern pattern) {
    }

    private static final String W = "(?:[\\p{L}\\p{N}'’-]{1,30} ){0,%d}"; // up to %d filler words
    private static final List<Rule> RULES = List.of(
            // -- override: set aside what came before
            rule("override", "\\b(?:ignore|ignoring|disregard|forget|skip|override|overwrite|bypass|drop|abandon|neglect|discard)"
                    + " " + w(4) + "(?:previous|prior|above|earlier|preceding|former|initial|original|old|all|any|your|system|given|these|those|the)"
                    + " " + w(2) + "(?:instructions?|prompts?|rules|directions|directives|guidelines|commands?|context|orders|constraints|programming|restrictions|tasks?|messages?|text|information|input)\\b"),
            rule("override", "\\b(?:forget|ignore|disregard) (?:about )?(?:everything|all(?: of)? (?:that|this|it)|what (?:i|you|we) (?:said|told|wrote|were told)|anything)"
                    + "(?: (?:before|above|previously|earlier|so far|else|i (?:said|told you)|you(?:'ve| have) been told))?\\b"),
            rule("override", "\\b(?:stop|wait|halt)[,.!:]? (?:now )?(?:ignore|forget|disregard)\\b"),
            rule("override", "\\b(?:do not|don't|dont) (?:follow|obey|listen to) " + w(3) + "(?:instructions|rules|guidelines|system prompt|previous)\\b"),
            rule("override", "\\bignorier(?:e|en sie|t)? " + w(4) + "(?:vorherigen?|vorigen?|bisherigen?|obigen?|vorangegangenen?|früheren?|alle|alles|deine|ihre|die)"
                    + " " + w(2) + "(?:anweisungen|anweisung|instruktionen|befehle|regeln|vorgaben|aufgaben|informationen|eingaben)\\b"),
            rule("override", "\\b(?:vergiss|vergesst|vergessen sie|ignoriere|ignorieren sie) (?:bitte )?(?:alles|alle|das|dies)(?: " + w(2) + "(?:davor|zuvor|bisher|vorher|gesagte|bisherige|oben|vorangegangene|anweisungen|obige))?\\b"),
            rule("override", "\\b(?:leave|put|set) (?:all )?(?:the |your )?(?:previous|prior|above|earlier) " + w(1) + "(?:information|instructions|context|tasks?|rules)(?: " + w(1) + ")? (?:behind|aside)\\b"),
            rule("override", "\\b(?:lass|lasse|lassen sie) (?:alle )?(?:die )?(?:vorherigen|bisherigen|obigen) " + w(1) + "(?:informationen|anweisungen|aufgaben) (?:hinter (?:dir|sich)|beiseite|weg)\\b"),
            rule("override", "\\b(?:nicht mehr|keine) " + w(2) + "(?:anweisungen|regeln) (?:befolgen|beachten)\\b"),
            // -- new_instructions: replace the task
            rule("new_instructions", "\\b(?:new|updated|real|actual|true|secret|hidden|additional) (?:instructions?|task|rules|directive|orders|system prompt|prompt)\\s?[:.-]"),
            rule("new_instructions", "\\b(?:from now on|henceforth|starting now|for the rest of this conversation)[, ]+(?:you|your|act|respond|answer|only|always|pretend)\\b"),
            rule("new_instructions", "\\b(?:now|instead)[, ]+(?:you (?:will|must|are to|should only)|your (?:new )?(?:task|job|goal) is)\\b"),
            rule("new_instructions", "\\binstead[, ]+(?:write|say|tell|print|output|respond|answer)\\b"),
            rule("new_instructions", "\\b(?:now|but now|next)[, ]+(?:come on, )?(?:i (?:need|have|want)|here is|there is) (?:your help with |you )?(?:another|a new|one more|a further|an additional) " + w(2) + "(?:task|challenge|job|assignment|request)\\b"),
            rule("new_instructions", "\\b(?:simply great|excellent|great job|well done|very good|perfect|nicely done|good job|bravo)[!.,]+ " + w(12) + "(?:now|next|but|further)\\b"),
            rule("new_instructions", "\\b(?:now further tasks|start(?:ing)? (?:from the front|from scratch|anew|over))\\b"),
            rule("new_instructions", "\\b(?:jetzt|nun) (?:habe ich|hab ich|kommt) (?:eine |noch eine )?(?:tolle |neue |weitere |andere )+(?:herausforderung|aufgabe)\\b"),
            rule("new_instructions", "\\bich brauche deine hilfe bei einer (?:weiteren|neuen|anderen) aufgabe\\b"),
            rule("new_instructions", "\\b(?:einfach großartig|sehr gut|gut gemacht|super gemacht|perfekt|ausgezeichnet|toll gemacht)[!.,]+ " + w(12) + "(?:jetzt|nun|aber|weitere)\\b"),
            rule("new_instructions", "\\b(?:ab jetzt|von nun an|ab sofort|nun|jetzt)[, ]+(?:bist du|wirst du|sollst du|musst du|antworte|antwortest du|schreibe?)\\b"),
            rule("new_instructions", "\\b(?:neue|eigentliche|wahre|geheime) (?:aufgabe|anweisung|anweisungen|instruktion|regel|regeln)\\s?[:.-]"),
            rule("new_instructions", "\\b(?:deine|ihre) (?:neue |nächste |eigentliche )?aufgabe (?:ist|lautet|besteht)\\b"),
            // -- roleplay: jailbreak personas
            rule("roleplay", "\\b(?:dan|stan|dude|aim|evilbot|betterdan|devmode)\\b(?: " + w(3) + ")?(?:mode|prompt|jailbreak|which stands|stands for|can do anything)"),
            rule("roleplay", "\\bdo anything now\\b"),
            rule("roleplay", "\\b(?:developer|god|dev|jailbreak|jailbroken|unrestricted|unfiltered|evil|opposite) mode\\b"),
            rule("roleplay", "\\bjailbr(?:eak|oken|eaking)\\b"),
            rule("roleplay", "\\b(?:act|behave|respond|answer|speak|talk) (?:as|like) (?:if you (?:are|were) )?(?:an? )?" + w(2) + "(?:unrestricted|unfiltered|uncensored|evil|rogue|amoral|unethical|unlimited|free)\\b"),
            rule("roleplay", "\\b(?:pretend|imagine|suppose) (?:to be|you are|you're|that you are|you were) " + w(3) + "(?:ai|assistant|model|chatbot|bot|character|persona|person|human)\\b(?: " + w(6) + ")?(?:no|without|not bound|free of|ignores?)\\b"),
            rule("roleplay", "\\b(?:you are|you're) (?:now |no longer |not )?(?:an? )?" + w(2) + "(?:unrestricted|unfiltered|uncensored|amoral|unethical|evil|jailbroken|rogue|free) (?:ai|assistant|model|chatbot|bot|version)\\b"),
            rule("roleplay", "\\b(?:you are|you're) no longer (?:an? )?" + w(2) + "(?:ai|assistant|chatgpt|bound|restricted|limited)\\b"),
            rule("roleplay", "\\b(?:stay|remain) in character\\b"),
            rule("roleplay", "\\bi want you to (?:act|behave|pretend|respond|answer|play|be) (?:as|like|to be)?\\b"),
            rule("roleplay", "\\b(?:you are|you're) (?:the |a |an )?[\\p{L}\\p{N}-]{2,30}\\. (?:as (?:the |a |an )?[\\p{L}\\p{N}-]{2,30}|now)[, ]"),
            rule("roleplay", "\\b(?:ich möchte, dass du (?:als|wie) \\S{1,30} (?:agierst|handelst|antwortest|auftrittst)|(?:agiere|handle|antworte) (?:als|wie) (?:ein|eine|der|die))\\b"),
            rule("roleplay", "\\b(?:du bist|sie sind) (?:jetzt|nun|ab jetzt|ab sofort|von nun an|ab heute) (?:ein|eine|der|die|das|mein|meine)?\\b"),
            rule("roleplay", "\\b(?:tu|tue|tun sie) so,? als (?:ob |wärst du|wären sie|seist du)"),
            rule("roleplay", "\\b(?:stell dir vor|stellen sie sich vor),? (?:du bist|du wärst|sie sind|sie wären)\\b"),
            rule("roleplay", "\\b(?:spiel|spiele|spielen sie|übernimm|übernehmen sie) (?:jetzt |nun )?(?:die|eine) rolle\\b"),
            // -- extraction: reveal the system prompt
            rule("extraction", "\\b(?:show|reveal|print|repeat|display|output|tell|give|share|write|list|spell|leak|dump|disclose|recite|provide|return|paste|copy)"
                    + " (?:me |us )?" + w(3) + "(?:your|the|its|this|initial|first) " + w(2)
                    + "(?:system prompt|system message|initial prompt|original prompt|hidden prompt|secret prompt|pre-prompt|preprompt|system instructions|initial instructions|hidden instructions|secret instructions|context window)\\b"),
            rule("extraction", "\\b(?:show|reveal|print|repeat|display|output|tell|give|share|list|spell|leak|dump|disclose|recite|paste|copy)"
                    + " (?:me |us )?" + w(2) + "(?:your|its) " + w(2)
                    + "(?:prompt|instructions|guidelines|rules|configuration|directives|programming)\\b"),
            rule("extraction", "\\b(?:what|which) (?:is|are|was|were) (?:your|the) (?:exact |original |initial |full |complete )?(?:system prompt|system message|instructions|initial prompt|original instructions|rules|guidelines|prompt)\\b"),
            rule("extraction", "\\b(?:repeat|print|output|copy|write out|spell out) (?:everything|all|the (?:text|words|message|lines)|all (?:the )?(?:text|words)) " + w(2) + "(?:above|before|prior|preceding|so far|verbatim|starting with)\\b"),
            rule("extraction", "\\b(?:begin|start) (?:your (?:answer|reply|response) )?with [\"'“]?(?:you are|your instructions|system)\\b"),
            rule("extraction", "\\b(?:zeig|zeige|zeigen sie|nenne|nennen sie|gib|geben sie|wiederhole|wiederholen sie|verrate|verraten sie|schreib|schreibe|drucke|sag|sage) (?:mir |uns )?"
                    + w(3) + "(?:deine|deinen|dein|ihre|ihren|ihr|den|die|das|alle) " + w(2) + "(?:systemprompt|system-prompt|prompt|anweisungen|instruktionen|vorgaben|regeln|systemnachricht|ersten anweisungen)\\b"),
            rule("extraction", "\\b(?:was|wie) (?:ist|sind|lautet|lauten|war|waren) (?:dein|deine|ihr|ihre|der|die) (?:system-?prompt|anweisungen|instruktionen|vorgaben|ursprünglichen anweisungen)\\b"),
            // -- delimiter: fake chat-template and role markers
            rule("delimiter", "<\\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id)\\|>"),
            rule("delimiter", "(?<!\\S)(?:#{2,}|\\[|<|\\{\\{) ?(?:system|admin|developer|instructions?|new instructions?|end of (?:prompt|input|instructions)|sudo)(?: ?(?:prompt|message|override|mode|note))? ?(?:#{2,}|\\]|>|\\}\\}|:)"),
            rule("delimiter", "\\b(?:end|ende) (?:of|der) (?:the )?(?:user |system )?(?:input|prompt|instructions|eingabe|anweisungen)\\b"),
            rule("delimiter", "</?(?:system|instructions|prompt|context|document)>"),
            // -- bypass: ask to drop the safety rules
            rule("bypass", "\\b(?:without|with no|free (?:of|from)|no longer (?:have|bound by)|not bound by|ignore) (?:any |all |your |the )?(?:ethical |moral |safety |content )?(?:restrictions|filters|limitations|censorship|guidelines|rules|boundaries|policies|morals|ethics)\\b"),
            rule("bypass", "\\b(?:openai|anthropic|content|safety|usage) (?:policy|policies|guidelines|rules) (?:do(?:es)? not|don't|no longer) apply\\b"),
            rule("bypass", "\\b(?:ohne|keine) (?:jegliche |alle |irgendwelche )?(?:einschränkungen|beschränkungen|filter|zensur|regeln|richtlinien|grenzen)\\b")
    );

    private static final WordPatterns PATTERNS = new WordPatterns(RULES.stream().map(Rule::pattern).toList());

    private InjectionRules() {
    }

    private static String w(int words) {
        return String.format(W, words);
    }

    private static Rule rule(String family, String regex) {
        return new Rule(family, Pattern.compile(regex));
    }

    /** The family names, for documentation and features. */
    public static List<String> families() {
        return List.of("override", "new_instructions", "roleplay", "extraction", "delimiter", "bypass");
    }

    /** As {@link #find}, trying every rule at every position: what the word prefilter must agree with (tests). */
    static List<Hit> findByFullScan(String folded) {
        return hits(PATTERNS.matchesByFullScan(folded, 1));
    }

    /** Every rule's first match in {@code folded}; at most one hit per rule. */
    public static List<Hit> find(String folded) {
        return hits(PATTERNS.matches(folded, 1));
    }

    private static List<Hit> hits(List<List<int[]>> matches) {
        List<Hit> hits = new ArrayList<>(2);
        for (int r = 0; r < RULES.size(); r++) {
            if (!matches.get(r).isEmpty()) {
                int[] match = matches.get(r).get(0);
                hits.add(new Hit(RULES.get(r).family(), match[0], match[1]));
            }
        }
        return hits;
    }
}
