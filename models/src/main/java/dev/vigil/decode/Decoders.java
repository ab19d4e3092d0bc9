package dev.vigil.decode;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds decoders by name: the built-in ones and any registered through {@link DecoderFactory}. */
public final class Decoders {
    public static final String AUTO = "auto";
    public static final String SYSLOG = "syslog";
    public static final String PROMETHEUS_JSON = "prometheus-json";
    public static final String VIGIL_JSON = "vigil-json";
    public static final String AUDITD = dev.vigil.decode.auditd.AuditdDecoder.NAME;
    public static final String SYSMON_LINUX = SysmonLinuxDecoder.NAME;
    public static final String ECS_JSON = EcsJsonDecoder.NAME;
    public static final String JOURNALD = dev.vigil.decode.journald.JournaldDecoder.NAME;
    public static final String INFLUX = dev.vigil.decode.influx.InfluxLineDecoder.NAME;
    public static final String OTLP_JSON = dev.vigil.decode.otlp.OtlpJsonDecoder.NAME;
    public static final String OTLP_PROTO = dev.vigil.decode.otlp.OtlpProtoDecoder.NAME;

    private Decoders() {}

    /** Every format name that {@link #create} accepts, sorted. */
    public static Map<String, DecoderFactory> factories() {
        Map<String, DecoderFactory> byName = new TreeMap<>();
        for (DecoderFactory f : ServiceLoader.load(DecoderFactory.class, Decoders.class.getClassLoader())) {
            byName.put(f.name(), f);
        }
        return byName;
    }

    public static Decoder create(String name, DecoderOptions options) {
        switch (name) {
            case AUTO: return new AutoDecoder(options);
            case SYSLOG: return new SyslogDecoder(options);
            case PROMETHEUS_JSON: return new PrometheusJsonDecoder(options);
            case VIGIL_JSON: return new VigilJsonDecoder(options);
            case AUDITD: return new dev.vigil.decode.auditd.AuditdDecoder(options);
            case SYSMON_LINUX: return new SysmonLinuxDecoder(options);
            case ECS_JSON: return new EcsJsonDecoder(options);
            case JOURNALD: return new dev.vigil.decode.journald.JournaldDecoder(options);
            case INFLUX: return new dev.vigil.decode.influx.InfluxLineDecoder(options);
            case OTLP_JSON: return new dev.vigil.decode.otlp.OtlpJsonDecoder(options);
            case OTLP_PROTO: return new dev.vigil.decode.otlp.OtlpProtoDecoder(options);
            default:
                DecoderFactory f = factories().get(name);
                if (f == null) {
                    throw new IllegalArgumentException("unknown format '" + name + "'; known: "
                            + String.join(", ", names()));
                }
                return f.create(options);
        }
    }

    /** What a decoder of log lines emits: log records and the facts {@link SecurityFacts} finds in them. */
    public static java.util.Set<String> logsAndFacts() {
        java.util.Set<String> all = new java.util.HashSet<>(SecurityFacts.ACTIONS);
        all.add(Decoder.LOGS);
        return all;
    }

    public static java.util.List<String> names() {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(AUTO, SYSLOG, PROMETHEUS_JSON, VIGIL_JSON, AUDITD,
                SYSMON_LINUX, ECS_JSON, JOURNALD, INFLUX, OTLP_JSON, OTLP_PROTO));
        all.addAll(factories().keySet());
        return all;
    }
}
