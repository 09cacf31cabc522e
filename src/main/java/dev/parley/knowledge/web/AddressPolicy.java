package dev.parley.knowledge.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which hosts the crawler may reach. A user-supplied URL must not turn the server into a proxy
 * into its own network (SSRF), so every address a host name resolves to must be public, checked
 * before the first request and again before every redirect hop.
 *
 * <p>Residual risk: the HTTP client resolves the name once more when it connects, so a DNS server
 * that answers differently within milliseconds (rebinding) is not caught here; DD-011 says why and
 * what an operator adds (an egress firewall).
 */
public final class AddressPolicy {

    /** Looks a host name up; a seam so tests can simulate DNS answers. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    public AddressPolicy(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public AddressPolicy(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName);
    }

    /** Throws REFUSED when the URL's host cannot be resolved or resolves to a non-public address. */
    public void check(URI url) throws FetchFailure {
        String host = url.getHost();
        if (host == null) throw FetchFailure.refused("The address has no host name.");
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw FetchFailure.refused("The host " + host + " could not be found.");
        }
        if (allowPrivate) return;
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw FetchFailure.refused(host + " points to a private, local or reserved network address ("
                        + address.getHostAddress() + "); Parley only fetches public web sites.");
            }
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) return false;
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) return isPublicV4(b);
        if (address instanceof Inet6Address v6) {
            if ((b[0] & 0xfe) == 0xfc) return false;                        // fc00::/7 unique local
            if (v6.isIPv4CompatibleAddress()) return isPublicV4(tail(b, 12));  // ::a.b.c.d
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) return isPublicV4(tail(b, 12)); // 64:ff9b::/96 NAT64
            if (b[0] == 0x20 && b[1] == 0x02) return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16 6to4
            if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == (byte) 0xb8) return false;     // 2001:db8::/32 documentation
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff, a1 = b[1] & 0xff, a2 = b[2] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224                  // this network, private, loopback, multicast + reserved
                || a0 == 100 && a1 >= 64 && a1 <= 127                           // 100.64/10 carrier-grade NAT
                || a0 == 169 && a1 == 254                                       // link-local, cloud metadata
                || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168  // private
                || a0 == 192 && a1 == 0 && (a2 == 0 || a2 == 2)                 // IETF protocol assignments, TEST-NET-1
                || a0 == 198 && (a1 == 18 || a1 == 19)                          // benchmarking
                || a0 == 198 && a1 == 51 && a2 == 100 || a0 == 203 && a1 == 0 && a2 == 113); // TEST-NET-2/3
    }

    private static byte[] tail(byte[] b, int from) {
        return java.util.Arrays.copyOfRange(b, from, b.length);
    }
}
