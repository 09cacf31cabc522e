package dev.parley.knowledge.parsing;

import java.nio.file.Path;

/** Turns a stored original into sections of text. Implementations bound time, memory and size. */
public interface DocumentParser {

    /**
     * @param file     the original bytes
     * @param fileName the name it was uploaded with (a hint for type detection only)
     * @param mimeType the detected or declared type, may be null
     */
    ParsedDocument parse(Path file, String fileName, String mimeType) throws ParseFailure;
}
