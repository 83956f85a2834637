package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chat-like messages with some personal data in them, for PII benchmarks: sentences drawn from a
 * fixed seed — questions, instructions, and about one in three carrying a name, an email address,
 * a phone or card number, an IBAN, an IP address, a date, a URL or a street address. The same seed
 * gives the same messages on every machine. Not thread-safe.
 */
final class PiiMessages {

    private static final String[] FIRST = {"Alice", "Bjorn", "Carmen", "Deepak", "Elena", "Farid", "Grace", "Hiroshi",
        "Ingrid", "Jamal", "Kateryna", "Luis", "Mei", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tomasz"};
    private static final String[] LAST = {"Smith", "Lindqvist", "Garcia", "Iyer", "Petrova", "Haddad", "O'Connor",
        "Tanaka", "Johansen", "Williams", "Shevchenko", "Moreno", "Chen", "Karimi", "Dubois", "Patel", "Moulin",
        "Rossi", "Okafor", "Nowak"};
    private static final String[] DOMAINS = {"example.com", "mail.example.org", "acme-corp.net", "uni-example.edu"};
    private static final String[] STREETS = {"Maple Street", "Oak Avenue", "Harbor Road", "Elm Drive", "Sunset Boulevard",
        "Mill Lane"};
    private static final String[] CITIES = {"Springfield, IL 62704", "Portland, OR 97205", "Austin, TX 78701",
        "Madison, WI 53703"};
    private static final String[] IBANS = {"DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300"};
    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    private static final String[] PLAIN = {
        "Can you help me rewrite this paragraph so it sounds more professional?",
        "I am trying to understand why my Python script runs out of memory when it reads a large CSV file.",
        "Please summarize the main points of the meeting notes below in three short bullet points.",
        "What is the difference between a process and a thread, and when should I use each one?",
        "The deployment failed again last night and the logs only show a timeout from the database.",
        "Write a friendly reminder to the team that the quarterly report is due at the end of the week.",
        "Explain like I am five how a hash map handles collisions.",
        "Our customers keep asking about the refund policy, so I need a clear and short answer for the FAQ.",
        "Translate the following sentence into French and keep the tone informal.",
        "Here is the stack trace I get when the service starts; the error mentions a missing configuration key.",
        "Suggest three names for a small coffee shop that also sells second-hand books.",
        "Thanks for the quick answer yesterday, it solved most of the problem.",
        "Could you also check whether the SQL query below can use the index on the created_at column?",
        "I would like a short recipe for a vegetarian dinner that takes less than thirty minutes.",
        "The invoice total does not match the sum of the line items, and I cannot find the mistake.",
        "Draft an email declining the invitation politely but leaving the door open for next year.",
    };

    private final SplittableRandom random;

    PiiMessages(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code count} messages of at least {@code minBytes} UTF-8 bytes each (a sentence more at most). */
    List<String> messages(int count, int minBytes) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(message(minBytes));
        }
        return out;
    }

    /** One message of at least {@code minBytes} UTF-8 bytes. */
    String message(int minBytes) {
        return build(minBytes, true);
    }

    /**
     * One message of at least {@code minBytes} UTF-8 bytes of the plain sentences only: no personal
     * data, nothing a guard should flag (the guards benchmark's benign prompt).
     */
    String benignMessage(int minBytes) {
        return build(minBytes, false);
    }

    private String build(int minBytes, boolean withPersonalData) {
        StringBuilder s = new StringBuilder();
        while (s.toString().getBytes(StandardCharsets.UTF_8).length < minBytes) {
            if (!s.isEmpty()) {
                s.append(random.nextInt(5) == 0 ? "\n\n" : " ");
            }
            s.append(withPersonalData && random.nextInt(3) == 0 ? personal() : pick(PLAIN));
        }
        return s.toString();
    }

    private String personal() {
        String first = pick(FIRST);
        String last = pick(LAST);
        return switch (random.nextInt(9)) {
            case 0 -> "My name is " + first + " " + last + " and you can reach me at "
                    + first.toLowerCase() + "." + last.toLowerCase().replace("'", "") + "@" + pick(DOMAINS) + ".";
            case 1 -> "Call " + first + " on " + phone() + " before noon if the delivery is late.";
            case 2 -> "Please charge the card " + cardNumber() + " for the annual plan.";
            case 3 -> "The refund should go to IBAN " + pick(IBANS) + ", account holder " + first + " " + last + ".";
            case 4 -> "The server at " + (10 + random.nextInt(200)) + "." + random.nextInt(256) + "." + random.nextInt(256)
                    + "." + (1 + random.nextInt(254)) + " stopped answering on " + date() + ".";
            case 5 -> "Ship it to " + (1 + random.nextInt(9900)) + " " + pick(STREETS) + ", " + pick(CITIES) + ".";
            case 6 -> first + " was born on " + date() + " and is " + (18 + random.nextInt(70)) + " years old.";
            case 7 -> "The document is at https://docs." + pick(DOMAINS) + "/share/" + Integer.toHexString(random.nextInt())
                    + " if you want to read it.";
            default -> "Forward this to " + first.toLowerCase() + "@" + pick(DOMAINS) + " and copy " + first + " " + last
                    + ".";
        };
    }

    private String phone() {
        return "(" + (201 + random.nextInt(700)) + ") " + (200 + random.nextInt(700)) + "-"
                + String.format("%04d", random.nextInt(10_000));
    }

    private String date() {
        return pick(MONTHS) + " " + (1 + random.nextInt(28)) + ", " + (1950 + random.nextInt(75));
    }

    /** A 16-digit number starting with 4 that passes the Luhn check, in groups of four. */
    private String cardNumber() {
        int[] digits = new int[16];
        digits[0] = 4;
        for (int i = 1; i < 15; i++) {
            digits[i] = random.nextInt(10);
        }
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            int d = digits[i];
            if (i % 2 == 0) { // doubled: every second digit counting left from the check digit
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        digits[15] = (10 - sum % 10) % 10;
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i > 0 && i % 4 == 0) {
                s.append(' ');
            }
            s.append(digits[i]);
        }
        return s.toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }
}
