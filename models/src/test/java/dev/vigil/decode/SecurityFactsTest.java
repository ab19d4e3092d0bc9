package dev.vigil.decode;

import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityFactsTest {
    private static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();
    private final SyslogDecoder decoder = new SyslogDecoder(DecoderOptions.defaults());

    private List<SecurityEvent> facts(String message) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        decoder.decode("Nov 20 10:00:00 web-3 " + message, NOW, out);
        return out.security;
    }

    private SecurityEvent fact(String message) throws DecodeException {
        List<SecurityEvent> all = facts(message);
        assertThat(all).as("facts in %s", message).hasSize(1);
        return all.get(0);
    }

    @Test
    void failedPasswordForInvalidUserIsAnAuthFailure() throws Exception {
        SecurityEvent e = fact("sshd[1]: Failed password for invalid user admin from 1.2.3.4 port 22 ssh2");
        assertThat(e.action()).isEqualTo("auth_failure");
        assertThat(e.outcome()).isEqualTo("failure");
        assertThat(e.user()).isEqualTo("admin");
        assertThat(e.sourceIp()).isEqualTo("1.2.3.4");
        assertThat(e.sourcePort()).isEqualTo(22);
        assertThat(e.host()).isEqualTo("web-3");
        assertThat(e.attributes()).containsEntry("method", "password").containsEntry("invalid_user", "true");
    }

    @Test
    void acceptedPublickeyIsAnAuthSuccess() throws Exception {
        SecurityEvent e = fact("sshd[1]: Accepted publickey for alice from 2001:db8::1 port 50022 ssh2: RSA SHA256:abc");
        assertThat(e.action()).isEqualTo("auth_success");
        assertThat(e.user()).isEqualTo("alice");
        assertThat(e.sourceIp()).isEqualTo("2001:db8::1");
        assertThat(e.attributes()).containsEntry("method", "publickey").containsEntry("protocol", "ssh2");
    }

    @Test
    void repeatedMessageYieldsOneEventPerRepetition() throws Exception {
        List<SecurityEvent> all = facts("sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]");
        assertThat(all).hasSize(5).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("auth_failure");
            assertThat(e.user()).isEqualTo("root");
            assertThat(e.sourcePort()).isEqualTo(42393);
        });
    }

    @Test
    void pamAuthenticationFailureIsKeptApartFromSshdsOwnReport() throws Exception {
        SecurityEvent e = fact("sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root");
        assertThat(e.action()).isEqualTo("pam_auth_failure");
        assertThat(e.user()).isEqualTo("root");
        assertThat(e.sourceIp()).isEqualTo("1.2.3.4");
        assertThat(e.attributes()).containsEntry("pam.service", "sshd");
    }

    @Test
    void oldStylePamTagAndHostnameRhost() throws Exception {
        SecurityEvent e = fact("sshd(pam_unix)[20882]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=220-135-151-1.hinet-ip.hinet.net  user=root");
        assertThat(e.action()).isEqualTo("pam_auth_failure");
        assertThat(e.sourceIp()).isNull();
        assertThat(e.attributes()).containsEntry("source.domain", "220-135-151-1.hinet-ip.hinet.net");
    }

    @Test
    void sudoCommandNamesUserTargetAndCommand() throws Exception {
        SecurityEvent e = fact("sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash");
        assertThat(e.action()).isEqualTo("sudo");
        assertThat(e.outcome()).isEqualTo("success");
        assertThat(e.user()).isEqualTo("alice");
        assertThat(e.targetUser()).isEqualTo("root");
        assertThat(e.attributes()).containsEntry("command", "/bin/bash").containsEntry("tty", "pts/0");
        SecurityEvent denied = fact("sudo:   mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/id");
        assertThat(denied.outcome()).isEqualTo("failure");
        assertThat(denied.attributes()).containsEntry("error", "user NOT in sudoers");
    }

    @Test
    void suAndSessions() throws Exception {
        SecurityEvent su = fact("su[99]: (to root) alice on pts/0");
        assertThat(su.action()).isEqualTo("su");
        assertThat(su.user()).isEqualTo("alice");
        assertThat(su.targetUser()).isEqualTo("root");
        assertThat(fact("su[99]: FAILED SU (to root) bob on pts/1").outcome()).isEqualTo("failure");
        SecurityEvent opened = fact("su(pam_unix)[21416]: session opened for user cyrus by (uid=0)");
        assertThat(opened.action()).isEqualTo("session_opened");
        assertThat(opened.targetUser()).isEqualTo("cyrus");
        assertThat(opened.process()).isEqualTo("su");
        SecurityEvent modern = fact("sudo: pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)");
        assertThat(modern.user()).isEqualTo("alice");
        assertThat(modern.targetUser()).isEqualTo("root");
        assertThat(fact("sshd[3]: pam_unix(sshd:session): session closed for user deploy").action()).isEqualTo("session_closed");
        SecurityEvent logind = fact("systemd-logind[400]: New session 3 of user alice.");
        assertThat(logind.action()).isEqualTo("session_opened");
        assertThat(logind.user()).isEqualTo("alice");
        assertThat(fact("systemd-logind[400]: Removed session 3.").action()).isEqualTo("session_closed");
    }

    @Test
    void accountChanges() throws Exception {
        SecurityEvent added = fact("useradd[5]: new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0");
        assertThat(added.action()).isEqualTo("user_added");
        assertThat(added.targetUser()).isEqualTo("bob");
        assertThat(added.attributes()).containsEntry("uid", "1001");
        assertThat(fact("useradd[5]: new group: name=bob, GID=1001").action()).isEqualTo("group_added");
        assertThat(fact("userdel[6]: delete user 'bob'").targetUser()).isEqualTo("bob");
        SecurityEvent pw = fact("passwd[7]: pam_unix(passwd:chauthtok): password changed for bob");
        assertThat(pw.action()).isEqualTo("password_changed");
        assertThat(pw.targetUser()).isEqualTo("bob");
    }

    @Test
    void kernelOomKillAndSegfault() throws Exception {
        SecurityEvent oom = fact("kernel: Out of memory: Killed process 4242 (java) total-vm:9123456kB, anon-rss:7012345kB");
        assertThat(oom.action()).isEqualTo("oom_kill");
        assertThat(oom.process()).isEqualTo("java");
        assertThat(oom.attributes()).containsEntry("pid", "4242");
        assertThat(fact("kernel: Memory cgroup out of memory: Killed process 77 (node) total-vm:1kB").process()).isEqualTo("node");
        SecurityEvent seg = fact("kernel: [12345.678901] nginx[1234]: segfault at 0 ip 00007f sp 00007ffd error 4 in libc.so.6[7f+1000]");
        assertThat(seg.action()).isEqualTo("segfault");
        assertThat(seg.process()).isEqualTo("nginx");
        assertThat(seg.attributes()).containsEntry("pid", "1234");
    }

    @Test
    void systemdUnitStates() throws Exception {
        assertThat(fact("systemd[1]: Started nginx.service - A high performance web server.").action()).isEqualTo("unit_started");
        assertThat(fact("systemd[1]: Stopped nginx.service - A high performance web server.").action()).isEqualTo("unit_stopped");
        SecurityEvent failed = fact("systemd[1]: worker.service: Failed with result 'exit-code'.");
        assertThat(failed.action()).isEqualTo("unit_failed");
        assertThat(failed.process()).isEqualTo("worker.service");
        assertThat(fact("systemd[1]: Failed to start worker.service - Queue worker.").action()).isEqualTo("unit_failed");
        SecurityEvent restart = fact("systemd[1]: worker.service: Scheduled restart job, restart counter is at 5.");
        assertThat(restart.action()).isEqualTo("unit_restarted");
        assertThat(restart.attributes()).containsEntry("restart_count", "5");
        assertThat(facts("systemd[1]: worker.service: Main process exited, code=exited, status=1/FAILURE")).isEmpty();
        assertThat(facts("systemd[1]: Started Session 3 of User alice.")).isEmpty();
    }

    @Test
    void netfilterLogLines() throws Exception {
        SecurityEvent ufw = fact("kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00 SRC=203.0.113.9 DST=10.0.0.3 LEN=44 TOS=0x00 PROTO=TCP SPT=40000 DPT=23 WINDOW=1024 SYN URGP=0");
        assertThat(ufw.action()).isEqualTo("firewall_drop");
        assertThat(ufw.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(ufw.destinationIp()).isEqualTo("10.0.0.3");
        assertThat(ufw.sourcePort()).isEqualTo(40000);
        assertThat(ufw.destinationPort()).isEqualTo(23);
        assertThat(ufw.bytes()).isEqualTo(44L);
        assertThat(ufw.attributes()).containsEntry("network.transport", "TCP").containsEntry("rule", "[UFW BLOCK]");
        SecurityEvent iptables = fact("kernel: [ 1234.5] IPTABLES-DROP: IN=eth0 OUT= SRC=198.51.100.4 DST=10.0.0.3 LEN=60 PROTO=UDP SPT=53 DPT=5353 LEN=40");
        assertThat(iptables.action()).isEqualTo("firewall_drop");
        assertThat(iptables.attributes()).containsEntry("network.transport", "UDP");
        assertThat(fact("kernel: [UFW ALLOW] IN=eth0 OUT= SRC=1.1.1.1 DST=10.0.0.3 LEN=60 PROTO=TCP SPT=1 DPT=443").action())
                .isEqualTo("net_connection");
    }

    @Test
    void aCraftedUserNameCannotChooseTheSourceAddress() throws Exception {
        SecurityEvent e = fact("sshd[1]: Failed password for invalid user x from 6.6.6.6 port 1 from 203.0.113.9 port 5000 ssh2");
        assertThat(e.user()).isEqualTo("x from 6.6.6.6 port 1");
        assertThat(e.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(e.sourcePort()).isEqualTo(5000);
        SecurityEvent invalid = fact("sshd[1]: Invalid user y from 6.6.6.6 from 198.51.100.7 port 22");
        assertThat(invalid.sourceIp()).isEqualTo("198.51.100.7");
        SecurityEvent key = fact("sshd[1]: Failed publickey for root from 192.0.2.1 port 2222 ssh2: RSA SHA256:abc");
        assertThat(key.sourceIp()).isEqualTo("192.0.2.1");
        assertThat(key.attributes()).containsEntry("protocol", "ssh2");
    }

    @Test
    void sudoWithEnvironmentAndSemicolonsInTheCommand() throws Exception {
        SecurityEvent e = fact("sudo: bob : TTY=pts/2 ; PWD=/srv ; USER=root ; ENV=A=1 B=2 ; COMMAND=/bin/sh -c echo a ; echo b");
        assertThat(e.user()).isEqualTo("bob");
        assertThat(e.targetUser()).isEqualTo("root");
        assertThat(e.attributes()).containsEntry("command", "/bin/sh -c echo a ; echo b").containsEntry("cwd", "/srv");
        SecurityEvent wrong = fact("sudo: eve : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/id");
        assertThat(wrong.outcome()).isEqualTo("failure");
        assertThat(wrong.attributes()).containsEntry("error", "3 incorrect password attempts");
        assertThat(facts("sudo: not a sudo line at all")).isEmpty();
    }

    /** A guard against hangs (catastrophic backtracking or deep recursion), not a speed target. */
    @Test
    void craftedLongLinesFinishAndDoNotThrow() {
        String word = "a".repeat(200_000);
        List<String> crafted = List.of(
                "sudo: u : TTY=x ; PWD=/ ; USER=root ;" + " ENV= ;".repeat(20_000) + " COMMAND=/bin/true",
                "systemd[1]: Started " + "a.b".repeat(60_000),
                "sshd[1]: pam_unix(sshd:auth): authentication failure; " + word,
                "kernel: x segfault at " + word,
                "kernel: " + "Out of memory: Killed process 1 (".repeat(5_000),
                "sshd[1]: Failed password for invalid user " + "x from 1.1.1.1 ".repeat(10_000) + "tail",
                "sshd[1]: Invalid user " + " from a".repeat(20_000));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
            for (String line : crafted) {
                CollectingOutput out = new CollectingOutput();
                new RecordDecoder(decoder, "logs", 1 << 20).decode(("Nov 20 10:00:00 web-3 " + line)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), "t", 0, 1, NOW, out);
                assertThat(out.deadLetters).isEmpty();
                assertThat(out.logs).hasSize(1);
            }
        });
    }

    @Test
    void ordinaryLinesHaveNoFacts() throws Exception {
        assertThat(facts("sshd[1]: Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]")).isEmpty();
        assertThat(facts("CRON[5]: (root) CMD (run-parts /etc/cron.hourly)")).isEmpty();
        assertThat(facts("nginx[5]: GET / 200")).isEmpty();
    }
}
