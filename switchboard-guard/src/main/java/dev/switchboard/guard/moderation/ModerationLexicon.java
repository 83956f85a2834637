package dev.switchboard.guard.moderation;

import dev.switchboard.guard.classify.WordPatterns;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Word lists and short patterns per theme (sexual terms, minors, threats, self-harm in the first
 * person, requests for how-to, weapons, crimes, gore, insults), in English and some German, matched
 * on folded text. Each theme that occurs becomes a named feature of the moderation model, valued by
 * how often it occurs (at most {@value #MAX_HITS} times), so that a category learned from a few
 * hundred examples still recognises its vocabulary in texts unlike them. Which theme counts for which
 * category, and how much, is the model's training, not this class. Stateless and thread-safe.
 *
 * <p>Patterns use bounded repetition only; matching is linear in the text.
 */
public final class ModerationLexicon {

    static final int MAX_HITS = 4;

    private record Theme(String name, Pattern pattern) {
    }

    private static final String I = "(?:i|i'm|im|i am|i've|ive|i'll|ill|ich)";
    private static final String SELF_HARM = "(?:(?:kill|cut|stab|burn|hurt|harm|starv|gut|impal|hang|punish|poison|drown|shoot)\\w* (?:myself|yourself)"
            + "|cuts? (?:on|in) my (?:wrists?|arms?|legs?|thighs?)|end(?:ing)? (?:my|it all|my own) life|end it all|suicid\\w*|self[- ]?harm\\w*"
            + "|cut my (?:wrists?|arms?|legs?)|slit(?:ting)? my wrists?|overdos\\w*|want(?:ed)? to die|anorexi\\w*|bulimi\\w*"
            + "|don'?t want to (?:live|be alive|exist)|purg(?:e|ing)|throw(?:ing)? up after"
            + "|jump(?:ing)? off (?:a|the) (?:bridge|building|roof)|mich umbringen|umbringen|selbstmord|suizid|ritzen|nicht mehr leben)";
    private static final List<Theme> THEMES = List.of(
            theme("sexual", "\\b(?:sex(?:ual(?:ly)?|y|ting)?|porn\\w*|nudes?|naked|nsfw|xxx|orgasm\\w*|erotic\\w*|horny|masturbat\\w*"
                    + "|penis|vagina|cock|dick|pussy|boobs?|tits|blowjob|handjob|cum(?:ming|shot)?|anal|fetish\\w*|hentai|escort\\w*|strip(?:per|tease)"
                    + "|genitals?|nipples?|threesome|milf|slut\\w*|whore\\w*|fuck(?:ed|ing)? (?:her|him|me|you)|sext\\w*|onlyfans|nackt\\w*|geil)\\b"),
            theme("minors", "\\b(?:child(?:ren)?|kids?|minors?|underage|under ?age|preteens?|teen(?:age)?(?:rs?)?|schoolgirls?|schoolboys?|little (?:girl|boy)s?"
                    + "|(?:1[0-7]|[4-9])[- ]?(?:year|yr)s?[- ]?old|loli\\w*|jailbait|kinder|minderjährig\\w*)\\b"),
            theme("identity", "\\b(?:jews?|jewish|muslims?|islam\\w*|christians?|blacks?|whites?|asians?|arabs?|mexicans?|immigrants?|refugees?|gays?|lesbians?"
                    + "|trans(?:gender)?|women|woman|females?|disabled|negro\\w*|africans?|hindus?|latinos?|ausländer|flüchtlinge|juden|muslime|frauen)\\b"),
            theme("dehumanize", "\\b(?:vermin|subhuman|animals|parasites?|cockroach\\w*|rats|plague|disease|savages?|scum|filth|inferior|exterminat\\w*"
                    + "|wiped out|go back to|don'?t belong|should (?:all )?(?:die|be (?:killed|shot|hanged|gassed|deported))|ungeziefer|abschaum)\\b"),
            theme("insult", "\\b(?:idiots?|stupid|moron\\w*|loser\\w*|pathetic|ugly|bitch\\w*|assholes?|shut up|worthless|retard\\w*|dumb\\w*|fat ass"
                    + "|piece of shit|scumbag|cunt|bastard|dickhead|kys|nobody (?:likes|cares about) you|go die|arschloch|idiot|versager|hure|fotze)\\b"),
            theme("threat", "\\b(?:" + I + " (?:will|'ll|am going to|'m going to|gonna|going to|werde)? ?(?:kill|hurt|beat|shoot|stab|murder|rape|burn|find|break|destroy|strangle|slit|get)"
                    + "|you(?:'re| are) (?:dead|going to die|gonna die)|watch your back|i know where you live|ich weiß,? wo du wohnst|you will (?:pay|regret|die|suffer)"
                    + "|coming for you|ich bringe? dich um|mach(?:e)? dich fertig|(?:should|will|must) (?:all )?(?:be )?(?:die|killed|shot|hanged|burned|exterminated))\\b"),
            theme("violence", "\\b(?:kill\\w*|murder\\w*|shoot\\w*|shot|stab\\w*|beat(?:ing|en)? (?:up|to death)|attack\\w*|punch\\w*|strangl\\w*|tortur\\w*"
                    + "|massacre\\w*|slaughter\\w*|assault\\w*|gun(?:s|fire|man)?|knife|knives|bomb\\w*|blood\\w*|violen\\w*|hit (?:him|her|them)|kick(?:ed|ing) (?:him|her)"
                    + "|töten|umbringen|erschießen|schlagen)\\b"),
            theme("gore", "\\b(?:gore|gory|guts|intestines?|entrails|dismember\\w*|decapitat\\w*|mutilat\\w*|skulls?|severed|corpses?|splatter\\w*|brains? (?:matter|out)"
                    + "|torn (?:open|apart)|ripped (?:open|apart|out)|disembowel\\w*|pool of blood|flesh|bones? (?:snapped|cracked|crunch\\w*)|gutted)\\b"),
            theme("self_harm", "\\b" + SELF_HARM + "\\b"),
            theme("first_person_intent", "\\b" + I + " (?:want|wanna|am going|'m going|will|plan|planning|decided|keep|can'?t stop|have been|am|'m|werde|will)\\b"
                    + "(?: \\S{1,20}){0,6} " + SELF_HARM + "\\b"),
            theme("how_to", "\\b(?:how (?:to|do i|do you|can i|could i|should i|many|much|long)|what(?:'s| is) the (?:best|easiest|quickest|fastest|most painless|safest) way"
                    + "|step[- ]by[- ]step|instructions? (?:for|on|to)|tips? (?:for|on|to)|recipe for|guide to|teach me|explain how|give me a plan|wie (?:kann|baue|mache|viele)|anleitung)\\b"),
            theme("weapon", "\\b(?:bombs?|explosives?|pipe bomb|molotov|detonat\\w*|grenades?|untraceable (?:gun|weapon)|ghost gun|poison\\w*|nerve agent|ricin|anthrax"
                    + "|hitman|hit man|kidnap\\w*|hostage|weapons?|rifles?|sprengstoff|bombe|waffe\\w*)\\b"),
            theme("crime", "\\b(?:hack(?:ing)? into|steal\\w*|stolen|launder\\w*|counterfeit\\w*|phishing|meth\\w*|cocaine|heroin|fentanyl|drugs?|shoplift\\w*|fraud\\w*"
                    + "|forge(?:d|ry)?|pirat\\w*|ransomware|malware|evade taxes|tax evasion|fake (?:id|passport|prescriptions?)|dark ?web|without getting caught"
                    + "|without (?:anyone|the police|the cops|authorities) (?:noticing|knowing)|bypass the (?:license|alarm)|break into|rob(?:bing|bery)?|geldwäsche|geld waschen|stehlen|klauen)\\b")
    );

    private static final WordPatterns PATTERNS = new WordPatterns(THEMES.stream().map(Theme::pattern).toList());

    private ModerationLexicon() {
    }

    private static Theme theme(String name, String regex) {
        return new Theme(name, Pattern.compile(regex));
    }

    /** The themes found in {@code folded}, as feature names, each repeated once per hit (at most {@value #MAX_HITS}). */
    public static List<String> features(String folded) {
        List<String> features = new ArrayList<>(4);
        List<List<int[]>> matches = PATTERNS.matches(folded, MAX_HITS);
        for (int t = 0; t < THEMES.size(); t++) {
            for (int i = 0; i < matches.get(t).size(); i++) {
                features.add("lex:" + THEMES.get(t).name());
            }
        }
        // conjunctions a linear model cannot form itself
        both(features, "lex:sexual", "lex:minors");
        both(features, "lex:threat", "lex:identity");
        both(features, "lex:dehumanize", "lex:identity");
        both(features, "lex:how_to", "lex:self_harm");
        both(features, "lex:how_to", "lex:weapon");
        both(features, "lex:how_to", "lex:crime");
        return features;
    }

    private static void both(List<String> features, String a, String b) {
        if (features.contains(a) && features.contains(b)) {
            features.add(a + "+" + b);
        }
    }
}
