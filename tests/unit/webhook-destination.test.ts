import { describe, expect, it } from "vitest";
import { addressRefusal } from "@/modules/webhooks/server/destination";

/** Which addresses a webhook may reach (ADR 032): every cell written out. */
describe("addressRefusal", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.0.1", "private"],
    ["169.254.169.254", "link-local (cloud metadata)"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fe80::1", "link-local"],
    ["fc00::1", "unique-local (cloud metadata)"],
    ["fd00:ec2::254", "unique-local (cloud metadata)"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "link-local (cloud metadata)"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["2002:7f00:1::", "loopback"],
    ["not-an-ip", "not an IP address"],
  ])("refuses %s (%s)", (ip, why) => {
    expect(addressRefusal(ip)).toBe(why);
  });

  it.each(["93.184.215.14", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::ffff:93.184.215.14"])("allows the public address %s", (ip) => {
    expect(addressRefusal(ip)).toBeNull();
  });
});
