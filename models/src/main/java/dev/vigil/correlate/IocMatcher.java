package dev.vigil.correlate;

import dev.vigil.sigma.SigmaEvent;
import dev.vigil.sigma.ValueMatcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Threat-intelligence indicators, indexed for matching events: addresses and user names by exact value,
 * networks by CIDR, domains by the name or any parent domain. Built from the indicators in broadcast
 * state; rebuilt when they change.
 */
public final class IocMatcher {
    /** Fields of an event an indicator of each kind is looked for in. */
    static final List<String> IP_FIELDS = List.of("source.ip", "destination.ip");
    static final List<String> DOMAIN_FIELDS = List.of("source.domain", "destination.domain");
    static final List<String> USER_FIELDS = List.of("user.name", "user.target.name");

    private final Map<String, ControlMessage> ips = new HashMap<>();
    private final Map<String, ControlMessage> domains = new HashMap<>();
    private final Map<String, ControlMessage> users = new HashMap<>();
    private final List<ValueMatcher.Cidr> cidrs = new ArrayList<>();
    private final List<ControlMessage> cidrMessages = new ArrayList<>();

    public IocMatcher(Iterable<ControlMessage> indicators) {
        for (ControlMessage m : indicators) {
            switch (m.iocKind()) {
                case "ip" -> ips.put(m.value(), m);
                case "domain" -> domains.put(m.value().toLowerCase(Locale.ROOT), m);
                case "user" -> users.put(m.value(), m);
                case "cidr" -> {
                    cidrs.add((ValueMatcher.Cidr) ValueMatcher.of(m.value(), List.of("cidr")));
                    cidrMessages.add(m);
                }
                default -> { }
            }
        }
    }

    public boolean isEmpty() {
        return ips.isEmpty() && domains.isEmpty() && users.isEmpty() && cidrs.isEmpty();
    }

    /** The first indicator the event carries, with the field and value it was found in; null when none. */
    public Hit match(SigmaEvent e) {
        for (String f : IP_FIELDS) {
            String v = e.field(f);
            if (v != null) {
                ControlMessage m = ips.get(v);
                if (m != null) {
                    return new Hit(m, f, v);
                }
                for (int i = 0; i < cidrs.size(); i++) {
                    if (cidrs.get(i).matches(v)) {
                        return new Hit(cidrMessages.get(i), f, v);
                    }
                }
            }
        }
        for (String f : DOMAIN_FIELDS) {
            String v = e.field(f);
            if (v != null) {
                ControlMessage m = domain(v);
                if (m != null) {
                    return new Hit(m, f, v);
                }
            }
        }
        for (String f : USER_FIELDS) {
            String v = e.field(f);
            if (v != null && users.containsKey(v)) {
                return new Hit(users.get(v), f, v);
            }
        }
        return null;
    }

    /** Indicators among free values (an incident's group values): "kind value (list)". */
    public List<String> annotate(Iterable<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v == null) {
                continue;
            }
            ControlMessage m = ips.get(v);
            if (m == null) {
                for (int i = 0; i < cidrs.size() && m == null; i++) {
                    if (cidrs.get(i).matches(v)) {
                        m = cidrMessages.get(i);
                    }
                }
            }
            if (m == null) {
                m = domain(v);
            }
            if (m == null) {
                m = users.get(v);
            }
            if (m != null) {
                out.add(m.iocKind() + " " + m.value() + " (" + m.list() + ")");
            }
        }
        return out;
    }

    private ControlMessage domain(String name) {
        String d = name.toLowerCase(Locale.ROOT);
        while (true) {
            ControlMessage m = domains.get(d);
            if (m != null) {
                return m;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return null;
            }
            d = d.substring(dot + 1);
        }
    }

    /** An indicator found in an event. */
    public record Hit(ControlMessage indicator, String field, String value) {}

    static boolean isIp(String s) {
        try {
            return ValueMatcher.Cidr.parse(s) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void validate(ControlMessage m) {
        switch (m.iocKind()) {
            case "ip" -> {
                if (!isIp(m.value()) || m.value().contains("/")) {
                    throw new IllegalArgumentException("'" + m.value() + "' is not an IP address");
                }
            }
            case "cidr" -> ValueMatcher.of(m.value(), List.of("cidr"));
            default -> { }
        }
    }
}
