package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Sign-up (a new tenant and its owner) and switching between a person's tenants. */
@Service
public class AccountService {

    static final String EMAIL_TAKEN = "An account with this e-mail already exists. Sign in, or ask its workspace owner for an invitation.";

    private final TenantRepository tenants;
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final MemberDirectory directory;
    private final PasswordEncoder encoder;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final CurrentMember currentMember;

    AccountService(TenantRepository tenants, UserRepository users, MembershipRepository memberships,
                   MemberDirectory directory, PasswordEncoder encoder, TransactionTemplate tx, AuditLog audit,
                   CurrentMember currentMember) {
        this.tenants = tenants;
        this.users = users;
        this.memberships = memberships;
        this.directory = directory;
        this.encoder = encoder;
        this.tx = tx;
        this.audit = audit;
        this.currentMember = currentMember;
    }

    /** Creates the workspace and its owner; returns the owner's principal, ready to sign in. */
    public ParleyPrincipal signUp(SignUpRequest request) {
        String email = Emails.normalise(request.email());
        Map<String, String> errors = new LinkedHashMap<>();
        String name = request.displayName() == null ? "" : request.displayName().strip();
        if (name.isEmpty() || name.length() > 120) errors.put("displayName", "Tell us your name (up to 120 characters).");
        if (!Emails.isValid(email)) errors.put("email", "Enter a valid e-mail address.");
        String passwordProblem = PasswordPolicy.problem(request.password(), email);
        if (passwordProblem != null) errors.put("password", passwordProblem);
        String workspace = request.workspaceName() == null ? "" : request.workspaceName().strip();
        if (workspace.isEmpty() || workspace.length() > 120) errors.put("workspaceName", "Name your workspace (up to 120 characters).");
        if (errors.isEmpty() && directory.findLogin(email).isPresent()) errors.put("email", EMAIL_TAKEN);
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return createTenantWithOwner(workspace, name, email, encoder.encode(request.password()), "signup");
    }

    /** Also used by the operator API. The new ids are bound first so RLS admits the inserts. */
    ParleyPrincipal createTenantWithOwner(String workspace, String name, String email, String passwordHash, String via) {
        TenantId tenant = TenantId.random();
        UserId user = UserId.random();
        try {
            TenantContext.runAs(tenant, user, () -> tx.executeWithoutResult(status -> {
                tenants.saveAndFlush(new TenantEntity(tenant.value(), workspace));
                users.saveAndFlush(new UserEntity(user.value(), email, name, passwordHash));
                memberships.saveAndFlush(new MembershipEntity(tenant.value(), user.value(), Role.OWNER));
                audit.record(user.value(), email, "tenant.created", workspace, "via " + via);
            }));
        } catch (DataIntegrityViolationException e) {
            // Only the e-mail is unique here; say so without echoing anything from the database.
            throw InvalidInputException.of("email", EMAIL_TAKEN);
        }
        return directory.principalFor(user, tenant).orElseThrow();
    }

    /** A fresh authentication acting in another of the current person's workspaces. */
    public UsernamePasswordAuthenticationToken switchTo(TenantId tenant) {
        ParleyPrincipal me = currentMember.require();
        ParleyPrincipal next = directory.principalFor(me.user(), tenant)
                .filter(p -> p.tenant().equals(tenant))
                .orElseThrow(() -> InvalidInputException.of("", "You are not a member of that workspace."));
        return PasswordLoginProvider.authenticated(next);
    }

    /** Authentication for a principal just created by sign-up or by accepting an invitation. */
    public UsernamePasswordAuthenticationToken authenticationFor(ParleyPrincipal principal) {
        return PasswordLoginProvider.authenticated(principal);
    }
}
