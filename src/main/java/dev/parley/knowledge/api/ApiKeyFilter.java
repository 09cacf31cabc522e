package dev.parley.knowledge.api;

import dev.parley.shared.TenantContext;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request into the knowledge API only with a tenant API key, and runs it in that tenant's
 * scope so row-level security shows only its rows. Reads need KNOWLEDGE_READ, changes
 * KNOWLEDGE_WRITE. The key is looked up on every request, so a revoked key stops working at once.
 * An upload whose declared length already passes the limit is refused before a byte of it is read.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    private static final Pattern KNOWLEDGE_PATHS =
            Pattern.compile("/api/v1/(bots/[^/]+/(documents|texts|qa|sources)|(documents|sources)(/.*)?)");
    /** Room for the multipart boundaries and part headers around one file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final ApiKeyService keys;
    private final long maxUploadBytes;
    private final JsonMapper json;

    ApiKeyFilter(ApiKeyService keys, long maxUploadBytes, JsonMapper json) {
        this.keys = keys;
        this.maxUploadBytes = maxUploadBytes;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !KNOWLEDGE_PATHS.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<ApiKeyService.KeyGrant> grant = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? keys.verify(header.substring(7).strip()) : Optional.empty();
        if (grant.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED,
                    "A valid API key is required: Authorization: Bearer prly_…");
            return;
        }
        ApiScope needed = isRead(request) ? ApiScope.KNOWLEDGE_READ : ApiScope.KNOWLEDGE_WRITE;
        if (!grant.get().scopes().contains(needed)) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "This API key lacks the " + needed + " scope.");
            return;
        }
        if (declaredLength(request) > maxUploadBytes + MULTIPART_OVERHEAD) {
            response.setHeader("Connection", "close"); // the body is not read; do not keep the connection
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                    "The upload is larger than the limit of " + maxUploadBytes / (1024 * 1024) + " MB.");
            return;
        }
        runAs(grant.get(), request, response, chain);
    }

    private static void runAs(ApiKeyService.KeyGrant grant, HttpServletRequest request, HttpServletResponse response,
                              FilterChain chain) throws ServletException, IOException {
        try {
            TenantContext.callAs(grant.tenant(), null, () -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException e) {
                    throw new Checked(e);
                }
                return null;
            });
        } catch (Checked e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw (ServletException) e.getCause();
        }
    }

    private static boolean isRead(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
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

    private void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), ApiError.of(message));
    }

    /** Carries a checked exception out of the tenant scope's Supplier. */
    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }
}
