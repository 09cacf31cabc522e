package dev.parley.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mock.env.MockEnvironment;

/** Mail is optional: sent with the link when SMTP is configured, skipped (not failed) otherwise. */
class InvitationMailerTest {

    final TenancyProperties properties = new TenancyProperties("https://chat.example.com/", null, "Parley <no-reply@example.com>");
    final List<SimpleMailMessage> sent = new ArrayList<>();

    @Test
    void sendsTheLinkWhenSmtpIsConfigured() {
        InvitationMailer mailer = mailer("smtp.example.com", recordingSender(false));
        assertThat(mailer.send("ann@example.com", "Acme", Role.EDITOR, "tok123")).isTrue();
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.getTo()).containsExactly("ann@example.com");
            assertThat(m.getSubject()).isEqualTo("You're invited to Acme on Parley");
            assertThat(m.getText()).contains("https://chat.example.com/invite/tok123").contains("as editor");
        });
    }

    @Test
    void sendsNothingWithoutSmtp() {
        assertThat(mailer("", recordingSender(false)).send("ann@example.com", "Acme", Role.EDITOR, "tok")).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void aFailingMailServerDoesNotFailTheInvitation() {
        assertThat(mailer("smtp.example.com", recordingSender(true)).send("ann@example.com", "Acme", Role.EDITOR, "tok")).isFalse();
    }

    InvitationMailer mailer(String host, JavaMailSender sender) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("mailSender", sender);
        return new InvitationMailer(beans.getBeanProvider(JavaMailSender.class), properties,
                new MockEnvironment().withProperty("spring.mail.host", host));
    }

    // JavaMailSender is the edge we do not own: a recording fake stands in for an SMTP server.
    JavaMailSender recordingSender(boolean fail) {
        return new JavaMailSenderImpl() {
            @Override
            public void send(SimpleMailMessage... messages) {
                if (fail) throw new MailSendException("connection refused");
                sent.addAll(List.of(messages));
            }

            @Override
            public jakarta.mail.internet.MimeMessage createMimeMessage(InputStream contentStream) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
