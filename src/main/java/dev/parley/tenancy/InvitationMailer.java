package dev.parley.tenancy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends the invitation link by mail when SMTP is configured (PARLEY_SMTP_HOST). The console
 * always shows the link too, so a missing or failing mail server never blocks an invitation.
 */
@Component
class InvitationMailer {

    private static final Logger log = LoggerFactory.getLogger(InvitationMailer.class);

    private final ObjectProvider<JavaMailSender> sender;
    private final TenancyProperties properties;
    private final boolean configured;

    InvitationMailer(ObjectProvider<JavaMailSender> sender, TenancyProperties properties, Environment environment) {
        this.sender = sender;
        this.properties = properties;
        this.configured = !environment.getProperty("spring.mail.host", "").isBlank();
    }

    /** True when a mail went out. */
    boolean send(String email, String workspace, Role role, String token) {
        JavaMailSender mail = configured ? sender.getIfAvailable() : null;
        if (mail == null) return false;
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.mailFrom());
        message.setTo(email);
        message.setSubject("You're invited to " + workspace + " on Parley");
        message.setText("""
                You have been invited to join %s on Parley as %s.

                Accept the invitation (the link works once and expires in 7 days):
                %s

                If you did not expect this, ignore this mail.
                """.formatted(workspace, role.label().toLowerCase(), properties.invitationUrl(token)));
        try {
            mail.send(message);
            return true;
        } catch (MailException e) {
            log.warn("Invitation mail to {} failed: {}", email, e.getMessage());
            return false;
        }
    }
}
