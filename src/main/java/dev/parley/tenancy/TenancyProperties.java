package dev.parley.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl     the console's address as people reach it, for invitation links (PARLEY_PUBLIC_URL)
 * @param operatorToken enables the operator API when set (PARLEY_OPERATOR_TOKEN)
 * @param mailFrom      sender of invitation mails; mails are sent only when spring.mail.host is set
 */
@ConfigurationProperties("parley")
public record TenancyProperties(@DefaultValue("http://localhost:8080") String publicUrl, String operatorToken,
                                @DefaultValue("Parley <no-reply@localhost>") String mailFrom) {

    public String invitationUrl(String token) {
        return publicUrl.replaceAll("/+$", "") + "/invite/" + token;
    }
}
