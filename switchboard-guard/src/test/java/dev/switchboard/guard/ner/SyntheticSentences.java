package dev.switchboard.guard.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Training texts written from templates (chat, support tickets, e-mails, forms, letters, addresses)
 * filled from the gazetteers, so the tagger sees names, places and companies in the kinds of text a
 * gateway carries, not only in news and tweets. Placeholders: {P} full name, {F} first name,
 * {L} surname, {H} honorific, {C} city, {CU} city in capitals, {K} country, {R} region, {O}
 * organization, {N} nationality, {J} job, {S} street line, {Z} postcode, {D} date, {E} e-mail,
 * {T} phone, {#} number, {SC} state code.
 */
final class SyntheticSentences {

    /** A generated text and its entity spans (type PER/LOC/ORG, char offsets). */
    record Labelled(String text, List<NerCorpora.Span> spans) {
    }

    static final List<String> TEMPLATES = List.of(
            // chat and support
            "hi, this is {P}, I can't log into my account",
            "Hi {F}, thanks for reaching out!",
            "hey {F} can you send me the report before friday",
            "My name is {P} and I live in {C}.",
            "my name is {P}, i live in {C}",
            "I'm {F} from {O}, we spoke yesterday.",
            "Please ask {F} to call me back at {T}.",
            "Can you check the order for {P}? It was shipped to {C}, {K}.",
            "{P} said the invoice from {O} is wrong.",
            "{F} and {F} are coming to {C} next week.",
            "Talk to {F} {L} in accounting, she knows.",
            "Could you forward this to {H} {L}?",
            "{H} {P} will join the call at 3pm.",
            "Thanks {F}!",
            "ok {F}, I'll let {F} know",
            "Is {F} still working at {O}?",
            "I used to work for {O} as a {J}, but quit a few months ago.",
            "I work as {J} at {O} in {C}.",
            "We are moving our office from {C} to {C} in {D}.",
            "Flight to {C} booked for {P}, departing {D}.",
            "The package for {P} is stuck in customs in {K}.",
            "Who is {F}? Never heard of them.",
            "Maybe it's under {P}",
            "Maybe it's under {L}",
            "What's your last name? {L}",
            "What's your first name? {F}",
            "It's {P}, spelled exactly like that.",
            "Last name: {L}",
            "The account is in the name of {P}.",
            "Please update my name to {H} {P}.",
            "I would like to remove my son {F} from the policy.",
            "My wife {F} and I visited {C} last summer.",
            "Her maiden name is {L}.",
            "{F} shouted at {F}: \"what are you doing here?\"",
            "They had three kids: {F}, {F} and {F}.",
            "Ask {F} or {F} about the {O} contract.",
            "{P} from {O} is the keynote speaker",
            "{P} ({E}) reported the bug.",
            "Reach {P} on {T} or at {E}.",
            "we met {F} at the {O} booth in {C}",
            "Did {F} ever reply to you?",
            "lol {F} that's hilarious",
            "@{F} see you in {C} tomorrow!",
            "Going to {C} with {F} this weekend",
            "{O} just raised prices again, switching to {O}.",
            "Our contact at {O} is {P}.",
            "I bought it from {O} in {C}.",
            "{O} has offices in {C}, {C} and {C}.",
            "The {N} team at {O} is hiring.",
            "It serves great {N} food, right in the center of {C}.",
            "The {N} ambassador met {P} in {C}.",
            "She is {N} but grew up in {K}.",
            "He moved from {K} to {K} in {D}.",
            "I was born in {C}, {K}.",
            "Where is the {O} office in {C}?",
            "Ship to {C}, {R}.",
            "Our warehouse in {C}, {R} ships daily.",
            "{P} spent a year at {O} as the assistant to {P}, and the following year at {O} in {C}.",
            "{O} hired {P} as chief financial officer.",
            "Shares of {O} fell after the {C} court ruling.",
            "{P}, CEO of {O}, said the deal will close in {D}.",
            "According to {P}, the {O} plant in {C} will close.",
            "I saw {P} at a concert in {C}.",
            "Have you been to a {P} concert before?",
            "Producer {P} explained to {O}: \"we all liked the idea.\"",
            "{L} scored twice as {O} beat {O}.",
            "This message was sent by {P} on behalf of {O}.",
            "Please contact {H} {L} at {O} for details.",
            // e-mail and letters
            "Dear {H} {L},\nThank you for your letter.",
            "Dear {F},\nthanks for the quick reply.",
            "Hello {F},\n\nplease find the contract attached.\n\nBest regards,\n{P}\n{O}",
            "Best,\n{P}\n{J}, {O}\n{C}, {K}",
            "Kind regards,\n{F}",
            "Cheers,\n{F} {L}",
            "From: {P} <{E}>\nTo: {P}\nSubject: meeting in {C}",
            "Sincerely,\n{H} {P}\n{O}",
            "-- \n{P} | {J} | {O}",
            "On {D}, {P} wrote:\n> see you in {C}",
            // forms and records
            "Name: {P}\nCity: {C}\nCountry: {K}",
            "First name: {F}\nLast name: {L}\nEmployer: {O}",
            "Full name: {P}\nDate of birth: {D}\nPlace of birth: {C}",
            "Patient: {P}\nPhysician: {H} {L}\nHospital: {O}",
            "Customer: {P}, {C}",
            "Applicant {P} ({N}), resident of {C}, {K}.",
            "Employee: {P}; Department: Sales; Company: {O}",
            "Billing address: {P}\n{S}\n{CU}\n{SC}\n{Z}",
            "Shipping address:\n{P}\n{S}\n{C}, {SC} {Z}\n{K}",
            "{H} {P} {S}\n{C} {SC} {Z}",
            "{P}\n{O}\n{S}\n{C}\n{K} {Z}",
            ">{P}\n>{O}\n>{S}\n>{C}\n>{K} {Z}",
            "The address of {O} is {S}, {C}, {K} {Z}",
            "Deliver to {S}, {C} {Z}, {K}.",
            "Send the documents to {P}, {S}, {C}.",
            "Office: {S}, {CU}, {K}",
            "{C}, {K}",
            "{CU}, {K}",
            "Location: {C}",
            "Company: {O}",
            "Contact person: {P}",
            "Signed: {P}",
            "Witness: {H} {P}",
            // longer prose
            "When they weren't singing about love, they were singing about the verses from {P}'s book.",
            "{P} was born in {C} in {D} and studied at {O}.",
            "After leaving {O}, {L} founded a startup in {C}.",
            "The meeting between {P} and {P} took place in {C}.",
            "{F} {L} works for {O} and lives near {C}.",
            "In {D}, {O} opened a new factory in {C}, {K}.",
            "The mayor of {C}, {P}, announced the plan.",
            "{P} is the new head of {O}'s office in {C}.",
            "We flew from {C} to {C} via {C}.",
            "The conference moves to {C}, {K} next year.",
            "{K} and {K} signed a trade agreement.",
            "Residents of {C} complained to {O}.",
            // no entities, with capitalized words and name-like common words
            "Please Reset My Password As Soon As Possible.",
            "Thanks for your help, have a great day!",
            "Will you send the invoice on Monday?",
            "May I ask why the order was cancelled?",
            "Mark the date in your calendar.",
            "The Terms And Conditions apply to all orders.",
            "Hi team,\nthe build is green again.",
            "Order #{#} was shipped on {D}.",
            "Your ticket {#} has been updated.",
            "Can I pay by credit card?",
            "Summer Sale: Up To 50% Off Everything!",
            "I am a {J} and I need help with my taxes.",
            "The {J} said I should rest for a week.",
            "Call me at {T} after 5pm.",
            "Is the {N} version of the form available?",
            "WARNING: Do Not Reply To This Email",
            // people after "to", "with", "for", which also precede places
            "Please forward this to {P}.",
            "Please forward the invoice to {P} by {D}.",
            "Send it to {F}, she'll know what to do.",
            "Can you send the contract to {P} at {O}?",
            "Assign the ticket to {P}.",
            "Reply to {F} when you get a chance",
            "Say hi to {F} for me!",
            "I gave the keys to {F} {L}.",
            "Pass this on to {P} please",
            "I spoke with {P} and {P} this morning.",
            "Had lunch with {F} today",
            "Meeting with {P} moved to {D}.",
            "This is for {P}, not for me.",
            "Attendees: {P}, {P}, {P}",
            "cc {P}",
            "Tell {P} that the flight to {C} is delayed.",
            // companies described
            "{O} is a consulting firm based in {C}.",
            "{O} is an {N} bank with branches across {K}.",
            "{O} is a small startup from {C} that makes payroll software.",
            "{O} was acquired by {O} for $2 billion.",
            "We'll meet at {O}, {S}, {CU}",
            "Let's meet at {O} on Monday.",
            "{P} of {O} was named CEO of the year.",
            "{P}, a {J} at {O}, wrote the report.",
            "The address of {O} is {S}\n{C}\n{K} {Z}",
            "I have an interview at {O} next week!",
            "Does {O} ship to {K}?",
            "My {O} account was hacked.",
            "Just got a job offer from {O} :)",
            "{O} customer service is terrible",
            "Working at {O} has been great so far.",
            "{F} left {O} to join {O}.",
            "{O} and {O} announced a partnership.",
            "The {O} office in {C} is closed today.",
            "Invoice from {O}\nAmount due: $120.00",
            "{O}\n{S}\n{C}, {SC} {Z}");

    private final GazetteerSource g;
    private final RandomGenerator random;

    SyntheticSentences(GazetteerSource gazetteers, RandomGenerator random) {
        this.g = gazetteers;
        this.random = random;
    }

    List<Labelled> generate(int count) {
        List<Labelled> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(fill(TEMPLATES.get(random.nextInt(TEMPLATES.size()))));
        }
        return out;
    }

    Labelled fill(String template) {
        StringBuilder text = new StringBuilder();
        List<NerCorpora.Span> spans = new ArrayList<>();
        boolean lowerCaseText = template.equals(template.toLowerCase(Locale.ROOT)) || random.nextInt(10) == 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '{') {
                text.append(c);
                i++;
                continue;
            }
            int close = template.indexOf('}', i);
            String slot = template.substring(i + 1, close);
            i = close + 1;
            String type = switch (slot) {
                case "P", "F", "L" -> "PER";
                case "C", "CU", "K", "R", "SC" -> "LOC";
                case "O" -> "ORG";
                default -> null;
            };
            String value = value(slot);
            if (lowerCaseText && type != null && value.length() > 3 && random.nextBoolean()) {
                value = value.toLowerCase(Locale.ROOT);
            }
            int start = text.length();
            text.append(value);
            if (type != null) {
                spans.add(new NerCorpora.Span(type, start, text.length()));
            }
        }
        return new Labelled(text.toString(), spans);
    }

    private String value(String slot) {
        return switch (slot) {
            case "P" -> person();
            case "F" -> pick(random.nextBoolean() ? g.commonFirstNames : g.firstNames);
            case "L" -> pick(random.nextBoolean() ? g.commonSurnames : g.surnames);
            case "H" -> pick(List.of("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Mrs", "Dr", "Miss", "Sir"));
            case "C" -> random.nextInt(3) == 0 ? pick(g.bigCities) : pick(g.cities);
            case "CU" -> pick(g.cities).toUpperCase(Locale.ROOT);
            case "K" -> pick(g.countries);
            case "R" -> pick(g.regions);
            case "SC" -> pick(g.stateCodes);
            case "O" -> organization();
            case "N" -> pick(g.nrp);
            case "J" -> pick(g.occupations);
            case "S" -> street();
            case "Z" -> String.format(Locale.ROOT, random.nextBoolean() ? "%05d" : "%04d", random.nextInt(100000) % (random.nextBoolean() ? 100000 : 10000));
            case "D" -> pick(List.of("2019", "March 2021", "12/03/2020", "last year", "May 5th", "2023-08-14", "June"));
            case "E" -> pick(g.commonFirstNames).toLowerCase(Locale.ROOT) + "." + pick(g.surnames).toLowerCase(Locale.ROOT)
                    + "@" + pick(List.of("example.com", "mail.com", "corp.net", "gmail.com"));
            case "T" -> String.format(Locale.ROOT, "+1 %03d %03d %04d", random.nextInt(1000), random.nextInt(1000), random.nextInt(10000));
            case "#" -> Integer.toString(random.nextInt(1_000_000));
            default -> throw new IllegalArgumentException("unknown slot {" + slot + "}");
        };
    }

    private String person() {
        String first = pick(random.nextBoolean() ? g.commonFirstNames : g.firstNames);
        String last = pick(random.nextBoolean() ? g.commonSurnames : g.surnames);
        String initial = Character.toString('A' + random.nextInt(26));
        if (random.nextInt(8) == 0) {
            return pick(g.labelledPeople);
        }
        return switch (random.nextInt(12)) {
            case 0 -> first + " " + initial + ". " + last;
            case 1 -> first + " " + initial + " " + last;
            case 2 -> (first + " " + last).toUpperCase(Locale.ROOT);
            case 3 -> first + " " + last + "-" + pick(g.surnames);
            case 4 -> first + " " + pick(g.firstNames) + " " + last;
            case 5 -> initial + ". " + last;
            default -> first + " " + last;
        };
    }

    private String organization() {
        return switch (random.nextInt(10)) {
            case 0, 1 -> pick(g.companies);
            case 2 -> random.nextBoolean() ? pick(g.companies) : pick(g.labelledCompanies);
            case 3 -> pick(g.surnames) + " " + pick(g.legalSuffixes);
            case 4 -> pick(g.surnames) + ", " + pick(g.surnames) + " and " + pick(g.surnames);
            case 5 -> pick(g.surnames) + "-" + pick(g.surnames);
            case 6 -> pick(g.surnames) + " & " + pick(List.of("Sons", "Co.", "Partners", "Associates"));
            case 7 -> pick(g.companyWords) + " " + pick(g.companyWords);
            case 8 -> random.nextBoolean() ? GazetteerSource.stripLegalSuffix(pick(g.companies)) : brand();
            default -> pick(List.of("University of ", "Bank of ", "Museum of ")) + pick(g.bigCities);
        };
    }

    /** An invented one-word brand, as start-ups name themselves: "Ledgerly", "Cloudmint", "Payscout". */
    private String brand() {
        String first = pick(g.companyWords);
        String second = pick(g.companyWords).toLowerCase(Locale.ROOT);
        return switch (random.nextInt(4)) {
            case 0 -> first + second;
            case 1 -> first.substring(0, Math.min(first.length(), 4 + random.nextInt(3))) + pick(List.of("ly", "ify", "io", "ia", "ex", "o", "a", "er"));
            case 2 -> first + pick(List.of("Hub", "Lab", "Works", "Wise", "Base", "Stack"));
            default -> pick(g.surnames) + pick(List.of("", " Labs", " Analytics", " Health", " Capital", " Software", " Media"));
        };
    }

    private String street() {
        String name = random.nextBoolean() ? pick(g.surnames) : pick(g.firstNames);
        String line = (1 + random.nextInt(9999)) + " " + name + " " + pick(g.streetTypes);
        return random.nextInt(3) == 0 ? line + " " + pick(List.of("Apt. ", "Suite ", "Unit ")) + random.nextInt(999) : line;
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
