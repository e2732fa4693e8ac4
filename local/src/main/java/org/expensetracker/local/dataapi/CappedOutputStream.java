package org.expensetracker.local.dataapi;

import java.io.ByteArrayOutputStream;

/** Collects a response and gives up as soon as it outgrows the service's response size limit. */
final class CappedOutputStream extends ByteArrayOutputStream {
    private final int limit;

    CappedOutputStream(int limit) {
        super(Math.min(limit, 8192));
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        ensureRoom(1);
        super.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        ensureRoom(len);
        super.write(b, off, len);
    }

    private void ensureRoom(int more) {
        if ((long) count + more > limit) {
            throw DataApiErrors.responseTooLarge();
        }
    }
}
