package dev.mangrove.application.port.in;

import java.util.List;
import java.util.Map;

/** Lists the distinct values of fields (docs/plugins.md#distinct). */
public interface DistinctUseCase {
    /** Field name → its distinct values, in the order the fields were asked for. */
    Map<String, List<Object>> distinct(DistinctQuery query);
}
