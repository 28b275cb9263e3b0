// The MongoDB-compatible server shared by Mangrove and the reference route in bench/reference.sh: mongo-java-server's
// memory backend in its own process. java -cp 'bootstrap/target/lib/*' StandaloneBackend.java PORT
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

public class StandaloneBackend {
    public static void main(String[] args) throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        System.out.println("backend listening on " + args[0]);
        Thread.currentThread().join();
    }
}
