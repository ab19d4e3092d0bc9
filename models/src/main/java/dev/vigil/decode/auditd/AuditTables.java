package dev.vigil.decode.auditd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two fact tables the auditd decoder reads, both three tab-separated columns with # comments:
 * system call names by architecture and number ({@code auditd/syscalls.tsv}, the kernel's tables), and
 * the action verbs Filebeat's auditd module gives record types and system calls ({@code auditd/actions.tsv},
 * go-libaudit's normalizations), so a history queried by {@code event.action} reads as Filebeat's does.
 */
public final class AuditTables {
    /** audit's arch values (AUDIT_ARCH_X86_64, AUDIT_ARCH_AARCH64) to the syscall table's architecture names. */
    private static final Map<String, String> ARCHES = Map.of("c000003e", "x86_64", "c00000b7", "aarch64");
    private static final Map<String, String[]> SYSCALLS = syscalls(rows("/auditd/syscalls.tsv"));
    private static final Map<String, String> ACTIONS = actions(rows("/auditd/actions.tsv"));

    private AuditTables() {}

    /** The name of a syscall, or null when the architecture or number is unknown. */
    public static String syscallName(String auditArch, String number) {
        if (auditArch == null || number == null) {
            return null;
        }
        String arch = ARCHES.get(auditArch.toLowerCase(Locale.ROOT));
        String[] table = arch == null ? null : SYSCALLS.get(arch);
        if (table == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(number);
            return n >= 0 && n < table.length ? table[n] : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The action verb of a record: by its syscall name for SYSCALL records, else by its type; the type in
     * lower case when go-libaudit has no verb for it (as Filebeat writes it then).
     */
    public static String action(String type, String syscallName) {
        String verb = null;
        if ("SYSCALL".equals(type) && syscallName != null) {
            verb = ACTIONS.get("syscall\t" + syscallName);
        }
        if (verb == null) {
            verb = ACTIONS.get("record\t" + type);
        }
        return verb != null ? verb : type.toLowerCase(Locale.ROOT);
    }

    private static List<String[]> rows(String resource) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = AuditTables.class.getResourceAsStream(resource);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static Map<String, String[]> syscalls(List<String[]> rows) {
        Map<String, Map<Integer, String>> byArch = new HashMap<>();
        for (String[] f : rows) {
            byArch.computeIfAbsent(f[0], k -> new HashMap<>()).put(Integer.parseInt(f[1]), f[2]);
        }
        Map<String, String[]> tables = new HashMap<>();
        for (Map.Entry<String, Map<Integer, String>> e : byArch.entrySet()) {
            int max = -1;
            for (int n : e.getValue().keySet()) {
                max = Math.max(max, n);
            }
            String[] table = new String[max + 1];
            for (Map.Entry<Integer, String> n : e.getValue().entrySet()) {
                table[n.getKey()] = n.getValue();
            }
            tables.put(e.getKey(), table);
        }
        return tables;
    }

    private static Map<String, String> actions(List<String[]> rows) {
        Map<String, String> out = new HashMap<>();
        for (String[] f : rows) {
            out.put(f[0] + "\t" + f[1], f[2]);
        }
        return out;
    }
}
