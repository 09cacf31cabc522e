package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.UserId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Members of the current tenant and invitations to join it. */
@Service
public class TeamService {

    public record Member(UUID userId, String displayName, String email, Role role, Instant since) {}

    public record PendingInvitation(UUID id, String email, Role role, Instant expiresAt) {}

    /** The link is shown once; only a hash of its token is stored. {@code mailed}: SMTP delivered it too. */
    public record InvitationLink(UUID id, String token, boolean mailed) {}

    /** What the invitation page shows before anyone signs in. */
    public record InvitationPreview(String tenantName, String email, Role role, boolean existingAccount) {}

    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);
    static final String INVALID_INVITATION = "This invitation link is invalid, expired or already used. Ask for a new one.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MembershipRepository memberships;
    private final InvitationRepository invitations;
    private final UserRepository users;
    private final MemberDirectory directory;
    private final CurrentMember currentMember;
    private final AuditLog audit;
    private final PasswordEncoder encoder;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final InvitationMailer mailer;

    TeamService(MembershipRepository memberships, InvitationRepository invitations, UserRepository users,
                MemberDirectory directory, CurrentMember currentMember, AuditLog audit, PasswordEncoder encoder,
                TransactionTemplate tx, JdbcClient jdbc, Optional<Clock> clock, InvitationMailer mailer) {
        this.memberships = memberships;
        this.invitations = invitations;
        this.users = users;
        this.directory = directory;
        this.currentMember = currentMember;
        this.audit = audit;
        this.encoder = encoder;
        this.tx = tx;
        this.jdbc = jdbc;
        this.clock = clock.orElse(Clock.systemUTC());
        this.mailer = mailer;
    }

    @Transactional(readOnly = true)
    public List<Member> members() {
        return jdbc.sql("""
                SELECT m.user_id, u.display_name, u.email, m.role, m.created_at
                FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY m.created_at, u.email""")
                .query((rs, n) -> new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        Role.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant()))
                .list();
    }

    @Transactional(readOnly = true)
    public List<PendingInvitation> pendingInvitations() {
        return invitations.findByAcceptedAtIsNullAndRevokedAtIsNullOrderByCreatedAtDesc().stream()
                .map(i -> new PendingInvitation(i.id, i.email, i.role, i.expiresAt)).toList();
    }

    @Transactional
    public InvitationLink invite(String email, Role role) {
        requireTeamManager(role);
        String normalised = Emails.normalise(email);
        if (!Emails.isValid(normalised)) throw InvalidInputException.of("email", "Enter a valid e-mail address.");
        if (role == null) throw InvalidInputException.of("role", "Choose a role.");
        boolean alreadyMember = members().stream().anyMatch(m -> m.email().equals(normalised));
        if (alreadyMember) throw InvalidInputException.of("email", "This person is already a member.");
        String token = newToken();
        InvitationEntity invitation = new InvitationEntity(currentMember.tenantId().value(), normalised, role,
                hash(token), currentMember.require().user().value(), clock.instant().plus(INVITATION_LIFETIME));
        invitations.save(invitation);
        audit.record("member.invited", normalised, role.name());
        boolean mailed = mailer.send(normalised, currentMember.require().tenantName(), role, token);
        return new InvitationLink(invitation.id, token, mailed);
    }

    /** Operator API: a new tenant's first owner, invited by no member (runs in the tenant's scope). */
    @Transactional
    InvitationLink inviteFirstOwner(String email) {
        String normalised = Emails.normalise(email);
        if (!Emails.isValid(normalised)) throw InvalidInputException.of("ownerEmail", "Enter a valid e-mail address.");
        String token = newToken();
        InvitationEntity invitation = new InvitationEntity(currentMember.tenantId().value(), normalised, Role.OWNER,
                hash(token), null, clock.instant().plus(INVITATION_LIFETIME));
        invitations.save(invitation);
        audit.record(null, "operator", "member.invited", normalised, Role.OWNER.name());
        return new InvitationLink(invitation.id, token, false);
    }

    @Transactional
    public void revokeInvitation(UUID id) {
        requireTeamManager(null);
        invitations.findById(id).ifPresent(i -> {
            i.revokedAt = clock.instant();
            audit.record("invitation.revoked", i.email, "");
        });
    }

    @Transactional
    public void changeRole(UUID userId, Role role) {
        requireTeamManager(role);
        MembershipEntity membership = memberships.findById(new MembershipEntity.Key(currentMember.tenantId().value(), userId))
                .orElseThrow(() -> InvalidInputException.of("", "This person is no longer a member."));
        if (membership.role == Role.OWNER && role != Role.OWNER) requireAnotherOwner();
        if (membership.role == Role.OWNER && currentMember.role() != Role.OWNER) {
            throw new AccessDeniedException("Only an owner changes another owner's role.");
        }
        Role before = membership.role;
        membership.role = role;
        audit.record("member.role_changed", userId.toString(), before + " -> " + role);
    }

    @Transactional
    public void remove(UUID userId) {
        requireTeamManager(null);
        MembershipEntity membership = memberships.findById(new MembershipEntity.Key(currentMember.tenantId().value(), userId))
                .orElseThrow(() -> InvalidInputException.of("", "This person is no longer a member."));
        if (membership.role == Role.OWNER) {
            if (currentMember.role() != Role.OWNER) throw new AccessDeniedException("Only an owner removes an owner.");
            requireAnotherOwner();
        }
        memberships.delete(membership);
        audit.record("member.removed", userId.toString(), membership.role.name());
    }

    /** What an invitation link offers, or an error that says nothing about whether it ever existed. */
    public InvitationPreview preview(String token) {
        var found = validInvitation(token);
        boolean existing = directory.findLogin(found.email()).isPresent();
        return new InvitationPreview(found.tenantName(), found.email(), found.role(), existing);
    }

    /**
     * Joins the inviting tenant: a new account is created with the given name and password, or an
     * existing account proves itself with its password. The link works once.
     */
    public ParleyPrincipal accept(String token, String displayName, String password) {
        var found = validInvitation(token);
        var login = directory.findLogin(found.email());
        UserId user;
        if (login.isPresent()) {
            if (!encoder.matches(password, login.get().passwordHash())) {
                throw InvalidInputException.of("password", PasswordLoginProvider.BAD_CREDENTIALS);
            }
            user = new UserId(login.get().userId());
        } else {
            String name = displayName == null ? "" : displayName.strip();
            if (name.isEmpty() || name.length() > 120) throw InvalidInputException.of("displayName", "Tell us your name.");
            String problem = PasswordPolicy.problem(password, found.email());
            if (problem != null) throw InvalidInputException.of("password", problem);
            user = UserId.random();
        }
        TenantId tenant = found.tenantId();
        boolean newAccount = login.isEmpty();
        String hash = newAccount ? encoder.encode(password) : null;
        try {
            TenantContext.runAs(tenant, user, () -> tx.executeWithoutResult(status -> {
                // Claim the invitation first: a second, concurrent use finds it taken and fails.
                int claimed = jdbc.sql("UPDATE invitations SET accepted_at = now() WHERE id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()")
                        .param(found.invitationId()).update();
                if (claimed != 1) throw InvalidInputException.of("", INVALID_INVITATION);
                if (newAccount) users.saveAndFlush(new UserEntity(user.value(), found.email(), displayName.strip(), hash));
                if (memberships.existsById(new MembershipEntity.Key(tenant.value(), user.value()))) {
                    throw InvalidInputException.of("", "You are already a member of " + found.tenantName() + ".");
                }
                memberships.saveAndFlush(new MembershipEntity(tenant.value(), user.value(), found.role()));
                audit.record(user.value(), found.email(), "member.joined", found.email(), found.role().name());
            }));
        } catch (DataIntegrityViolationException e) {
            throw InvalidInputException.of("", INVALID_INVITATION);
        }
        return directory.principalFor(user, tenant).orElseThrow();
    }

    private record FoundInvitation(TenantId tenantId, UUID invitationId, String email, Role role, String tenantName) {}

    private FoundInvitation validInvitation(String token) {
        if (token == null || token.length() < 20 || token.length() > 100) throw InvalidInputException.of("", INVALID_INVITATION);
        return jdbc.sql("""
                SELECT tenant_id, invitation_id, email, role, tenant_name FROM parley_find_invitation(?)
                WHERE accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?""")
                .params(hash(token), java.sql.Timestamp.from(clock.instant()))
                .query((rs, n) -> new FoundInvitation(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        rs.getString(3), Role.valueOf(rs.getString(4)), rs.getString(5)))
                .optional()
                .orElseThrow(() -> InvalidInputException.of("", INVALID_INVITATION));
    }

    private void requireTeamManager(Role roleToGrant) {
        Role mine = currentMember.role();
        if (!mine.managesTeam()) throw new AccessDeniedException("Only admins and owners manage the team.");
        if (roleToGrant == Role.OWNER && mine != Role.OWNER) throw new AccessDeniedException("Only an owner makes someone an owner.");
    }

    private void requireAnotherOwner() {
        if (memberships.countByRole(Role.OWNER) <= 1) {
            throw InvalidInputException.of("", "A workspace needs at least one owner. Make someone else an owner first.");
        }
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
