package dev.mangrove.adapter.mongo;

import dev.mangrove.domain.document.Document;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

/** Encodes and decodes the domain {@link Document} directly, registered ahead of the driver's codecs. */
final class DomainDocumentCodec implements Codec<Document> {
    @Override
    public void encode(BsonWriter writer, Document document, EncoderContext context) {
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
}
