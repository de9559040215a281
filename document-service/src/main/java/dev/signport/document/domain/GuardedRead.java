package dev.signport.document.domain;

import java.io.IOException;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadView;

/**
 * A PDFBox input that consults a {@link ParseGuard} as it is read, so that a parse over its time
 * or allocation budget fails with an IOException at its next read. Views (stream data, object
 * and xref streams) are guarded too, so decoding a compressed stream is stopped as well.
 */
final class GuardedRead implements RandomAccessRead {

    /**
     * Byte-sized operations are checked once in this many calls (the clock is cheap, not free);
     * bulk reads every time, so that decoding a compressed stream is checked at each input block.
     */
    private static final int CHECK_EVERY = 1024;

    private final RandomAccessRead delegate;
    private final ParseGuard guard;
    private int calls;

    GuardedRead(RandomAccessRead delegate, ParseGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    private void tick() throws IOException {
        if (++calls >= CHECK_EVERY) {
            calls = 0;
            guard.check();
        }
    }

    @Override
    public int read() throws IOException {
        tick();
        return delegate.read();
    }

    @Override
    public int read(byte[] b, int offset, int length) throws IOException {
        guard.check();
        return delegate.read(b, offset, length);
    }

    @Override
    public int peek() throws IOException {
        tick();
        return delegate.peek();
    }

    @Override
    public void rewind(int bytes) throws IOException {
        tick();
        delegate.rewind(bytes);
    }

    @Override
    public void skip(int length) throws IOException {
        tick();
        delegate.skip(length);
    }

    @Override
    public int available() throws IOException {
        return delegate.available();
    }

    @Override
    public long getPosition() throws IOException {
        return delegate.getPosition();
    }

    @Override
    public void seek(long position) throws IOException {
        tick();
        delegate.seek(position);
    }

    @Override
    public long length() throws IOException {
        return delegate.length();
    }

    @Override
    public boolean isClosed() {
        return delegate.isClosed();
    }

    @Override
    public boolean isEOF() throws IOException {
        tick();
        return delegate.isEOF();
    }

    @Override
    public RandomAccessReadView createView(long startPosition, long streamLength) throws IOException {
        guard.check();
        // The delegate's view has its own position; guarding it keeps stream reads under the limits.
        return new RandomAccessReadView(new GuardedRead(delegate.createView(startPosition, streamLength), guard),
                0, streamLength, true);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
