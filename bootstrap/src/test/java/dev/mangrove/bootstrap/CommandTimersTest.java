package dev.mangrove.bootstrap;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ConnectionDescription;
import com.mongodb.connection.ServerId;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandSucceededEvent;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CommandTimersTest {
    private static final ConnectionDescription CONNECTION =
            new ConnectionDescription(new ServerId(new ClusterId(), new ServerAddress("localhost", 27017)));

    @Test
    void recordsEachCommandByNameAndOutcomeWithoutTheCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.CommandTimers timers = new Metrics.CommandTimers(registry);
        for (int i = 0; i < 3; i++) {
            timers.commandSucceeded(new CommandSucceededEvent(null, 1, i, CONNECTION, "bench", "find",
                    new BsonDocument(), TimeUnit.MILLISECONDS.toNanos(2)));
        }
        timers.commandSucceeded(new CommandSucceededEvent(null, 1, 4, CONNECTION, "bench", "insert",
                new BsonDocument(), TimeUnit.MILLISECONDS.toNanos(1)));
        timers.commandFailed(new CommandFailedEvent(null, 1, 5, CONNECTION, "bench", "find",
                TimeUnit.MILLISECONDS.toNanos(3), new RuntimeException("boom")));

        Timer find = registry.get("mongodb.driver.commands").tags("command", "find", "status", "SUCCESS").timer();
        assertEquals(3, find.count());
        assertEquals(6.0, find.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(1, registry.get("mongodb.driver.commands").tags("command", "insert", "status", "SUCCESS").timer().count());
        Timer failed = registry.get("mongodb.driver.commands").tags("command", "find", "status", "FAILED").timer();
        assertEquals(1, failed.count());
        assertEquals("Timer of mongodb commands", failed.getId().getDescription());
        assertEquals(3, registry.getMeters().size(), "one timer per command and outcome");
        assertEquals(2, failed.getId().getTags().size(), "no collection tag");
        assertNull(registry.find("mongodb.driver.commands").tag("collection", "bench").timer());
    }
}
