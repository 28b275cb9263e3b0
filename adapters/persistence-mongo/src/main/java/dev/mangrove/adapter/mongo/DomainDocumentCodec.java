package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.document.SymbolValue;
import dev.mangrove.domain.error.ErrorKind;
import dev.mangrove.domain.error.MangroveException;
import org.bson.BsonReader;
import org.bson.BsonSymbol;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

import java.util.List;
import java.util.Map;

/** Encodes and decodes the domain {@link Document} directly, registered ahead of the driver's codecs. */
final class DomainDocumentCodec implements Codec<Document> {
    private final boolean embedded;

    /** A codec; on the embedded backend it refuses the BSON types mongo-java-server cannot read. */
    DomainDocumentCodec(boolean embedded) {
        this.embedded = embedded;
    }

    @Override
    public void encode(BsonWriter writer, Document document, EncoderContext context) {
        if (embedded) {
            refuseUnstorable(document.fields());
        }
        BsonValues.writeDocument(writer, document.fields());
    }

    @Override
    public Document decode(BsonReader reader, DecoderContext context) {
        return new Document(BsonValues.readDocument(reader));
    }

    @Override
    public Class<Document> getEncoderClass() {
        return Document.class;
    }

    /**
     * Refuses, before sending, what mongo-java-server 1.47 cannot take and answers badly: the deprecated BSON symbol
     * type (0x0E), on which it drops the connection (every request sharing it waited for a socket timeout, then
     * answered 503), and a field name with a dot, whose write error it sends without a code, on which the driver's
     * callback fails and the request never completes.
     */
    private static void refuseUnstorable(Object value) {
        switch (value) {
            case SymbolValue symbol -> throw symbolNotSupported();
            case Document document -> refuseUnstorable(document.fields());
            case Map<?, ?> map -> map.forEach((key, child) -> {
                if (key instanceof String name && name.indexOf('.') >= 0) {
                    throw MangroveException.badRequest("invalid-field-name", "The field name '" + name
                            + "' holds a dot, which the embedded backend cannot store; nest the fields instead");
                }
                refuseUnstorable(child);
            });
            case List<?> list -> list.forEach(DomainDocumentCodec::refuseUnstorable);
            case null, default -> {
            }
        }
    }

    static MangroveException symbolNotSupported() {
        return MangroveException.of(ErrorKind.NOT_IMPLEMENTED, "not-implemented",
                "The embedded backend cannot store the deprecated BSON type $symbol; send a string");
    }

    /** The {@link BsonSymbol} codec of the embedded backend: filters, updates and pipelines holding one are refused. */
    static final class EmbeddedSymbolRefusal implements Codec<BsonSymbol> {
        @Override
        public void encode(BsonWriter writer, BsonSymbol value, EncoderContext context) {
            throw symbolNotSupported();
        }

        @Override
        public BsonSymbol decode(BsonReader reader, DecoderContext context) {
            return new BsonSymbol(reader.readSymbol());
        }

        @Override
        public Class<BsonSymbol> getEncoderClass() {
            return BsonSymbol.class;
        }
    }
}
