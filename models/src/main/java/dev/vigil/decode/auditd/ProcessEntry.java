package dev.vigil.decode.auditd;

/**
 * One process in a host's process table: what it runs, as its last execve said, and when it was last
 * seen running a program or starting a child (event time, epoch millis), which orders evictions.
 *
 * @param executable  the program's path
 * @param commandLine its argv joined by spaces, or null
 * @param lastSeen    event time it was last seen
 */
public record ProcessEntry(String executable, String commandLine, long lastSeen) {
    public ProcessEntry seenAt(long time) {
        return time <= lastSeen ? this : new ProcessEntry(executable, commandLine, time);
    }
}
