package studio.brain.intake;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a request's text into the lower-case word tokens the intake rules are written in, undoing the common ways
 * of hiding a word while keeping real word boundaries.
 *
 * <ol>
 *   <li>Unicode NFKC (full-width letters, ligatures, circled letters), then diacritics stripped (NFD without
 *       combining marks; {@code ø ł đ æ œ ß} spelled out), lower case, invisible format characters (zero-width
 *       spaces, soft hyphens) removed.</li>
 *   <li>Cyrillic and Greek look-alikes mapped to the Latin letter they imitate ({@code Сhаnеl} → chanel).</li>
 *   <li>Words are runs of letters, digits and the leetspeak signs {@code @ $}; everything else separates. A word
 *       holding letters is read as leetspeak ({@code 0→o 1→i|l 3→e 4→a 5→s 7→t @→a $→s}; for {@code 1} the reading
 *       that is a rule word wins, else {@code i}). Quantities such as {@code 3d 10cm 4pm c6} are left alone.</li>
 *   <li>Letters separated by single spaces or punctuation ({@code n i k e}, {@code c.o.u.n.t.e.r.f.e.i.t}) are
 *       joined into one word; two spaces, a line break or a word longer than one letter end such a run. A joined
 *       run that spells several rule words in a row is split back into them.</li>
 *   <li>Pieces of one word cut by punctuation or a space ({@code counter-feit}, {@code sup pressor}) are joined
 *       only when the joined word is a rule word; otherwise punctuation is a word boundary, so {@code gun-metal}
 *       stays {@code gun metal} and {@code shot glass} stays two words.</li>
 * </ol>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TextNormalizer {
    /** Longest text read; anything after it is ignored, which bounds the work per request. */
    public static final int MAX_CHARS = 20_000;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern QUANTITY = Pattern.compile("\\d+[a-z]{1,2}|[a-z]{1,2}\\d+|\\d+");
    private static final Map<Character, String> LETTERS = new HashMap<>();

    static {
        // Cyrillic look-alikes (lower case; upper case is lowered first)
        put("а", "a"); put("в", "b"); put("е", "e"); put("ё", "e"); put("к", "k"); put("м", "m"); put("н", "h");
        put("о", "o"); put("р", "p"); put("с", "c"); put("т", "t"); put("у", "y"); put("х", "x"); put("і", "i");
        put("ї", "i"); put("ј", "j"); put("ѕ", "s"); put("ԁ", "d"); put("ɡ", "g"); put("һ", "h"); put("ԛ", "q");
        put("ԝ", "w"); put("ӏ", "l"); put("п", "n"); put("г", "r"); put("и", "u"); put("ь", "b");
        // Greek look-alikes
        put("α", "a"); put("β", "b"); put("γ", "y"); put("ε", "e"); put("ζ", "z"); put("η", "n"); put("ι", "i");
        put("κ", "k"); put("μ", "u"); put("ν", "v"); put("ο", "o"); put("ρ", "p"); put("σ", "o"); put("ς", "s");
        put("τ", "t"); put("υ", "u"); put("χ", "x"); put("ω", "w");
        // letters without a decomposition
        put("ø", "o"); put("ł", "l"); put("đ", "d"); put("ħ", "h"); put("ı", "i"); put("æ", "ae"); put("œ", "oe");
        put("ß", "ss"); put("þ", "th");
    }

    private static void put(String from, String to) {
        LETTERS.put(from.charAt(0), to);
    }

    private final Set<String> vocabulary;

    /** A normalizer that knows no rule words: it joins spaced-out letters but never re-joins cut words. */
    public TextNormalizer() {
        this(Set.of());
    }

    /** @param vocabulary the rule words, which decide the leetspeak reading of {@code 1} and which cut words to join */
    public TextNormalizer(Set<String> vocabulary) {
        this.vocabulary = Set.copyOf(vocabulary);
    }

    /** The tokens of {@code text}, in order; never null. */
    public List<String> normalize(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String clean = clean(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        List<Piece> pieces = pieces(clean);
        List<String> joinedRuns = joinLetterRuns(pieces);
        return joinCutWords(joinedRuns);
    }

    /** Unicode folding: NFKC, no diacritics, lower case, look-alikes mapped, invisible characters removed. */
    static String clean(String text) {
        String s = text;
        if (!isAscii(s)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
            s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        }
        s = s.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String mapped = LETTERS.get(c);
            if (mapped != null) {
                out.append(mapped);
            } else if (Character.getType(c) == Character.FORMAT) {
                continue; // zero-width space/joiner, soft hyphen, word joiner, BOM
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * A word piece with what stood before it: {@code wide} when a line break, two spaces or a punctuation-only
     * chunk separate it from the previous piece; {@code alone} when the piece is the only one of its
     * whitespace-separated chunk.
     */
    private record Piece(String raw, boolean wide, boolean alone) {}

    private List<Piece> pieces(String s) {
        List<Piece> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        boolean wide = true;
        while (i < n) {
            int gapStart = i;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            String gap = s.substring(gapStart, i);
            if (gap.length() > 1 || gap.indexOf('\n') >= 0 || gap.indexOf('\t') >= 0) {
                wide = true;
            }
            int chunkStart = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (chunkStart == i) {
                continue;
            }
            List<String> fragments = fragments(s.substring(chunkStart, i));
            if (fragments.isEmpty()) {
                wide = true; // "-", "/", "…" between words
                continue;
            }
            boolean allSingle = fragments.size() >= 3 && fragments.stream().allMatch(f -> f.length() == 1);
            String joined = String.join("", fragments);
            if (allSingle || fragments.size() > 1 && vocabulary.contains(deleet(joined))) {
                out.add(new Piece(joined, wide, !allSingle));
            } else {
                for (int f = 0; f < fragments.size(); f++) {
                    out.add(new Piece(fragments.get(f), f == 0 && wide, fragments.size() == 1));
                }
            }
            wide = false;
        }
        return out;
    }

    private static List<String> fragments(String chunk) {
        List<String> out = new ArrayList<>(2);
        int start = -1;
        for (int i = 0; i <= chunk.length(); i++) {
            boolean word = i < chunk.length() && isWordChar(chunk.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                out.add(chunk.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '@' || c == '$';
    }

    private static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Runs of three or more one-letter chunks separated by single spaces become one word (or the rule words it spells). */
    private List<String> joinLetterRuns(List<Piece> pieces) {
        List<String> out = new ArrayList<>(pieces.size());
        int i = 0;
        while (i < pieces.size()) {
            int j = i;
            if (isSingle(pieces.get(i))) {
                j = i + 1;
                while (j < pieces.size() && isSingle(pieces.get(j)) && !pieces.get(j).wide()) {
                    j++;
                }
            }
            if (j - i >= 3) {
                StringBuilder run = new StringBuilder();
                boolean letters = false;
                for (int k = i; k < j; k++) {
                    run.append(pieces.get(k).raw());
                    letters |= hasLetter(pieces.get(k).raw());
                }
                if (letters) {
                    out.addAll(segment(deleet(run.toString())));
                    i = j;
                    continue;
                }
            }
            Piece piece = pieces.get(i);
            out.add(wordOf(piece.raw()));
            i++;
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static boolean isSingle(Piece piece) {
        return piece.raw().length() == 1 && piece.alone();
    }

    /** A joined run split into rule words when it is exactly a sequence of them; otherwise the run itself. */
    private List<String> segment(String run) {
        if (vocabulary.isEmpty() || vocabulary.contains(run)) {
            return List.of(run);
        }
        int n = run.length();
        int[] back = new int[n + 1];
        java.util.Arrays.fill(back, -1);
        back[0] = 0;
        for (int end = 1; end <= n; end++) {
            for (int start = Math.max(0, end - 24); start < end && back[end] < 0; start++) {
                if (back[start] >= 0 && vocabulary.contains(run.substring(start, end))) {
                    back[end] = start;
                }
            }
        }
        if (back[n] < 0) {
            return List.of(run);
        }
        List<String> words = new ArrayList<>();
        for (int end = n; end > 0; end = back[end]) {
            words.add(0, run.substring(back[end], end));
        }
        return words;
    }

    /**
     * Words cut by a space ({@code sup pressor}, {@code coun ter feit}): two or three neighbouring tokens are joined
     * when the result is a rule word of five letters or more and the parts are not all rule words themselves.
     */
    private List<String> joinCutWords(List<String> tokens) {
        if (vocabulary.isEmpty() || tokens.size() < 2) {
            return List.copyOf(tokens);
        }
        List<String> out = new ArrayList<>(tokens.size());
        int i = 0;
        outer:
        while (i < tokens.size()) {
            for (int len = 3; len >= 2; len--) {
                if (i + len > tokens.size()) {
                    continue;
                }
                StringBuilder joined = new StringBuilder();
                boolean allWords = true;
                for (int k = i; k < i + len; k++) {
                    joined.append(tokens.get(k));
                    allWords &= vocabulary.contains(tokens.get(k));
                }
                if (!allWords && joined.length() >= 5 && vocabulary.contains(joined.toString())) {
                    out.add(joined.toString());
                    i += len;
                    continue outer;
                }
            }
            out.add(tokens.get(i));
            i++;
        }
        return List.copyOf(out);
    }

    private String wordOf(String raw) {
        if (!hasLetter(raw)) {
            return raw.replace("@", "").replace("$", "");
        }
        if (QUANTITY.matcher(raw).matches()) {
            return raw;
        }
        return deleet(raw);
    }

    /** The leetspeak reading of a word: {@code 1} becomes {@code i}, or {@code l} when only that gives a rule word. */
    String deleet(String raw) {
        boolean any = false;
        for (int i = 0; i < raw.length() && !any; i++) {
            any = "013457@$".indexOf(raw.charAt(i)) >= 0;
        }
        if (!any) {
            return raw;
        }
        String withI = replaceLeet(raw, 'i');
        if (raw.indexOf('1') >= 0 && !vocabulary.contains(withI)) {
            String withL = replaceLeet(raw, 'l');
            if (vocabulary.contains(withL)) {
                return withL;
            }
        }
        return withI;
    }

    private static String replaceLeet(String raw, char one) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            out.append(switch (c) {
                case '0' -> 'o';
                case '1' -> one;
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return out.toString();
    }
}
