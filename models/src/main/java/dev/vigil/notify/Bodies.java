package dev.vigil.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertmanagerWebhook;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.vigil.alert.AlertmanagerWebhook.putMap;

/** Request bodies for each kind of endpoint, built from a group of alerts. None holds a secret. */
public final class Bodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {}

    /** Alertmanager API v2 {@code POST /api/v2/alerts}: postable alerts; a resolved one carries its endsAt. */
    public static String alertmanager(List<Alert> alerts) {
        ArrayNode list = JSON.createArrayNode();
        for (Alert a : alerts) {
            ObjectNode n = list.addObject();
            putMap(n.putObject("labels"), a.labels());
            putMap(n.putObject("annotations"), a.annotations());
            n.put("startsAt", Instant.ofEpochMilli(a.startsAt()).toString());
            if (a.status().equals(Alert.RESOLVED)) {
                n.put("endsAt", Instant.ofEpochMilli(a.endsAt()).toString());
            }
            n.put("generatorURL", a.generatorUrl());
        }
        return write(list);
    }

    /** Alertmanager's webhook payload (version 4) for one group. */
    public static String webhook(String receiver, String groupKey, Map<String, String> groupLabels, List<Alert> alerts, String externalUrl) {
        return AlertmanagerWebhook.payload(receiver, groupKey, groupLabels, alerts, externalUrl);
    }

    /** A Slack incoming-webhook message: a line of text (for notifications) and blocks (for people). */
    public static String slack(Map<String, String> groupLabels, List<Alert> alerts) {
        int firing = 0;
        for (Alert a : alerts) {
            firing += a.status().equals(Alert.FIRING) ? 1 : 0;
        }
        String title = (firing > 0 ? ":rotating_light: FIRING:" + firing : ":white_check_mark: RESOLVED") + " " + labelText(groupLabels);
        ObjectNode root = JSON.createObjectNode();
        root.put("text", title);
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate(title, 150));
        int shown = 0;
        for (Alert a : alerts) {
            if (shown++ == 20) {
                ObjectNode more = blocks.addObject();
                more.put("type", "context");
                more.putArray("elements").addObject().put("type", "mrkdwn").put("text", "… and " + (alerts.size() - 20) + " more");
                break;
            }
            StringBuilder text = new StringBuilder();
            text.append(a.status().equals(Alert.FIRING) ? "*firing* " : "*resolved* ").append('`').append(a.alertname()).append('`');
            text.append(" on ").append(a.labels().getOrDefault("host", "?")).append(" (").append(a.labels().getOrDefault("severity", "none"))
                    .append(")\n").append(a.annotations().getOrDefault("summary", ""));
            String runbook = a.annotations().get("runbook_url");
            if (runbook != null) {
                text.append("\n<").append(runbook).append("|runbook>");
            }
            ObjectNode section = blocks.addObject();
            section.put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", truncate(text.toString(), 3000));
        }
        return write(root);
    }

    /**
     * A PagerDuty Events API v2 event for one alert: trigger or resolve, deduplicated by the alert's
     * fingerprint. The routing key is left empty here and set when the event is sent.
     */
    public static String pagerDuty(Alert a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("routing_key", "");
        boolean firing = a.status().equals(Alert.FIRING);
        root.put("event_action", firing ? "trigger" : "resolve");
        root.put("dedup_key", a.fingerprint());
        if (firing) {
            ObjectNode p = root.putObject("payload");
            p.put("summary", truncate(a.alertname() + ": " + a.annotations().getOrDefault("summary", a.alertname()), 1024));
            p.put("source", a.labels().getOrDefault("host", "vigil"));
            p.put("severity", pagerDutySeverity(a.labels().get("severity")));
            p.put("timestamp", Instant.ofEpochMilli(a.startsAt()).toString());
            p.put("component", a.labels().getOrDefault("alertname", ""));
            ObjectNode details = p.putObject("custom_details");
            putMap(details.putObject("labels"), a.labels());
            putMap(details.putObject("annotations"), a.annotations());
            if (a.generatorUrl() != null && !a.generatorUrl().isEmpty()) {
                root.putArray("links").addObject().put("href", a.generatorUrl()).put("text", "Vigil");
            }
        }
        return write(root);
    }

    /** PagerDuty knows critical, error, warning and info. */
    static String pagerDutySeverity(String severity) {
        if (severity == null) {
            return "warning";
        }
        return switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "high" -> "critical";
            case "error", "major" -> "error";
            case "info", "informational", "low", "none" -> "info";
            default -> "warning";
        };
    }

    private static String labelText(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of strings always serialises", e);
        }
    }
}
