package dev.mangrove.bootstrap.e2e;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

import java.util.Optional;

/** Starts a MongoDB replica-set container when a Docker engine is reachable; never fails the run. */
final class Containers {
    private Containers() {
    }

    static Optional<String> startMongoIfDockerAvailable() {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            docker = false;
        }
        if (!docker) {
            return Optional.empty();
        }
        try {
            MongoDBContainer mongo = new MongoDBContainer("mongo:7.0");
            mongo.start();
            Runtime.getRuntime().addShutdownHook(new Thread(mongo::stop));
            return Optional.of(mongo.getReplicaSetUrl());
        } catch (RuntimeException e) {
            System.out.println("[mangrove-tests] Docker is available but the mongo container did not start ("
                    + e.getMessage() + "); using the embedded backend");
            return Optional.empty();
        }
    }
}
