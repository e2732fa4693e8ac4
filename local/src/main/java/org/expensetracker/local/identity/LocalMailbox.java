package org.expensetracker.local.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Where the local pool "sends" what Cognito would e-mail: every code is kept here (newest last),
 * readable at {@code GET {cognito}/_local/mailbox?to=<email>} and on {@code {cognito}/_local/mailbox.html},
 * and printed to the log as one line. Held in memory only, like mail in transit: after a restart,
 * ask for a new code. At most {@value #KEPT} messages are kept, oldest out first.
 */
public final class LocalMailbox {

    /** One e-mail with a code. */
    public record Message(String to, String subject, String code, Instant sentAt) {
    }

    private static final int KEPT = 1_000;

    private final Clock clock;
    private final Deque<Message> messages = new ArrayDeque<>();

    LocalMailbox(Clock clock) {
        this.clock = clock;
    }

    void send(String to, String subject, String code) {
        Message message = new Message(to, subject, code, clock.instant());
        synchronized (this) {
            messages.addLast(message);
            if (messages.size() > KEPT) {
                messages.removeFirst();
            }
        }
        // Exactly one line on the console, whatever logging backend is set up (JUL's default takes two),
        // for people watching the terminal: the address is the user's own, the code is local only.
        System.out.println("local mailbox: to=" + oneLine(to) + " subject=\"" + subject + "\" code=" + code
                + " sentAt=" + message.sentAt());
    }

    /** The messages to {@code to} (case-insensitive), or all of them for null; oldest first. */
    public synchronized List<Message> messages(String to) {
        String wanted = to == null ? null : to.strip().toLowerCase(Locale.ROOT);
        return messages.stream()
                .filter(m -> wanted == null || m.to().toLowerCase(Locale.ROOT).equals(wanted))
                .toList();
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]", "_");
    }
}
