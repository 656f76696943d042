package io.hashstream.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which resolved addresses count as internal, i.e. must not be fetched from unless explicitly allowed
 * (SSRF protection): loopback, unspecified, private (RFC 1918, IPv6 unique-local), link-local
 * (including cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, broadcast and reserved
 * ranges, and IPv6 forms that embed such an IPv4 address (mapped, compatible, NAT64, 6to4).
 */
public final class AddressPolicy {
    private AddressPolicy() {
    }

    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isInternalV4(b, 0);
        }
        if (address instanceof Inet6Address) {
            return isInternalV6(b);
        }
        return true; // unknown address family: refuse
    }

    private static boolean isInternalV4(byte[] b, int o) {
        int a0 = b[o] & 0xff;
        int a1 = b[o + 1] & 0xff;
        return a0 == 0                                  // 0.0.0.0/8 "this network"
                || a0 == 10                             // 10/8
                || a0 == 127                            // loopback
                || (a0 == 100 && (a1 & 0xc0) == 64)     // 100.64/10 carrier-grade NAT
                || (a0 == 169 && a1 == 254)             // link-local, cloud metadata
                || (a0 == 172 && (a1 & 0xf0) == 16)     // 172.16/12
                || (a0 == 192 && a1 == 168)             // 192.168/16
                || (a0 == 192 && a1 == 0 && (b[o + 2] & 0xff) == 0) // 192.0.0/24 IETF protocol assignments
                || (a0 == 198 && (a1 & 0xfe) == 18)     // 198.18/15 benchmarking
                || a0 >= 224;                           // multicast, reserved, broadcast
    }

    private static boolean isInternalV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) { // fc00::/7 unique local
            return true;
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) { // fec0::/10 deprecated site-local
            return true;
        }
        if (allZero(b, 0, 10) && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || allZero(b, 10, 12))) {
            return isInternalV4(b, 12); // ::ffff:a.b.c.d mapped, ::a.b.c.d compatible
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && allZero(b, 4, 12)) {
            return isInternalV4(b, 12); // 64:ff9b::/96 NAT64
        }
        if ((b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && (b[4] & 0xff) == 0x00 && (b[5] & 0xff) == 0x01) {
            return true; // 64:ff9b:1::/48 local-use NAT64 (RFC 8215): a site's own translator, never public
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            return isInternalV4(b, 2); // 2002::/16 6to4 embeds the IPv4 address in bits 16..47
        }
        return false;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
