package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The local mailbox as JSON (the contract of DESIGN.md) and as a small page for people. */
final class MailboxPage {

    private MailboxPage() {
    }

    /** {@code {"messages":[{"to","subject","code","sentAt"}]}}, newest last. */
    static ObjectNode json(List<LocalMailbox.Message> messages) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("messages");
        messages.forEach(m -> list.addObject()
                .put("to", m.to())
                .put("subject", m.subject())
                .put("code", m.code())
                .put("sentAt", m.sentAt().toString()));
        return root;
    }

    /** Newest first, as a mail client lists them; every value escaped. */
    static String html(String to, List<LocalMailbox.Message> messages) {
        StringBuilder rows = new StringBuilder();
        for (int i = messages.size() - 1; i >= 0; i--) {
            LocalMailbox.Message m = messages.get(i);
            rows.append("<tr><td>").append(escape(m.sentAt().toString()))
                    .append("</td><td>").append(escape(m.to()))
                    .append("</td><td>").append(escape(m.subject()))
                    .append("</td><td class=\"code\">").append(escape(m.code()))
                    .append("</td></tr>\n");
        }
        String title = to == null ? "All messages" : "Messages to " + escape(to);
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Local mailbox · Expense Tracker</title>
                <style>
                  body { font: 16px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2733; }
                  table { border-collapse: collapse; width: 100%%; }
                  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d5dbe3; }
                  .code { font: 600 1.25rem ui-monospace, monospace; letter-spacing: .15em; }
                  .hint { color: #5a6675; }
                </style>
                </head>
                <body>
                <h1>Local mailbox</h1>
                <p class="hint">The codes the local user pool would have e-mailed (local stack only; AWS sends real
                e-mail). Kept until the stack stops. Reload for new messages.</p>
                <form method="get"><label>To <input name="to" type="email" value="%s"></label>
                <button type="submit">Show</button></form>
                <h2>%s</h2>
                <table>
                <thead><tr><th>Sent</th><th>To</th><th>Subject</th><th>Code</th></tr></thead>
                <tbody>
                %s</tbody>
                </table>
                %s
                </body>
                </html>
                """.formatted(to == null ? "" : escape(to), title, rows,
                messages.isEmpty() ? "<p id=\"empty\">No messages.</p>" : "");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
