package dev.parley.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One visitor's message and its streamed answer, over a plain socket (HTTP/1.1, chunked), as
 * cheap as a client can be, so that 1,000 of them on virtual threads measure the server and not
 * the client. Keeps the arrival time (System.nanoTime) of every {@code delta} event.
 */
final class SseStreamClient {

    /** How a stream ended. */
    enum Outcome { DONE, HTTP_ERROR, ERROR_EVENT, BROKEN }

    final long[] received;
    int deltas;
    Outcome outcome = Outcome.BROKEN;
    String detail = "";
    long startedAt;
    long finishedAt;

    SseStreamClient(int expectedTokens) {
        received = new long[expectedTokens];
    }

    /** Sends the message from {@code visitor} (a loopback address) and reads the answer to its end; never throws. */
    void run(InetAddress visitor, int port, String conversationId, String token, String question) {
        startedAt = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, visitor, 0)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            byte[] body = ("{\"content\":\"" + question + "\"}").getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/conversations/" + conversationId + "/messages HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nAccept: text/event-stream"
                    + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            read(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.BROKEN;
            detail = e.toString();
        } finally {
            finishedAt = System.nanoTime();
        }
    }

    private void read(InputStream in) throws IOException {
        String status = line(in);
        boolean chunked = false;
        for (String header; !(header = line(in)).isEmpty(); ) {
            if (header.regionMatches(true, 0, "Transfer-Encoding:", 0, 18) && header.toLowerCase().contains("chunked")) chunked = true;
        }
        if (!status.startsWith("HTTP/1.1 200")) {
            outcome = Outcome.HTTP_ERROR;
            detail = status;
            return;
        }
        if (!chunked) throw new IOException("expected a chunked stream");
        Events events = new Events();
        while (true) {
            int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
            if (size == 0) return; // end of the response; outcome set by the last event
            byte[] data = in.readNBytes(size);
            if (data.length < size) throw new IOException("cut off in a chunk");
            long now = System.nanoTime();
            line(in); // the CRLF after the chunk
            if (events.feed(data, now)) return;
        }
    }

    /** Server-sent events split across chunks in any way. Returns true after done or error. */
    private final class Events {
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private String event = "message";

        boolean feed(byte[] data, long at) {
            for (byte b : data) {
                if (b != '\n') {
                    pending.write(b);
                    continue;
                }
                String field = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                if (field.startsWith("event:")) {
                    event = field.substring(6).strip();
                } else if (field.isEmpty()) {
                    if (dispatch(at)) return true;
                    event = "message";
                } else if (field.startsWith("data:") && !event.equals("delta")) {
                    detail = field.substring(5);
                }
            }
            return false;
        }

        private boolean dispatch(long at) {
            switch (event) {
                case "delta" -> {
                    if (deltas < received.length) received[deltas] = at;
                    deltas++;
                }
                case "done" -> {
                    outcome = deltas == received.length ? Outcome.DONE : Outcome.BROKEN;
                    if (outcome != Outcome.DONE) detail = deltas + " of " + received.length + " tokens";
                    return true;
                }
                case "error" -> {
                    outcome = Outcome.ERROR_EVENT;
                    return true;
                }
                default -> { }
            }
            return false;
        }
    }

    /** A plain POST from {@code visitor}: the status code and the body. */
    static String[] post(InetAddress visitor, int port, String path, String headers, String body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port, visitor, 0)) {
            socket.setSoTimeout(120_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "Content-Type: application/json"
                    + "\r\nConnection: close\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String status = line(in);
            boolean chunked = false;
            for (String header; !(header = line(in)).isEmpty(); ) {
                if (header.regionMatches(true, 0, "Transfer-Encoding:", 0, 18) && header.toLowerCase().contains("chunked")) chunked = true;
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            if (!chunked) {
                in.transferTo(content);
            } else {
                for (int size; (size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) > 0; line(in)) {
                    content.write(in.readNBytes(size));
                }
            }
            return new String[] {status.split(" ")[1], content.toString(StandardCharsets.UTF_8)};
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("connection closed");
            if (c != '\r') s.append((char) c);
        }
        return s.toString();
    }
}
