package dev.parley.console.auth;

import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Puts a new authentication into the HTTP session after sign-up, accepting an invitation or
 * switching workspace. A new session id is issued so a fixated id is worth nothing.
 */
public final class SessionSignIn {
    private SessionSignIn() {}

    public static void signIn(Authentication authentication) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        VaadinServletRequest request = VaadinServletRequest.getCurrent();
        if (request != null) {
            request.getHttpServletRequest().changeSessionId();
            request.getHttpServletRequest().getSession()
                    .setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        } else if (VaadinSession.getCurrent() != null) {
            VaadinSession.getCurrent().getSession()
                    .setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        }
    }
}
