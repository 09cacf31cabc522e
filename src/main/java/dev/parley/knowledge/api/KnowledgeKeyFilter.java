package dev.parley.knowledge.api;

import dev.parley.tenancy.ApiKeyFilter;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * The knowledge API's key check: reads need KNOWLEDGE_READ, changes KNOWLEDGE_WRITE. An upload
 * whose declared length already passes the limit is refused before a byte of it is read.
 */
class KnowledgeKeyFilter extends ApiKeyFilter {

    private static final Pattern KNOWLEDGE_PATHS =
            Pattern.compile("/api/v1/(bots/[^/]+/(documents|texts|qa|sources)|(documents|sources)(/.*)?)");
    /** Room for the multipart boundaries and part headers around one file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final long maxUploadBytes;

    KnowledgeKeyFilter(ApiKeyService keys, long maxUploadBytes, JsonMapper json) {
        super(keys, json, KNOWLEDGE_PATHS, ApiScope.KNOWLEDGE_READ, ApiScope.KNOWLEDGE_WRITE);
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    protected Optional<Refusal> check(HttpServletRequest request) {
        if (declaredLength(request) <= maxUploadBytes + MULTIPART_OVERHEAD) return Optional.empty();
        return Optional.of(new Refusal(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                "The upload is larger than the limit of " + maxUploadBytes / (1024 * 1024) + " MB.", true));
    }

    private static long declaredLength(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length >= 0) return length;
        try {
            String header = request.getHeader("Content-Length");
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
