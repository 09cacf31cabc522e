package dev.parley.tenancy;

import dev.parley.shared.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Console sign-in. Unknown e-mail and wrong password get the same answer and take the same time
 * (a dummy hash is checked); failures are counted per account and per address.
 */
@Component
class PasswordLoginProvider implements AuthenticationProvider {

    static final String BAD_CREDENTIALS = "Incorrect e-mail or password.";

    private final MemberDirectory directory;
    private final LoginThrottle throttle;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final String dummyHash;

    PasswordLoginProvider(MemberDirectory directory, LoginThrottle throttle, PasswordEncoder encoder, AuditLog audit) {
        this.directory = directory;
        this.throttle = throttle;
        this.encoder = encoder;
        this.audit = audit;
        this.dummyHash = encoder.encode("not-a-real-password-" + System.nanoTime());
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String email = Emails.normalise(authentication.getName());
        String password = String.valueOf(authentication.getCredentials());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";

        throttle.lockedUntil(email, address).ifPresent(until -> {
            long minutes = Math.max(1, Duration.between(Instant.now(), until).toMinutes() + 1);
            throw new LockedException("Too many failed sign-ins. Try again in " + minutes + " minutes.");
        });
        var login = directory.findLogin(email);
        boolean matches = encoder.matches(password, login.map(MemberDirectory.LoginRecord::passwordHash).orElse(dummyHash));
        if (login.isEmpty() || !matches) {
            throttle.recordFailure(email, address);
            throw new BadCredentialsException(BAD_CREDENTIALS);
        }
        throttle.recordSuccess(email);
        UserId user = new UserId(login.get().userId());
        ParleyPrincipal principal = directory.principalFor(user, null)
                .orElseThrow(() -> new DisabledException("Your account belongs to no workspace any more. Ask an owner for a new invitation."));
        String upgraded = encoder.upgradeEncoding(login.get().passwordHash()) ? encoder.encode(password) : null;
        directory.recordLogin(principal, upgraded, audit);
        return authenticated(principal);
    }

    static UsernamePasswordAuthenticationToken authenticated(ParleyPrincipal principal) {
        return UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority(principal.role().authority())));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
