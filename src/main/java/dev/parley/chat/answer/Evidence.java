package dev.parley.chat.answer;

/**
 * One retrieved passage, numbered as the visitor sees its citation chip [n].
 *
 * @param number        the citation number, written as {@code [number]} after what was taken from it
 * @param title         the document's title (for the chip; not used for the answer text)
 * @param section       its heading path, e.g. "Operations › Backup and restore"; its words count as context
 * @param text          the chunk's content as stored; for a curated Q&A pair the stored
 *                      {@code "Q: question\nA: answer"} form or just the answer
 * @param similarity    cosine similarity from retrieval
 * @param curatedAnswer true for an editor's Q&A pair (the chunk's {@code qa} flag)
 */
public record Evidence(int number, String title, String section, String text, double similarity, boolean curatedAnswer) {
    public Evidence {
        title = title == null ? "" : title;
        section = section == null ? "" : section;
        text = text == null ? "" : text;
    }
}
