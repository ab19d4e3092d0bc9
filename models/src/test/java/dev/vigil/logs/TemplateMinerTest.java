package dev.vigil.logs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateMinerTest {
    private static final String[] USERS = {"root", "admin", "oracle", "test", "guest"};

    private static String failed(String user, int i) {
        return "Failed password for " + user + " from 10.0." + i + ".7 port " + (40000 + i) + " ssh2";
    }

    @Test
    void linesDifferingOnlyInValuesShareOneTemplate() {
        TemplateMiner m = new TemplateMiner(MinerSettings.defaults());
        TemplateMatch first = m.add("Accepted password for root from 10.0.0.1 port 50022 ssh2");
        TemplateMatch second = m.add("Accepted password for root from 192.168.3.4 port 61000 ssh2");
        assertThat(first.change()).isEqualTo(TemplateMatch.Change.NEW);
        assertThat(second.change()).isEqualTo(TemplateMatch.Change.SAME);
        assertThat(second.template()).isEqualTo("Accepted password for root from <*> port <*> ssh2");
        assertThat(second.id()).isEqualTo(first.id()).isEqualTo(TemplateIds.of(second.template()));
    }

    @Test
    void aWordBecomesAValueOnceEnoughVariantsShowIt() {
        TemplateMiner m = new TemplateMiner(MinerSettings.defaults());
        List<TemplateMatch> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(m.add(failed(USERS[i], i)));
        }
        // three users are three templates: "failure" and "failures" are not values either
        assertThat(out.subList(0, 3)).extracting(TemplateMatch::change).containsOnly(TemplateMatch.Change.NEW);
        assertThat(out.get(0).template()).isEqualTo("Failed password for root from <*> port <*> ssh2");
        // the fourth variant folds them into one template that remembers the ids it replaced
        TemplateMatch folded = out.get(3);
        assertThat(folded.change()).isEqualTo(TemplateMatch.Change.GENERALISED);
        assertThat(folded.template()).isEqualTo("Failed password for <*> from <*> port <*> ssh2");
        assertThat(folded.formerIds()).contains(out.get(0).id(), out.get(1).id(), out.get(2).id());
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.template(out.get(1).id())).isEqualTo(folded.template());
        assertThat(m.add(failed(USERS[4], 9)).id()).isEqualTo(folded.id());
    }

    @Test
    void differentSentencesSharingAPrefixStayApart() {
        TemplateMiner m = new TemplateMiner(MinerSettings.defaults());
        String bye = m.add("Received disconnect from 1.2.3.4: 11: Bye Bye [preauth]").id();
        m.add("Received disconnect from 5.6.7.8: 11: Bye Bye [preauth]");
        String user = m.add("Received disconnect from 5.6.7.9: 11: disconnected by user").id();
        assertThat(user).isNotEqualTo(bye);
        assertThat(m.add("PAM 2 more authentication failures; logname= uid=0").id())
                .isNotEqualTo(m.add("PAM 1 more authentication failure; logname= uid=0").id());
    }

    @Test
    void keyedValuesMergeToTheirKey() {
        assertThat(TemplateMiner.mergeToken("user=root", "user=guest")).isEqualTo("user=<*>");
        assertThat(TemplateMiner.mergeToken("(adsl-1.example.net)", "()")).isEqualTo("(<*>)");
        assertThat(TemplateMiner.mergeToken("'sparkDriver'", "'sparkExecutor'")).isEqualTo("'<*>'");
        assertThat(TemplateMiner.mergeToken("rhost=<*>", "<*>")).isEqualTo("<*>");
        assertThat(TemplateMiner.mergeToken("<*>x", "<*>y")).isEqualTo("<*>");
        assertThat(TemplateMiner.mergeToken("alpha", "beta")).isEqualTo("<*>");
    }

    @Test
    void listsOfAnyLengthShareATemplate() {
        TemplateMiner m = new TemplateMiner(MinerSettings.defaults());
        String one = m.add("ask 10.0.0.1:50010 to delete 1001").id();
        TemplateMatch many = m.add("ask 10.0.0.2:50010 to delete 1002 1003 1004 1005");
        assertThat(many.id()).isEqualTo(one);
    }

    @Test
    void configuredMasksApplyBeforeTheBuiltInOnes() {
        TemplateMiner m = new TemplateMiner(MinerSettings.defaults().withMasks(List.of("blk_-?\\d+")));
        assertThat(m.add("Verification succeeded for blk_-1608999687919862906").template()).isEqualTo("Verification succeeded for <*>");
    }

    @Test
    void templateIdsDoNotDependOnArrivalOrder() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(failed(USERS[i % USERS.length], i));
            lines.add("session opened for user " + USERS[i % USERS.length] + " by (uid=" + i + ")");
            lines.add("Connection closed by 10.1.1." + i + " [preauth]");
        }
        List<String> reversed = new ArrayList<>(lines);
        java.util.Collections.reverse(reversed);
        assertThat(finalIds(lines)).isEqualTo(finalIds(reversed)).hasSize(3);
    }

    private static Set<String> finalIds(List<String> lines) {
        TemplateMiner m = new TemplateMiner(MinerSettings.defaults());
        for (String l : lines) {
            m.add(l);
        }
        Set<String> ids = new HashSet<>();
        for (TemplateMiner.TemplateInfo t : m.templates()) {
            ids.add(t.id());
        }
        return ids;
    }

    @Test
    void memoryStaysBoundedUnderAMillionDistinctJunkLines() throws IOException {
        MinerSettings settings = MinerSettings.defaults().withMaxTemplates(1_000);
        TemplateMiner m = new TemplateMiner(settings);
        Random random = new Random(42);
        char[] word = new char[8];
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            line.setLength(0);
            int tokens = 1 + random.nextInt(12);
            for (int t = 0; t < tokens; t++) {
                for (int c = 0; c < word.length; c++) {
                    word[c] = (char) ('a' + random.nextInt(26));
                }
                line.append(word).append(' ');
            }
            m.add(line.toString());
            assertThat(m.size()).isLessThanOrEqualTo(1_000);
        }
        assertThat(m.lines()).isEqualTo(1_000_000);
        // the state that would be checkpointed stays in proportion to the template cap
        assertThat(state(m).length).isLessThan(1_000 * 1_000);
        // and a template seen again after the junk is mined again, not lost
        assertThat(m.add("disk /dev/sda1 full").change()).isEqualTo(TemplateMatch.Change.NEW);
        assertThat(m.add("disk /dev/sdb1 full").change()).isEqualTo(TemplateMatch.Change.SAME);
    }

    @Test
    void restoredStateMinesExactlyAsTheOriginal() throws IOException {
        TemplateMiner original = new TemplateMiner(MinerSettings.defaults());
        for (int i = 0; i < 3; i++) {
            original.add(failed(USERS[i], i));
        }
        TemplateMiner restored = TemplateMiner.read(new DataInputStream(new ByteArrayInputStream(state(original))));
        assertThat(restored.templates()).isEqualTo(original.templates());
        for (int i = 3; i < 10; i++) {
            String line = i % 2 == 0 ? failed(USERS[i % USERS.length], i) : "Connection closed by 10.1.1." + i + " [preauth]";
            assertThat(restored.add(line)).isEqualTo(original.add(line));
        }
        assertThat(restored.lines()).isEqualTo(original.lines());
    }

    private static byte[] state(TemplateMiner m) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        m.write(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
