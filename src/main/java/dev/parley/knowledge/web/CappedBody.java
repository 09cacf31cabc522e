package dev.parley.knowledge.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a cap: past it the download is cancelled, so a huge or
 * endless body costs at most the cap. Requests one buffer list at a time.
 */
class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** The body passed the cap. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("larger than " + max + " bytes");
        }
    }

    private final long max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    /** Reads nothing: closes the body at once (error pages, redirects, unwanted types). */
    static HttpResponse.BodySubscriber<byte[]> none() {
        return new CappedBody(0) {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.cancel();
                getBody().toCompletableFuture().complete(null);
            }
        };
    }

    CappedBody(long max) {
        this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) return;
        for (ByteBuffer buffer : buffers) {
            int n = buffer.remaining();
            if (out.size() + (long) n > max) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(max));
                return;
            }
            byte[] bytes = new byte[n];
            buffer.get(bytes);
            out.write(bytes, 0, n);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
