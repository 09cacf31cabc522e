package dev.parley;

import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.SignUpRequest;
import java.util.UUID;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Creates throwaway workspaces through the real sign-up and signs their owner in on this thread. */
@Component
public class TestWorkspaces {

    private final AccountService accounts;
    private final BotService bots;

    TestWorkspaces(AccountService accounts, BotService bots) {
        this.accounts = accounts;
        this.bots = bots;
    }

    public ParleyPrincipal newOwner() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ParleyPrincipal owner = accounts.signUp(new SignUpRequest("Owner " + suffix, "owner-" + suffix + "@example.com",
                passwordFor(suffix), "Workspace " + suffix));
        signIn(owner);
        return owner;
    }

    /** The password {@link #newOwner()} chose for this owner. */
    public static String passwordOf(ParleyPrincipal owner) {
        return passwordFor(owner.email().substring("owner-".length(), owner.email().indexOf('@')));
    }

    private static String passwordFor(String suffix) {
        return "correct-horse-" + suffix;
    }

    public void signIn(ParleyPrincipal principal) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(accounts.authenticationFor(principal));
        SecurityContextHolder.setContext(context);
    }

    public Bot newBot(String name) {
        return bots.create(BotSettings.defaults(name));
    }
}
