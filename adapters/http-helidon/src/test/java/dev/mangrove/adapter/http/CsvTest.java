package dev.mangrove.adapter.http;

import dev.mangrove.adapter.http.json.ExtendedJson;
import dev.mangrove.application.port.in.ResultCursor;
import dev.mangrove.domain.document.Document;
import dev.mangrove.domain.query.Projection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CSV output (docs/querying.md): RFC 4180 quoting, embedded line breaks, and no spreadsheet formulas. */
class CsvTest {
    private static String csv(Projection projection, List<Map<String, Object>> documents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CollectionReader.Csv.write(out, ResultCursor.of(documents.stream().map(Document::new).toList()), projection,
                ExtendedJson.create());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> doc(Object... keyValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put((String) keyValues[i], keyValues[i + 1]);
        }
        return fields;
    }

    @Test
    void headerFromTheFirstDocumentThenOneRowEach() throws IOException {
        assertEquals("_id,name,n,ok\r\n1,kettle,2.5,true\r\n2,pot,,\r\n",
                csv(Projection.none(), List.of(doc("_id", 1, "name", "kettle", "n", 2.5, "ok", true),
                        doc("_id", 2, "name", "pot"))));
    }

    @Test
    void headerFromAnInclusionProjectionWithNestedFields() throws IOException {
        assertEquals("_id,a.b\r\n1,x\r\n2,\r\n",
                csv(new Projection(Map.of("a.b", 1)), List.of(doc("_id", 1, "a", doc("b", "x")), doc("_id", 2))));
    }

    @Test
    void quotesSeparatorsQuotesAndLineBreaks() throws IOException {
        assertEquals("_id,s\r\n1,\"a,b\"\r\n2,\"say \"\"hi\"\"\"\r\n3,\"two\nlines\"\r\n4,\"cr\rhere\"\r\n",
                csv(Projection.none(), List.of(doc("_id", 1, "s", "a,b"), doc("_id", 2, "s", "say \"hi\""),
                        doc("_id", 3, "s", "two\nlines"), doc("_id", 4, "s", "cr\rhere"))));
    }

    @Test
    void nestedValuesAreRelaxedJson() throws IOException {
        assertEquals("_id,tags,sub\r\n1,\"[\"\"a\"\",1]\",\"{\"\"x\"\":null}\"\r\n",
                csv(Projection.none(), List.of(doc("_id", 1, "tags", List.of("a", 1), "sub", doc("x", null)))));
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsPrefixedWithAQuote() throws IOException {
        String out = csv(Projection.none(), List.of(doc("_id", "=1+1", "a", "+SUM(A1)", "b", "-2+3", "c", "@cmd",
                "d", "\t=x", "e", "\r=x", "f", -5, "g", "a=b")));
        assertEquals("_id,a,b,c,d,e,f,g\r\n'=1+1,'+SUM(A1),'-2+3,'@cmd,'\t=x,\"'\r=x\",-5,a=b\r\n", out);
    }

    @Test
    void columnNamesAreGuardedToo() throws IOException {
        assertEquals("_id,'=HYPERLINK(1)\r\n1,x\r\n", csv(Projection.none(), List.of(doc("_id", 1, "=HYPERLINK(1)", "x"))));
    }
}
