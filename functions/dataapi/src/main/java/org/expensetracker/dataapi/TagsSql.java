package org.expensetracker.dataapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Tags through the Data API, which carries no arrays: bound as a JSON array to {@code :tags} and
 * turned into the text[] column by {@link #FROM_PARAMETER}; read back as {@code array_to_json(…)::text}.
 */
public final class TagsSql {
    /** The SQL that turns the bound JSON array {@code :tags} into a text[] value. */
    public static final String FROM_PARAMETER = "ARRAY(SELECT jsonb_array_elements_text(CAST(:tags AS jsonb)))";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TagsSql() {
    }

    /** The select-list item for the tags column of table alias {@code a}, named {@code tags}. */
    public static String column(String a) {
        return "array_to_json(" + a + ".tags)::text AS tags";
    }

    /** The value to bind to {@code :tags}. */
    public static String parameter(List<String> tags) {
        try {
            return JSON.writeValueAsString(tags);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tags of a row's {@code tags} column. */
    public static List<String> read(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(json, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags are not a JSON array", e);
        }
    }
}
