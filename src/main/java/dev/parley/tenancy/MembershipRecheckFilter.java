package dev.parley.tenancy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A console session carries the member's tenant and role from sign-in. This re-reads them every
 * half minute, so a removed member is signed out and a changed role takes effect without waiting
 * for the session to end.
 */
@Component
class MembershipRecheckFilter extends OncePerRequestFilter {

    static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final String CHECKED_AT = MembershipRecheckFilter.class.getName() + ".checkedAt";

    private final MemberDirectory directory;

    MembershipRecheckFilter(MemberDirectory directory) {
        this.directory = directory;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (session != null && auth != null && auth.getPrincipal() instanceof ParleyPrincipal me && isDue(session)) {
            Optional<ParleyPrincipal> current = directory.principalFor(me.user(), me.tenant())
                    .filter(p -> p.tenant().equals(me.tenant()));
            if (current.isEmpty()) {
                SecurityContextHolder.clearContext();
                session.invalidate();
            } else if (!current.get().equals(me)) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(PasswordLoginProvider.authenticated(current.get()));
                SecurityContextHolder.setContext(context);
                session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isDue(HttpSession session) {
        long now = System.currentTimeMillis();
        Object last = session.getAttribute(CHECKED_AT);
        if (last instanceof Long at && now - at < INTERVAL.toMillis()) return false;
        session.setAttribute(CHECKED_AT, now);
        return true;
    }
}
