package studio.brain.assist.marketing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for personal data in draft text: e-mail addresses, phone numbers and member / user ids (such as
 * {@code member-017}, {@code uid-…}, or a Firebase-like uid of 20+ letters and digits). Street addresses are out of
 * scope. A finding names what was found and where, never the value itself, so the reasons can be logged.
 */
public final class PersonalDataCheck {
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    /** 7 to 15 digits, single separators (space . - ( )) between them, optional leading + or (. */
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])[+(]?\\d(?:[ .()-]{0,2}\\d){6,14}(?![\\w])");
    /** ISO dates and date-times, blanked out before looking for phone numbers. */
    private static final Pattern DATE = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?Z?)?");
    private static final Pattern MEMBER_ID = Pattern.compile(
            "(?i)\\b(?:member|user|uid|customer|client|student)[-_:#]\\s?[A-Za-z0-9]+\\b");
    private static final Pattern LONG_UID = Pattern.compile("\\b(?=[A-Za-z0-9]*\\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{20,}\\b");

    private PersonalDataCheck() {
    }

    /** The personal data found in {@code text}, one line each ({@code e-mail address at character 12}); empty if none. */
    public static List<String> findings(String text) {
        List<String> findings = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return findings;
        }
        find(EMAIL, text, "e-mail address", findings);
        String withoutEmails = blank(EMAIL, text);
        find(PHONE, blank(DATE, withoutEmails), "phone number", findings);
        find(MEMBER_ID, withoutEmails, "member or user id", findings);
        find(LONG_UID, withoutEmails, "user id (uid-like token)", findings);
        return findings;
    }

    private static void find(Pattern pattern, String text, String what, List<String> findings) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            findings.add(what + " at character " + (m.start() + 1));
        }
    }

    /** The text with every match of {@code pattern} replaced by spaces, so positions stay where they were. */
    private static String blank(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                out.setCharAt(i, ' ');
            }
        }
        return out.toString();
    }
}
