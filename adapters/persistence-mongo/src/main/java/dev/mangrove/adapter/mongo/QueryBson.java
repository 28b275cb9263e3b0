package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Filter;
import dev.mangrove.domain.query.Hint;
import dev.mangrove.domain.query.Projection;
import dev.mangrove.domain.query.QueryDocument;
import dev.mangrove.domain.query.Sort;
import dev.mangrove.domain.write.Update;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates the domain query model (filters, projections, sorts, updates) into BSON documents; a filter's
 * query document is the domain's {@link QueryDocument}, written with {@link BsonValues}.
 */
final class QueryBson {
    private QueryBson() {
    }

    /** The MongoDB query document of a filter. */
    static BsonDocument filter(Filter filter) {
        return BsonValues.toBsonDocument(QueryDocument.of(filter));
    }

    /** The query document that selects the document with this id. */
    static BsonDocument byId(Object id) {
        return filter(Filter.eq(Document.ID, id));
    }

    /**
     * The query document that selects the document with this id only when it also matches {@code scope}
     * (a data scope's filter). The scope's top-level conditions sit beside {@code _id} when none collides
     * with it, so an upsert still takes its {@code _id} (and the scope's equalities) from the query.
     */
    static BsonDocument byId(Object id, Filter scope) {
        return BsonValues.toBsonDocument(withScope(QueryDocument.of(Filter.eq(Document.ID, id)), scope));
    }

    /**
     * The query document that selects a document only while it is exactly {@code current}: same id and,
     * through {@code $expr}, the whole document equal to it (a {@code $literal}, so no value is read as an
     * expression); a concurrent change makes it match nothing.
     */
    static BsonDocument exact(Document current) {
        return exact(current, Filter.ALL);
    }

    /** Like {@link #exact(Document)}, and only while the document also matches {@code scope}. */
    static BsonDocument exact(Document current, Filter scope) {
        Map<String, Object> literal = single("$literal", current.fields());
        Map<String, Object> query = single(Document.ID, current.get(Document.ID));
        query.put("$expr", single("$eq", List.of("$$ROOT", literal)));
        return BsonValues.toBsonDocument(withScope(query, scope));
    }

    /** {@code query} AND {@code scope}: merged side by side when no key collides, else under {@code $and}. */
    private static Map<String, Object> withScope(Map<String, Object> query, Filter scope) {
        if (scope instanceof Filter.All) {
            return query;
        }
        Map<String, Object> extra = QueryDocument.of(scope);
        if (extra.keySet().stream().noneMatch(query::containsKey)) {
            Map<String, Object> merged = new LinkedHashMap<>(query);
            merged.putAll(extra);
            return merged;
        }
        return single("$and", List.of(query, extra));
    }

    /** The projection document, or {@code null} for whole documents. */
    static BsonDocument projection(Projection projection) {
        return projection.isNone() ? null : BsonValues.toBsonDocument(projection.spec());
    }

    /** The sort document, or {@code null} for no sort. */
    static BsonDocument sort(Sort sort) {
        if (sort.keys().isEmpty()) {
            return null;
        }
        BsonDocument document = new BsonDocument();
        for (Sort.Key key : sort.keys()) {
            document.put(key.field(), new BsonInt32(key.ascending() ? 1 : -1));
        }
        return document;
    }

    /** The index key document of a hint, or {@code null} when the hint is a name or absent. */
    static BsonDocument hintKeys(Hint hint) {
        return hint instanceof Hint.IndexKeys keys ? BsonValues.toBsonDocument(keys.keys()) : null;
    }

    /** The index name of a hint, or {@code null} when the hint is a key document or absent. */
    static String hintName(Hint hint) {
        return hint instanceof Hint.IndexName name ? name.name() : null;
    }

    /** The update document of an update. */
    static BsonDocument update(Update update) {
        return BsonValues.toBsonDocument(update.operators());
    }

    /** An update pipeline's stages, in order. */
    static List<BsonDocument> pipeline(Update update) {
        return update.pipeline().stream().map(BsonValues::toBsonDocument).toList();
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
