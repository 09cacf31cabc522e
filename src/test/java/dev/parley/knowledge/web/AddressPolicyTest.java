package dev.parley.knowledge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:c0a8:0101::1"})
    void privateLocalAndReservedAddressesAreNotPublic(String address) throws UnknownHostException {
        assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"})
    void publicAddressesArePublic(String address) throws UnknownHostException {
        assertThat(AddressPolicy.isPublic(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void everyAddressOfTheHostMustBePublicUnlessPrivateAddressesAreAllowed() throws Exception {
        AddressPolicy.Resolver mixed = host -> new InetAddress[] {InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.5")};
        assertThatThrownBy(() -> new AddressPolicy(false, mixed).check(URI.create("https://intranet.example.com/")))
                .isInstanceOf(FetchFailure.class)
                .hasMessageContaining("intranet.example.com points to a private, local or reserved network address (10.0.0.5)");
        new AddressPolicy(true, mixed).check(URI.create("https://intranet.example.com/"));
    }

    @Test
    void unknownHostsAreRefusedWithAMessage() {
        AddressPolicy.Resolver none = host -> {
            throw new UnknownHostException(host);
        };
        assertThatThrownBy(() -> new AddressPolicy(false, none).check(URI.create("https://nowhere.invalid/")))
                .hasMessage("The host nowhere.invalid could not be found.");
    }

    @Test
    void literalIpv6HostsAreChecked() {
        assertThatThrownBy(() -> new AddressPolicy(false).check(URI.create("http://[::1]:8080/")))
                .hasMessageContaining("private, local or reserved");
    }
}
