package dev.vigil.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node of the routing tree, as Alertmanager's {@code route}: matchers, a receiver, grouping and timing
 * (inherited from the parent unless set), child routes, and {@code continue}. An alert goes to the first
 * matching child (and on to later siblings while the matched child says {@code continue}); when no child
 * matches, the node itself takes it.
 *
 * @param id             the node's path in the tree ({@code 0}, {@code 0.1}, ...): part of the group key
 * @param groupBy        label names to group by; {@code ["..."]} groups by every label
 * @param groupWaitMs    how long a new group waits for more alerts before its first notification
 * @param groupIntervalMs how long a group waits between notifications about changes
 * @param repeatIntervalMs how long before a notification that changed nothing is sent again
 */
public record Route(String id, String receiver, List<LabelMatcher> matchers, List<String> groupBy, long groupWaitMs,
        long groupIntervalMs, long repeatIntervalMs, boolean continueMatching, List<Route> routes) {
    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The routes that take an alert with these labels, in tree order. */
    public List<Route> match(Map<String, String> labels) {
        List<Route> out = new ArrayList<>();
        collect(labels, out);
        return out;
    }

    private boolean collect(Map<String, String> labels, List<Route> out) {
        if (!LabelMatcher.all(matchers, labels)) {
            return false;
        }
        int before = out.size();
        for (Route child : routes) {
            if (child.collect(labels, out) && !child.continueMatching) {
                break;
            }
        }
        if (out.size() == before) {
            out.add(this);
        }
        return true;
    }

    /** The labels of an alert this route groups by. */
    public Map<String, String> groupLabels(Map<String, String> labels) {
        if (groupBy.size() == 1 && groupBy.get(0).equals("...")) {
            return new TreeMap<>(labels);
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : groupBy) {
            String v = labels.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    /** Alertmanager's group key: the route and the group's label set, {@code 0.1:{alertname="X", host="y"}}. */
    public String groupKey(Map<String, String> labels) {
        return id + ":" + dev.vigil.alert.AlertmanagerWebhook.labelSetText(groupLabels(labels));
    }
}
