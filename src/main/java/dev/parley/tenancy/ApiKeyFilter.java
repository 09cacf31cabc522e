package dev.parley.tenancy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.parley.shared.TenantContext;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request into one module's API only with a tenant API key holding that API's scope, and
 * runs it in the key's tenant scope so row-level security shows only its rows. The key is looked
 * up on every request, so a revoked key stops working at once. Each API registers its own instance
 * with its paths and scopes; {@link #check} adds an API's own refusals after authentication.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    /** A refusal with the status and the sentence the client sees. */
    public record Refusal(int status, String message, boolean closeConnection) {}

    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);

    private final ApiKeyService keys;
    private final JsonMapper json;
    private final Pattern paths;
    private final ApiScope readScope;
    private final ApiScope writeScope;

    public ApiKeyFilter(ApiKeyService keys, JsonMapper json, Pattern paths, ApiScope readScope, ApiScope writeScope) {
        this.keys = keys;
        this.json = json;
        this.paths = paths;
        this.readScope = readScope;
        this.writeScope = writeScope;
    }

    /** An API's own check of an authenticated request, before its body is read. */
    protected Optional<Refusal> check(HttpServletRequest request) {
        return Optional.empty();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !paths.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        Optional<ApiKeyService.KeyGrant> grant = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? keys.verify(header.substring(7).strip()) : Optional.empty();
        if (grant.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer");
            refuse(response, new Refusal(HttpServletResponse.SC_UNAUTHORIZED,
                    "A valid API key is required: Authorization: Bearer prly_…", false));
            return;
        }
        ApiScope needed = isRead(request) ? readScope : writeScope;
        if (!grant.get().scopes().contains(needed)) {
            refuse(response, new Refusal(HttpServletResponse.SC_FORBIDDEN, "This API key lacks the " + needed + " scope.", false));
            return;
        }
        Optional<Refusal> refusal = check(request);
        if (refusal.isPresent()) {
            refuse(response, refusal.get());
            return;
        }
        touch(grant.get());
        TenantScopedChain.proceedAs(grant.get().tenant(), chain, request, response);
    }

    /** "Last used" is a convenience: failing to record it must not fail the request. */
    private void touch(ApiKeyService.KeyGrant grant) {
        try {
            TenantContext.runAs(grant.tenant(), null, () -> keys.touch(grant.keyId()));
        } catch (RuntimeException e) {
            log.warn("Could not record the use of API key {}: {}", grant.keyId(), e.toString());
        }
    }

    private static boolean isRead(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    private void refuse(HttpServletResponse response, Refusal refusal) throws IOException {
        if (refusal.closeConnection()) response.setHeader("Connection", "close"); // the body is not read
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), Map.of("error", refusal.message()));
    }
}
