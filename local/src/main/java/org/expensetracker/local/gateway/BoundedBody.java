package org.expensetracker.local.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.io.Content;

/**
 * Reads a request body asynchronously, up to a limit: no thread waits while a slow client sends
 * it, and no more than the limit is ever buffered. Ends exactly once, in one of three ways.
 */
final class BoundedBody implements Runnable {

    interface Outcome {
        void complete(byte[] body);

        /** The body grew past the limit; the rest of it was not read. */
        void tooLarge();

        /** The client went away, or sent its body too slowly. */
        void failed(Throwable failure);
    }

    private final Content.Source source;
    private final int limit;
    private final Outcome outcome;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private BoundedBody(Content.Source source, int limit, Outcome outcome) {
        this.source = source;
        this.limit = limit;
        this.outcome = outcome;
    }

    static void read(Content.Source source, int limit, Outcome outcome) {
        new BoundedBody(source, limit, outcome).run();
    }

    /** Reads what has arrived, then asks to be called again when more does. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                source.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                outcome.failed(chunk.getFailure());
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            boolean last = chunk.isLast();
            if (body.size() + bytes.remaining() > limit) {
                chunk.release();
                outcome.tooLarge();
                return;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            body.writeBytes(copy);
            chunk.release();
            if (last) {
                outcome.complete(body.toByteArray());
                return;
            }
        }
    }
}
