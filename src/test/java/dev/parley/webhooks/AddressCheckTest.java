package dev.parley.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.env.MockEnvironment;

/** The address policy as an operator gets it by default: public addresses only. */
class AddressCheckTest {

    final AddressCheck strict = check(false);

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.5/hook", "http://192.168.1.20/hook", "http://172.16.0.1/hook", "http://127.0.0.1:9999/hook",
            "http://[::1]:9999/hook", "http://[fd12:3456::1]/hook", "http://100.64.0.1/hook"})
    void privateAndLoopbackAddressesAreRefusedUnlessTheOperatorAllowsThem(String url) {
        assertThat(strict.refusal(url)).hasValueSatisfying(m -> assertThat(m).contains("private, local or reserved"));
        assertThat(check(true).refusal(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://100.100.100.200/", "http://[fd00:ec2::254]/",
            "http://[fe80::1]/", "http://0.0.0.0:9999/", "http://224.0.0.1/"})
    void metadataAndLinkLocalAddressesAreRefusedEvenWhenPrivateOnesAreAllowed(String url) {
        assertThat(check(true).refusal(url)).hasValueSatisfying(m -> assertThat(m).containsAnyOf("metadata", "Parley itself"));
        assertThat(strict.refusal(url)).isPresent();
    }

    @Test
    void parleyItselfIsRefusedByAddressAndByItsPublicName() {
        AddressCheck lenient = check(true);
        assertThat(lenient.refusal("http://127.0.0.1:8080/x")).hasValue("This address is Parley itself; send webhooks to another server.");
        assertThat(lenient.refusal("https://chat.example.com/api")).hasValue("This address is Parley itself; send webhooks to another server.");
        assertThat(lenient.refusal("http://127.0.0.1:8081/x")).isEmpty(); // another local service, allowed by the operator
    }

    @Test
    void aHostNameIsJudgedByEveryAddressItResolvesTo() {
        strict.useResolver(host -> switch (host) {
            case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
            case "sneaky.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3")};
            case "meta.example.com" -> new InetAddress[] {InetAddress.getByName("169.254.169.254")};
            default -> throw new java.net.UnknownHostException(host);
        });
        assertThat(strict.refusal("https://hooks.example.com/parley")).isEmpty();
        assertThat(strict.refusal("https://sneaky.example.com/parley")).hasValueSatisfying(m -> assertThat(m).contains("10.1.2.3"));
        assertThat(strict.refusal("https://meta.example.com/")).hasValueSatisfying(m -> assertThat(m).contains("metadata"));
        assertThat(strict.refusal("https://nowhere.example.com/")).hasValue("The host nowhere.example.com could not be found.");
    }

    @Test
    void onlyWellFormedHttpAddressesPass() {
        assertThat(strict.refusal("")).hasValue("Enter the address that receives the events.");
        assertThat(strict.refusal("hooks.example.com/parley")).hasValue("Use an http:// or https:// address.");
        assertThat(strict.refusal("https://93.184.216.34/ok#frag")).isPresent();
        assertThat(strict.refusal("https://93.184.216.34/" + "a".repeat(2000))).hasValueSatisfying(m -> assertThat(m).contains("2,000"));
        assertThat(strict.refusal("https://93.184.216.34/parley?x=1")).isEmpty();
    }

    static AddressCheck check(boolean allowPrivate) {
        MockEnvironment environment = new MockEnvironment().withProperty("server.port", "8080")
                .withProperty("parley.public-url", "https://chat.example.com");
        return new AddressCheck(new WebhookProperties(allowPrivate, Duration.ofSeconds(1), Duration.ofSeconds(1), 5,
                Duration.ofSeconds(1), 2, 4, Duration.ofSeconds(1)), environment);
    }
}
