package dev.signport.webhook.delivery;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses a delivery may reach, decided on the bytes; the allow-list's two forms. */
class AddressPolicyTest {

    private static Optional<String> classify(String ip) throws Exception {
        return AddressPolicy.classify(InetAddress.getByName(ip.contains(":") ? "[" + ip + "]" : ip));
    }

    @Test
    void internalAddressesAreRefused() throws Exception {
        for (String ip : List.of("127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.0.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "0.0.0.0", "0.1.2.3", "224.0.0.251",
                "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.2.10", "198.18.0.1", "198.51.100.1",
                "203.0.113.5", "192.0.0.8", "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
                "2002:7f00:1::1", "2002:a00:1::", "fc00::1", "fd12:3456::1", "fd00:ec2::254", "fe80::1",
                "febf::1", "fec0::1", "ff02::1", "2001:db8::1", "2001::1", "100::1")) {
            assertTrue(classify(ip).isPresent(), ip + " should be refused");
        }
    }

    @Test
    void publicAddressesAreAllowed() throws Exception {
        for (String ip : List.of("93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255",
                "100.128.0.1", "169.255.0.1", "2606:4700:4700::1111", "2a00:1450:4001::200e", "64:ff9b::808:808",
                "2002:808:808::1", "::ffff:8.8.8.8")) {
            assertEquals(Optional.empty(), classify(ip), ip + " should be allowed");
        }
    }

    @Test
    void reasonsNameTheAddress() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of());
        assertEquals(Optional.of("127.0.0.1 is a loopback address"),
                policy.refusal("x.test", InetAddress.getByName("127.0.0.1")));
        assertTrue(policy.refusal("x.test", InetAddress.getByName("[64:ff9b::a00:1]")).orElseThrow()
                .contains("private address (inside an IPv6 address)"));
    }

    @Test
    void theAllowListTakesCidrsAndHostNames() throws Exception {
        AddressPolicy policy = new AddressPolicy(List.of("127.0.0.0/8", " fd00::/8 ", "hooks.internal", ""));
        assertEquals(Optional.empty(), policy.refusal("a.test", InetAddress.getByName("127.0.0.1")));
        assertEquals(Optional.empty(), policy.refusal("a.test", InetAddress.getByName("[fd00::5]")));
        assertTrue(policy.refusal("a.test", InetAddress.getByName("[fe80::1]")).isPresent());
        assertTrue(policy.refusal("a.test", InetAddress.getByName("10.0.0.1")).isPresent());
        assertEquals(Optional.empty(), policy.refusal("HOOKS.internal", InetAddress.getByName("10.0.0.1")));
        assertEquals(Optional.empty(), new AddressPolicy(List.of("10.1.2.3")).refusal("a.test",
                InetAddress.getByName("10.1.2.3")));
        assertTrue(new AddressPolicy(List.of("10.1.2.3")).refusal("a.test", InetAddress.getByName("10.1.2.4"))
                .isPresent());
    }
}
