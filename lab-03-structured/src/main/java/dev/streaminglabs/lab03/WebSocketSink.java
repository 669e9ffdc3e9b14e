package dev.streaminglabs.lab03;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;

import dev.streaminglabs.common.NotDoneYet;
import dev.streaminglabs.common.web.Broadcaster;

/**
 * Step 6 — a web-socket sink: each trigger's changes, live, in every browser that watches.
 *
 * <p>Files and databases are two outputs of a stream; a web socket is the third: the browser keeps a connection open,
 * and the app pushes each trigger's result into it, so that a page redraws the moment the counts change. Spark has no
 * web-socket sink, but {@code foreachBatch} hands you each trigger's output as a DataFrame, on the driver, where the
 * app's web server lives. The server is given ({@link Broadcaster}, from the dashboard in {@code common}): it keeps a
 * queue per client, never waits for one, and disconnects a client that falls behind. You write what goes into it.
 *
 * <p>Each trigger that changed something becomes <em>one</em> message, a JSON object (docs/dashboard.md):
 * <pre>
 * {"view":"words","kind":"update","trigger":2,"time":"2026-03-14T10:00:04.120Z",
 *  "rows":[{"word":"spark","count":3},{"word":"flink","count":2}]}
 * </pre>
 * {@code trigger} is the micro-batch's id, {@code time} when the sink sent it (UTC). In update mode a trigger sends
 * only the words whose count changed, so a browser that connects late would know only what changes next: it first
 * receives a {@code snapshot}, the same object with {@code "kind":"snapshot"}, holding every word with its latest
 * count, and the id of the last trigger it includes.
 */
public final class WebSocketSink {

    /** The dashboard's view that draws the words as bars. */
    public static final String VIEW = "words";
    public static final String UPDATE = "update";
    public static final String SNAPSHOT = "snapshot";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Broadcaster broadcaster;
    /**
     * The result table as the clients know it: each word's latest row ({@code word}, {@code count}), by word. A
     * concurrent map: the query writes it, and the web server reads it when a client connects.
     */
    private final Map<String, Map<String, Object>> latest = new ConcurrentHashMap<>();
    /** The id of the last trigger sent, -1 before the first. */
    private volatile long lastTrigger = -1;

    /** A sink that sends to the clients of {@code broadcaster}; each new client first receives {@link #snapshot()}. */
    public WebSocketSink(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
        broadcaster.onConnect(this::snapshot);
    }

    /**
     * The JSON text of one message of the view {@link #VIEW}: {@code view}, {@code kind}, {@code trigger},
     * {@code time} (ISO-8601, as {@link Instant#toString()} writes it) and {@code rows} (an array of objects), in
     * that order. Any word must come out intact: quotes, backslashes, accents, line breaks.
     */
    static String message(String kind, long trigger, Instant time, Collection<Map<String, Object>> rows) {
        // TODO Step 6a: the message as a JSON object with these five fields, written by a JSON library (JSON, above)
        //   rather than by gluing strings together, which would break on the first word with a quote.
        throw new NotDoneYet("lab-03-structured", 6, "write a message as JSON");
    }

    /**
     * Sends one trigger's output (update mode: the words whose count changed, with their new counts) to every client,
     * as one {@link #UPDATE} message; a trigger that changed nothing sends nothing. Called by {@code foreachBatch}, on
     * the driver.
     *
     * <p>Remember the rows (for the snapshot) <em>before</em> you broadcast them: a client that connects in between
     * then gets the new counts twice — harmless, they are totals — rather than never.
     */
    void writeBatch(Dataset<Row> changes, long batchId) {
        // TODO Step 6b: the batch's rows (fieldsOf each), then, unless there is none: remember each word's row in
        //   latest and the trigger's id, and broadcast one UPDATE message.
        throw new NotDoneYet("lab-03-structured", 6, "broadcast each trigger as one message");
    }

    /**
     * What a client that connects now receives first: one {@link #SNAPSHOT} message with every word the clients know
     * and its latest count, and the id of the last trigger sent (-1 before the first: then it has no row).
     */
    String snapshot() {
        // TODO Step 6c: one SNAPSHOT message of every row in latest, with the last trigger's id.
        throw new NotDoneYet("lab-03-structured", 6, "greet a late client with a snapshot");
    }

    /**
     * Starts {@code counts} (a running word count: {@code word}, {@code count}) with {@code trigger}, each micro-batch
     * going to {@link #writeBatch} in update mode; when the query stops, the clients' sockets close
     * ({@link #closeTheSocketsWhenItStops}).
     */
    public StreamingQuery start(Dataset<Row> counts, Trigger trigger) throws TimeoutException {
        // TODO Step 6d: writeStream in update mode with this trigger, each micro-batch to
        //   foreachBatch(this::writeBatch), started; then closeTheSocketsWhenItStops(query), and return the query.
        throw new NotDoneYet("lab-03-structured", 6, "start the web-socket sink");
    }

    /** A row of the word count as the fields of a JSON object: {@code {"word": "spark", "count": 3}}. */
    static Map<String, Object> fieldsOf(Row row) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put(StreamingWordCount.WORD, row.getAs(StreamingWordCount.WORD));
        fields.put(StreamingWordCount.COUNT, row.getAs(StreamingWordCount.COUNT));
        return fields;
    }

    /**
     * Spark tells a {@code foreachBatch} function nothing when its query stops: a listener hears it, and closes every
     * client's socket cleanly (code 1000, "the query stopped"), after what was already queued for it.
     */
    void closeTheSocketsWhenItStops(StreamingQuery query) {
        var queries = query.sparkSession().streams();
        queries.addListener(new StreamingQueryListener() {
            @Override
            public void onQueryStarted(QueryStartedEvent event) {
            }

            @Override
            public void onQueryProgress(QueryProgressEvent event) {
            }

            @Override
            public void onQueryTerminated(QueryTerminatedEvent event) {
                if (event.id().equals(query.id())) {
                    broadcaster.closeClients("the query stopped");
                    queries.removeListener(this);
                }
            }
        });
        if (!query.isActive()) {   // it stopped before the listener was there to hear it
            broadcaster.closeClients("the query stopped");
        }
    }
}
