package dev.mangrove.adapter.http.planted;

/**
 * Planted violation (ArchitectureRulesBiteTest): the HTTP adapter using a driver type, another
 * adapter and a service.
 */
public final class PlantedHttpAdapter {
    org.bson.Document bson;
    dev.mangrove.adapter.mongo.planted.PlantedMongoAdapter mongo;
    dev.mangrove.application.service.DocumentService service;
}
