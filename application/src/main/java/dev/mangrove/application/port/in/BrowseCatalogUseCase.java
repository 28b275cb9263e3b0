package dev.mangrove.application.port.in;

import dev.mangrove.domain.resource.DatabaseName;

import java.util.List;

/** Lists the databases and collections a client may see. */
public interface BrowseCatalogUseCase {
    /** The servable databases, sorted (never admin, config, local). */
    List<String> databases();

    /** The user collections of a database, sorted (never system.* or reserved {@code _} names); 404 when missing. */
    List<String> collections(DatabaseName database);
}
