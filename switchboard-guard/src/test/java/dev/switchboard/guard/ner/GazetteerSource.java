package dev.switchboard.guard.ner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * The open word lists the model is trained with and ships: names (SSA, US Census), places
 * (GeoNames, JDK locale data, libpostal), companies (SEC, S&amp;P 500), legal suffixes (libpostal),
 * and Switchboard's own NRP, honorific and occupation lists. Also keeps the raw lists for
 * generating synthetic training sentences.
 */
final class GazetteerSource {

    /** Lower-cased phrase to flags, ordered for a reproducible resource file. */
    final Map<String, Integer> entries = new TreeMap<>();
    final List<String> firstNames = new ArrayList<>();
    final List<String> commonFirstNames = new ArrayList<>();
    final List<String> surnames = new ArrayList<>();
    final List<String> commonSurnames = new ArrayList<>();
    final List<String> cities = new ArrayList<>();
    final List<String> bigCities = new ArrayList<>();
    final List<String> regions = new ArrayList<>();
    final List<String> countries = new ArrayList<>();
    final List<String> companies = new ArrayList<>();
    final List<String> companyWords = new ArrayList<>();
    final List<String> legalSuffixes = new ArrayList<>();
    final List<String> stateCodes = new ArrayList<>();
    final List<String> streetTypes = new ArrayList<>();
    final List<String> nrp = new ArrayList<>();
    final List<String> occupations = new ArrayList<>();
    /** Labelled person and company name strings from probablepeople (MIT), for synthetic sentences only. */
    final List<String> labelledPeople = new ArrayList<>();
    final List<String> labelledCompanies = new ArrayList<>();

    private static final Set<String> ORG_KEYWORDS = Set.of("university", "college", "institute", "school", "academy",
            "hospital", "clinic", "foundation", "association", "society", "agency", "department", "ministry",
            "council", "committee", "commission", "club", "team", "church", "airlines", "airways", "bank", "bancorp",
            "group", "holdings", "partners", "capital", "technologies", "solutions", "systems", "labs", "software",
            "insurance", "consulting", "media", "health", "healthcare", "pharmaceuticals", "therapeutics",
            "international", "industries", "enterprises", "services", "ventures", "networks", "motors", "energy",
            "financial", "trust", "fund", "federation", "union", "organization", "organisation", "office",
            "bureau", "authority", "board", "court", "police", "army", "navy", "party", "press", "times", "news");
    private static final Set<String> LOCATION_WORDS = Set.of("street", "avenue", "road", "river", "lake", "mount",
            "mountain", "island", "islands", "bay", "beach", "valley", "county", "city", "town", "village", "park",
            "north", "south", "east", "west", "northern", "southern", "eastern", "western", "new", "san", "santa",
            "saint", "st.", "fort", "port", "falls", "springs", "heights", "hills", "coast", "republic",
            "kingdom", "state", "states", "province", "district", "region", "ocean", "sea", "gulf", "desert");

    static GazetteerSource load(Path data) throws IOException {
        GazetteerSource g = new GazetteerSource();
        Path gaz = data.resolve("ner/gazetteers");
        // First names: SSA national data, names given at least 200 times in 1880-2023.
        Map<String, Long> first = new HashMap<>();
        for (String line : lines(gaz.resolve("us_ssa_first_names/ssa_first_names_1880_2023_by_sex.csv"))) {
            String[] c = line.split(",");
            if (c[0].equals("name")) {
                continue;
            }
            first.merge(c[0], Long.parseLong(c[2]), Long::sum);
        }
        List<Map.Entry<String, Long>> byCount = new ArrayList<>(first.entrySet());
        byCount.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (int i = 0; i < byCount.size(); i++) {
            if (byCount.get(i).getValue() < 200) {
                break;
            }
            String name = byCount.get(i).getKey();
            g.firstNames.add(name);
            g.add(name, Gazetteer.FIRST_NAME | (i < 2000 ? Gazetteer.COMMON_FIRST_NAME : 0));
            if (i < 2000) {
                g.commonFirstNames.add(name);
            }
        }
        // Surnames: US Census 2010, at least 300 people.
        int rank = 0;
        for (String line : lines(gaz.resolve("us_census_2010_surnames/last-name.csv"))) {
            String[] c = line.split(",");
            if (c[0].equals("last_name") || c.length < 2 || Long.parseLong(c[1]) < 300) {
                continue;
            }
            String name = titleCase(c[0]);
            g.surnames.add(name);
            g.add(name, Gazetteer.SURNAME | (rank < 3000 ? Gazetteer.COMMON_SURNAME : 0));
            if (rank < 3000) {
                g.commonSurnames.add(name);
            }
            rank++;
        }
        // Cities over 15,000 people (GeoNames, CC-BY-4.0).
        for (String line : lines(gaz.resolve("geonames/cities15000_slim.tsv"))) {
            String[] c = line.split("\t");
            if (c[0].equals("geonameid")) {
                continue;
            }
            long population = Long.parseLong(c[6]);
            int flags = Gazetteer.CITY | (population >= 1_000_000 ? Gazetteer.BIG_CITY : 0);
            g.add(c[1], flags);
            g.add(c[2], flags);
            g.cities.add(c[1]);
            if (population >= 300_000) {
                g.bigCities.add(c[1]);
            }
        }
        for (String line : lines(gaz.resolve("geonames/admin1_regionInfo.tsv"))) {
            String[] c = line.split("\t");
            if (c[0].startsWith("#") || c.length < 3) {
                continue;
            }
            g.add(c[1], Gazetteer.REGION);
            g.add(c[2], Gazetteer.REGION);
            g.regions.add(c[1]);
        }
        for (String line : lines(gaz.resolve("geonames/countryInfo.tsv"))) {
            String[] c = line.split("\t");
            if (c[0].startsWith("#") || c.length < 5) {
                continue;
            }
            g.add(c[4], Gazetteer.COUNTRY);
            g.countries.add(c[4]);
        }
        for (String iso : Locale.getISOCountries()) {
            String name = Locale.of("", iso).getDisplayCountry(Locale.ENGLISH);
            g.add(name, Gazetteer.COUNTRY);
        }
        for (String alias : List.of("USA", "U.S.", "U.S.A.", "US", "America", "UK", "U.K.", "Britain", "Great Britain",
                "England", "Scotland", "Wales", "Northern Ireland", "Holland", "the Netherlands", "Czechia",
                "Ivory Coast", "Burma", "UAE", "South Korea", "North Korea", "Russia", "Vietnam", "Iran", "Syria",
                "Laos", "Bolivia", "Venezuela", "Tanzania", "Moldova", "Taiwan", "Palestine", "Vatican")) {
            g.add(alias, Gazetteer.COUNTRY);
        }
        // US states and Canadian provinces with their codes (libpostal toponyms, MIT).
        for (String line : lines(gaz.resolve("libpostal_en_dictionaries/toponyms.txt"))) {
            String[] alternatives = line.split("\\|");
            g.add(alternatives[0], Gazetteer.REGION);
            g.regions.add(titleCase(alternatives[0]));
            for (String alt : alternatives) {
                if (alt.length() == 2) {
                    g.stateCodes.add(alt.toUpperCase(Locale.ROOT));
                }
            }
        }
        for (String line : lines(gaz.resolve("libpostal_en_dictionaries/street_types.txt"))) {
            g.streetTypes.add(titleCase(line.split("\\|")[0]));
        }
        for (String line : lines(gaz.resolve("libpostal_en_dictionaries/company_types.txt"))) {
            for (String alt : line.split("\\|")) {
                if (alt.length() >= 2 && !alt.contains("/") && !alt.equals("as") && !alt.equals("na")
                        && !alt.equals("se") && !alt.equals("sp") && !alt.equals("co") && !alt.equals("union")) {
                    g.add(alt, Gazetteer.LEGAL_SUFFIX);
                    g.add(alt + ".", Gazetteer.LEGAL_SUFFIX);
                }
            }
        }
        for (String suffix : List.of("Inc.", "Inc", "LLC", "Ltd", "Ltd.", "Corp.", "Corporation", "Co.", "PLC", "LLP",
                "GmbH", "AG", "S.A.", "SA", "S.p.A.", "SpA", "B.V.", "BV", "N.V.", "NV", "Oy", "AB", "A/S", "ASA",
                "Pty Ltd", "Pvt. Ltd.", "K.K.", "S.r.l.", "SRL", "SAS", "S.L.", "Kft.", "d.o.o.", "s.r.o.", "Sp. z o.o.")) {
            g.add(suffix, Gazetteer.LEGAL_SUFFIX);
            g.legalSuffixes.add(suffix);
        }
        // Companies: SEC EDGAR tickers (public domain) and S&P 500 (ODC-PDDL).
        JsonNode tickers = new ObjectMapper().readTree(gaz.resolve("companies/sec_company_tickers.json").toFile());
        Map<String, Integer> wordCounts = new HashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode company : tickers) {
            String name = normalizeCompany(company.get("title").asText());
            if (seen.add(name.toLowerCase(Locale.ROOT))) {
                g.companies.add(name);
                g.add(name, Gazetteer.COMPANY);
                for (String word : name.toLowerCase(Locale.ROOT).split("[ ,]+")) {
                    wordCounts.merge(word, 1, Integer::sum);
                }
                String core = stripLegalSuffix(name);
                if (!core.equals(name) && core.length() > 3) {
                    g.add(core, Gazetteer.COMPANY);
                }
            }
        }
        for (String line : lines(gaz.resolve("companies/sp500_constituents.csv"))) {
            List<String> c = csv(line);
            if (c.get(0).equals("Symbol")) {
                continue;
            }
            if (seen.add(c.get(1).toLowerCase(Locale.ROOT))) {
                g.companies.add(c.get(1));
            }
            g.add(c.get(1), Gazetteer.COMPANY);
        }
        wordCounts.entrySet().stream()
                .filter(e -> e.getValue() >= 25 && e.getKey().length() > 2 && Character.isLetter(e.getKey().charAt(0)))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(400)
                .forEach(e -> {
                    g.add(e.getKey(), Gazetteer.COMPANY_WORD);
                    g.companyWords.add(titleCase(e.getKey()));
                });
        ORG_KEYWORDS.forEach(w -> g.add(w, Gazetteer.ORG_KEYWORD));
        LOCATION_WORDS.forEach(w -> g.add(w, Gazetteer.LOCATION_WORD));
        g.labelledPeople.addAll(names(data.resolve("ner/probablepeople_labeled/person_labeled.xml")));
        g.labelledCompanies.addAll(names(data.resolve("ner/probablepeople_labeled/company_labeled.xml")));
        // Switchboard's own lists (src/main/resources).
        for (String w : Lexicons.read("nrp.txt")) {
            g.add(w, Gazetteer.NRP);
            g.nrp.add(titleCase(w));
        }
        for (String w : Lexicons.read("honorifics.txt")) {
            g.add(w, Gazetteer.HONORIFIC);
        }
        for (String w : Lexicons.read("occupations.txt")) {
            g.add(w, Gazetteer.OCCUPATION);
            g.occupations.add(w);
        }
        return g;
    }

    private void add(String phrase, int flags) {
        String lower = phrase.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        if (lower.isEmpty() || lower.contains("\t")) {
            return;
        }
        entries.merge(lower, flags, (a, b) -> a | b);
    }

    /** The gazetteer as the model will see it at run time. */
    Gazetteer build() {
        Gazetteer.Builder builder = new Gazetteer.Builder();
        entries.forEach(builder::add);
        return builder.build();
    }

    void write(OutputStream out) throws IOException {
        try (Writer writer = new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Integer> e : entries.entrySet()) {
                writer.write(e.getKey());
                writer.write('\t');
                writer.write(Integer.toString(e.getValue()));
                writer.write('\n');
            }
        }
    }

    /** "NVIDIA CORP" becomes "Nvidia Corp"; mixed-case names are kept. */
    static String normalizeCompany(String name) {
        String trimmed = name.strip().replaceAll("\\s+", " ").replaceAll("/[A-Z]{2,3}/?$", "").strip();
        if (!trimmed.equals(trimmed.toUpperCase(Locale.ROOT))) {
            return trimmed;
        }
        StringBuilder out = new StringBuilder();
        for (String word : trimmed.split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(word.length() <= 3 && !word.matches("(?i)inc|co|corp|ltd|the|and|of") ? word : titleCase(word));
        }
        return out.toString();
    }

    static String stripLegalSuffix(String name) {
        return name.replaceAll("(?i)[ ,]+(inc\\.?|corp\\.?|corporation|co\\.?|ltd\\.?|llc|plc|l\\.?p\\.?|n\\.?v\\.?|s\\.?a\\.?|ag|se|holdings?|group)$", "").strip();
    }

    static String titleCase(String word) {
        StringBuilder out = new StringBuilder(word.length());
        boolean start = true;
        for (char c : word.toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == ' ' || c == '-' || c == '\'';
        }
        return out.toString();
    }

    /** The text of each {@code <Name>} element of a probablepeople file, tags removed. */
    private static List<String> names(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Name>(.*?)</Name>", java.util.regex.Pattern.DOTALL)
                .matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            String name = m.group(1).replaceAll("<[^>]+>", "").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
            if (name.length() > 1 && name.length() < 60) {
                out.add(name);
            }
        }
        return out;
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
