package org.expensetracker.local.identity;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one tree-model mapper of this package (ObjectMapper is thread-safe once configured). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
