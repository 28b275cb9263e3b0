package dev.mangrove.domain.resource;

/** The three levels whose verbs a mount can limit (express-monger's databaseMethods and friends). */
public enum Level {
    ROOT, DATABASE, COLLECTION, DOCUMENT
}
