package dev.parley.chat;

/**
 * CSV cells (RFC 4180) that a spreadsheet opens as text: a cell that starts like a formula
 * (= + - @, or a tab or carriage return that some programs skip) gets a leading apostrophe,
 * and a cell with a comma, quote or line break is quoted with its quotes doubled.
 */
final class CsvCells {

    private CsvCells() {}

    static String cell(String value) {
        if (value == null || value.isEmpty()) return "";
        String safe = startsLikeAFormula(value) ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static boolean startsLikeAFormula(String value) {
        char first = value.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
    }
}
