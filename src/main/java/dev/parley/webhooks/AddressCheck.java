package dev.parley.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may go (SSRF). Only http(s); never Parley itself (a local address on one of its
 * own ports, or its public URL), never link-local or cloud-metadata addresses; loopback and private
 * networks only when the operator allows them. Checked when an endpoint is saved and again before
 * every attempt, since DNS answers change (DD-044 names the remaining rebinding window).
 */
@Component
class AddressCheck {

    /** Looks a host name up; a seam so tests can simulate DNS answers. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Set<Integer> ownPorts = new CopyOnWriteArraySet<>();
    private final URI publicUrl;
    private volatile Resolver resolver = InetAddress::getAllByName;

    AddressCheck(WebhookProperties properties, Environment environment) {
        this.allowPrivate = properties.allowPrivateAddresses();
        this.publicUrl = URI.create(environment.getProperty("parley.public-url", "http://localhost:8080"));
        Integer configured = environment.getProperty("server.port", Integer.class);
        if (configured != null && configured > 0) ownPorts.add(configured);
        if (publicUrl.getPort() > 0) ownPorts.add(publicUrl.getPort());
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        ownPorts.add(event.getWebServer().getPort());
    }

    void useResolver(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Why the URL is refused, in a sentence for the person who typed it; empty when it may be used. */
    Optional<String> refusal(String text) {
        if (text == null || text.isBlank()) return Optional.of("Enter the address that receives the events.");
        if (text.length() > 2000) return Optional.of("The address is longer than 2,000 characters.");
        URI url;
        try {
            url = new URI(text.strip());
        } catch (java.net.URISyntaxException e) {
            return Optional.of("This is not a valid address.");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("Use an http:// or https:// address" + (scheme.isEmpty() ? "." : "; " + scheme + ": is not allowed."));
        }
        if (url.getHost() == null || url.getHost().isBlank()) return Optional.of("The address has no host name.");
        if (url.getRawUserInfo() != null) return Optional.of("Leave user names and passwords out of the address; the signature authenticates Parley.");
        if (url.getRawFragment() != null) return Optional.of("Leave the #fragment out of the address.");
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        int port = url.getPort() > 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        int publicPort = publicUrl.getPort() > 0 ? publicUrl.getPort() : "https".equals(publicUrl.getScheme()) ? 443 : 80;
        if (host.equalsIgnoreCase(publicUrl.getHost()) && port == publicPort) return Optional.of(SELF);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("The host " + host + " could not be found.");
        }
        for (InetAddress address : addresses) {
            if (isLocal(address) && ownPorts.contains(port)) return Optional.of(SELF);
            if (isMetadataOrLinkLocal(address)) {
                return Optional.of(host + " points to a link-local, multicast or cloud metadata address (" + address.getHostAddress()
                        + "); webhooks are never sent there.");
            }
            if (!allowPrivate && !isPublic(address)) {
                return Optional.of(host + " points to a private, local or reserved network address (" + address.getHostAddress()
                        + "). Use a public address; an operator can allow private ones (parley.webhooks.allow-private-addresses).");
            }
        }
        return Optional.empty();
    }

    private static final String SELF = "This address is Parley itself; send webhooks to another server.";

    private static boolean isLocal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    static boolean isMetadataOrLinkLocal(InetAddress address) {
        if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) return true;
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254
                    || (b[0] & 0xff) == 100 && (b[1] & 0xff) == 100 && (b[2] & 0xff) == 100 && (b[3] & 0xff) == 200 // Alibaba metadata
                    || (b[0] & 0xff) == 0;
        }
        // fd00:ec2::254, the AWS metadata service over IPv6
        return address instanceof Inet6Address && "fd00:ec2:0:0:0:0:0:254".equals(address.getHostAddress().replaceAll("%.*", ""));
    }

    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress()) return false;
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address v6) {
            if ((b[0] & 0xfe) == 0xfc) return false;                         // fc00::/7 unique local
            if (v6.isIPv4CompatibleAddress()) return false;
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) return false; // NAT64
            return !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == (byte) 0xb8);              // documentation
        }
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff;
        return !(a0 == 10 || a0 == 127 || a0 >= 224
                || a0 == 100 && a1 >= 64 && a1 <= 127                            // carrier-grade NAT
                || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168
                || a0 == 198 && (a1 == 18 || a1 == 19));                         // benchmarking
    }
}
