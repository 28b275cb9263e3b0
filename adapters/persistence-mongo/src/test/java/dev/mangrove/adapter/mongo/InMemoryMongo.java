package dev.mangrove.adapter.mongo;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.BsonDocument;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory mongo-java-server and a backend connected to it, recording the commands it sends. */
final class InMemoryMongo implements AutoCloseable {
    final MongoServer server;
    final String uri;
    final MongoBackend backend;
    final List<Command> commands = new CopyOnWriteArrayList<>();

    /** A command as sent (the event's own document is only valid during the callback). */
    record Command(String name, BsonDocument body) {
    }

    InMemoryMongo(boolean embedded) {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        uri = "mongodb://" + address.getHostString() + ":" + address.getPort();
        CommandListener recorder = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(new Command(event.getCommandName(), event.getCommand().clone()));
            }
        };
        backend = MongoBackend.connect(new MongoBackendSettings(uri, Duration.ofSeconds(2), Duration.ofSeconds(10),
                embedded, builder -> builder.addCommandListener(recorder)));
    }

    /** How many commands of this name were started. */
    long started(String commandName) {
        return commands.stream().filter(command -> command.name().equals(commandName)).count();
    }

    @Override
    public void close() {
        backend.close();
        server.shutdownNow();
    }
}
