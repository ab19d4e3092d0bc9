package dev.vigil.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the body Alertmanager POSTs to a webhook receiver (payload version "4"): receiver, status,
 * alerts[] (status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint), groupLabels,
 * commonLabels, commonAnnotations, externalURL, groupKey, truncatedAlerts.
 */
public final class AlertmanagerWebhook {
    /** Alertmanager's zero time, which it sends as endsAt of alerts that still fire. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertmanagerWebhook() {}

    /** One notification for a group of alerts; the group's status is firing if any alert fires. */
    public static String payload(String receiver, List<Alert> alerts, List<String> groupBy, String externalUrl) {
        Map<String, String> groupLabels = new TreeMap<>();
        for (String name : groupBy) {
            String v = alerts.get(0).labels().get(name);
            if (v != null) {
                groupLabels.put(name, v);
            }
        }
        return payload(receiver, "{}:" + labelSetText(groupLabels), groupLabels, alerts, externalUrl);
    }

    /** One notification for a group whose key and labels the caller's route gives. */
    public static String payload(String receiver, String groupKey, Map<String, String> groupLabels, List<Alert> alerts, String externalUrl) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "4");
        root.put("groupKey", groupKey);
        root.put("truncatedAlerts", 0);
        boolean firing = false;
        for (Alert a : alerts) {
            firing |= a.status().equals(Alert.FIRING);
        }
        root.put("status", firing ? Alert.FIRING : Alert.RESOLVED);
        root.put("receiver", receiver);
        putMap(root.putObject("groupLabels"), groupLabels);
        putMap(root.putObject("commonLabels"), common(alerts, true));
        putMap(root.putObject("commonAnnotations"), common(alerts, false));
        root.put("externalURL", externalUrl);
        ArrayNode list = root.putArray("alerts");
        for (Alert a : alerts) {
            list.add(alertNode(a));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of strings always serialises", e);
        }
    }

    /** One alert as Alertmanager's webhook and API v2 show it. */
    public static ObjectNode alertNode(Alert a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("status", a.status());
        putMap(n.putObject("labels"), a.labels());
        putMap(n.putObject("annotations"), a.annotations());
        n.put("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
        n.put("endsAt", a.endsAt() == 0 ? ZERO_TIME : Instant.ofEpochMilli(a.endsAt()).toString());
        n.put("generatorURL", a.generatorUrl());
        n.put("fingerprint", a.fingerprint());
        return n;
    }

    /** An alert as one JSON line, for alerts.jsonl. */
    public static String jsonLine(Alert a) {
        try {
            return MAPPER.writeValueAsString(alertNode(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of strings always serialises", e);
        }
    }

    private static Map<String, String> common(List<Alert> alerts, boolean labels) {
        Map<String, String> common = new TreeMap<>(labels ? alerts.get(0).labels() : alerts.get(0).annotations());
        for (Alert a : alerts) {
            Map<String, String> m = labels ? a.labels() : a.annotations();
            common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return common;
    }

    /** Puts a string map's entries into a JSON object. */
    public static void putMap(ObjectNode node, Map<String, String> map) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            node.put(e.getKey(), e.getValue());
        }
    }

    /** Alertmanager's label set text: {a="1", b="2"}. */
    /** A label set as Prometheus prints it: {@code {alertname="X", host="y"}}, names in the map's order. */
    public static String labelSetText(Map<String, String> labels) {
        StringBuilder b = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }
}
