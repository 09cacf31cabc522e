package dev.parley.console.support;

import java.util.function.Supplier;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The signed-in person of a view, for service calls that run outside their request: a grid's data
 * provider called while a push from a background thread renders the window. The services read
 * the person (and so the tenant bound for row-level security) from the security context.
 */
public final class Viewer {

    private final Authentication authentication;

    private Viewer(Authentication authentication) {
        this.authentication = authentication;
    }

    /** The person of the current request; call in the view's constructor. */
    public static Viewer current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) throw new IllegalStateException("No one is signed in");
        return new Viewer(auth);
    }

    public <T> T call(Supplier<T> work) {
        SecurityContext outer = SecurityContextHolder.getContext();
        if (outer.getAuthentication() == authentication) return work.get();
        SecurityContext mine = SecurityContextHolder.createEmptyContext();
        mine.setAuthentication(authentication);
        SecurityContextHolder.setContext(mine);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(outer);
        }
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
