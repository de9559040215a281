package dev.signport.document.domain;

import dev.signport.platform.api.ProblemException;

/** The rules for a document's name: what clients send, cleaned of paths, bounded, printable. */
public final class DocumentNames {

    public static final String DEFAULT = "document.pdf";
    public static final int MAX_LENGTH = 255;

    private DocumentNames() {}

    /** The first non-blank candidate, without any directory part; {@link #DEFAULT} when none. */
    public static String resolve(String field, String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return validate(field, c);
            }
        }
        return DEFAULT;
    }

    private static String validate(String field, String raw) {
        // Browsers and some clients send full paths (C:\fakepath\x.pdf); keep the file name.
        String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1).strip();
        if (name.isEmpty()) {
            throw ProblemException.invalid(field, "must be a file name");
        }
        if (name.length() > MAX_LENGTH) {
            throw ProblemException.invalid(field, "must be at most " + MAX_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid(field, "must not contain control characters");
        }
        return name;
    }
}
