package dev.vigil.decode.auditd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * System call names by audit architecture and number ({@code auditd/syscalls.tsv}, the kernel's own
 * tables, see its header), so rules can name a syscall ({@code SYSCALL: ptrace}) on raw logs, which
 * carry only {@code arch=c000003e syscall=101}.
 */
public final class Syscalls {
    /** audit's arch values (AUDIT_ARCH_X86_64, AUDIT_ARCH_AARCH64) to the table's architecture names. */
    private static final Map<String, String> ARCHES = Map.of("c000003e", "x86_64", "c00000b7", "aarch64");
    private static final Map<String, String[]> TABLES = load();

    private Syscalls() {}

    /** The name of a syscall, or null when the architecture or number is unknown. */
    public static String name(String auditArch, String number) {
        if (auditArch == null || number == null) {
            return null;
        }
        String arch = ARCHES.get(auditArch.toLowerCase(java.util.Locale.ROOT));
        String[] table = arch == null ? null : TABLES.get(arch);
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

    private static Map<String, String[]> load() {
        Map<String, Map<Integer, String>> byArch = new HashMap<>();
        try (InputStream in = Syscalls.class.getResourceAsStream("/auditd/syscalls.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                byArch.computeIfAbsent(f[0], k -> new HashMap<>()).put(Integer.parseInt(f[1]), f[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String[]> tables = new HashMap<>();
        byArch.forEach((arch, names) -> {
            String[] table = new String[names.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
            names.forEach((n, name) -> table[n] = name);
            tables.put(arch, table);
        });
        return tables;
    }
}
