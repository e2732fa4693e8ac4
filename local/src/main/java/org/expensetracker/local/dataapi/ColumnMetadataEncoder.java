package org.expensetracker.local.dataapi;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** columnMetadata: what the service reports is what its JDBC driver reports. */
final class ColumnMetadataEncoder {
    private ColumnMetadataEncoder() {
    }

    static void write(JsonGenerator json, ResultSetMetaData metaData) throws SQLException, IOException {
        json.writeArrayFieldStart("columnMetadata");
        for (int column = 1; column <= metaData.getColumnCount(); column++) {
            json.writeStartObject();
            json.writeStringField("name", metaData.getColumnName(column));
            json.writeNumberField("type", metaData.getColumnType(column));
            json.writeStringField("typeName", metaData.getColumnTypeName(column));
            json.writeStringField("label", metaData.getColumnLabel(column));
            json.writeStringField("schemaName", nullToEmpty(metaData.getSchemaName(column)));
            json.writeStringField("tableName", nullToEmpty(metaData.getTableName(column)));
            json.writeBooleanField("isAutoIncrement", metaData.isAutoIncrement(column));
            json.writeBooleanField("isSigned", metaData.isSigned(column));
            json.writeBooleanField("isCurrency", metaData.isCurrency(column));
            json.writeBooleanField("isCaseSensitive", metaData.isCaseSensitive(column));
            json.writeNumberField("nullable", metaData.isNullable(column));
            json.writeNumberField("precision", metaData.getPrecision(column));
            json.writeNumberField("scale", metaData.getScale(column));
            json.writeNumberField("arrayBaseColumnType", 0);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
