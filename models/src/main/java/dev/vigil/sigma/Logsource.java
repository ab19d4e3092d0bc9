package dev.vigil.sigma;

/**
 * A rule's logsource: product, service and category, any of them null.
 *
 * @param product  e.g. linux
 * @param service  e.g. sshd, syslog, auditd
 * @param category e.g. process_creation
 */
public record Logsource(String product, String service, String category) {
    /** "linux/sshd", "linux/process_creation", "vigil/security": the key of the field mapping. */
    public String key() {
        String p = product == null ? "*" : product;
        if (service != null) {
            return p + "/" + service;
        }
        return category != null ? p + "/" + category : p;
    }
}
