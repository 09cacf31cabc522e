package dev.parley.knowledge.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.knowledge.KnowledgeProperties;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every error of the API: a message for people, and where it helps, what a client can act on.
 *
 * @param error              what went wrong, in a sentence
 * @param fields             input name to message, for invalid input
 * @param existingDocumentId the document with the same content, for 409
 * @param accepted           the accepted file extensions, for 415
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, Map<String, String> fields, UUID existingDocumentId, List<String> accepted) {

    static ApiError of(String error) {
        return new ApiError(error, null, null, null);
    }

    static ApiError tooLarge(KnowledgeProperties limits) {
        return of("The upload is larger than the limit of " + limits.maxUploadSize().toMegabytes() + " MB.");
    }
}
