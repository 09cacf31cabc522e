package dev.parley.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL LISTEN/NOTIFY for every node: the database tells each node when something it may
 * have cached changed, whichever node (or job) changed it. One dedicated connection as the app
 * role, outside the pool. After a lost connection every subscriber is told to drop everything,
 * since signals sent meanwhile are gone.
 */
@Component
public class DatabaseSignals implements SmartLifecycle {

    /** Payload {@code "*"} means: anything may have changed. */
    public static final String EVERYTHING = "*";

    private static final Logger log = LoggerFactory.getLogger(DatabaseSignals.class);

    private final DatabaseConfiguration.DatabaseEndpoint endpoint;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private volatile Thread listener;
    private volatile boolean running;

    DatabaseSignals(DatabaseConfiguration.DatabaseEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public void subscribe(String channel, Consumer<String> onSignal) {
        if (!channel.matches("[a-z_]+")) throw new IllegalArgumentException("channel: " + channel);
        subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(onSignal);
    }

    @Override
    public void start() {
        running = true;
        listener = Thread.ofPlatform().daemon().name("parley-db-signals").start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = listener;
        if (t != null) t.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(endpoint.url(), endpoint.appUser(), endpoint.appPassword())) {
                try (Statement sql = connection.createStatement()) {
                    for (String channel : subscribers.keySet()) sql.execute("LISTEN " + channel);
                }
                dispatchAll(EVERYTHING); // anything sent before LISTEN took effect is unknown
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] signals = pg.getNotifications(1000);
                    if (signals == null) continue;
                    for (PGNotification signal : signals) dispatch(signal.getName(), signal.getParameter());
                }
            } catch (SQLException e) {
                if (!running) return;
                log.warn("Database signals lost ({}); reconnecting", e.getMessage());
                dispatchAll(EVERYTHING);
                sleepBriefly();
            }
        }
    }

    private void dispatchAll(String payload) {
        for (String channel : subscribers.keySet()) dispatch(channel, payload);
    }

    private void dispatch(String channel, String payload) {
        for (Consumer<String> subscriber : subscribers.getOrDefault(channel, List.of())) {
            try {
                subscriber.accept(payload);
            } catch (RuntimeException e) {
                log.warn("Signal subscriber on {} failed", channel, e);
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
