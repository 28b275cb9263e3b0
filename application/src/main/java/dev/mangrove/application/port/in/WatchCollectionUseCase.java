package dev.mangrove.application.port.in;

/** Change streams of collections, shared by their subscribers (docs/streams.md). */
public interface WatchCollectionUseCase {
    /**
     * Subscribes to a named change stream; the subscription must be closed.
     *
     * @throws dev.mangrove.domain.error.MangroveException 404 for an unknown collection or stream, 400/403 for bad
     *                                                     stages or variables, 501 without change streams
     */
    StreamSubscription subscribe(WatchQuery query);
}
