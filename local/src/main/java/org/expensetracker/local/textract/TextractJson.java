package org.expensetracker.local.textract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/** Textract's response shapes (the members the SDKs model), built from what the local reading found. */
final class TextractJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TextractJson() {
    }

    static ObjectNode analyzeExpense(List<DocumentReader.Page> pages, ReceiptFields.Found found) {
        ObjectNode response = JSON.createObjectNode();
        response.putObject("DocumentMetadata").put("Pages", pages.size());
        ObjectNode document = response.putArray("ExpenseDocuments").addObject();
        document.put("ExpenseIndex", 1);
        ArrayNode summary = document.putArray("SummaryFields");
        for (ReceiptFields.Field field : found.summary()) {
            ObjectNode node = summary.addObject();
            node.putObject("Type").put("Text", field.type()).put("Confidence", field.confidence());
            if (!field.label().isEmpty()) {
                node.putObject("LabelDetection").put("Text", field.label()).put("Confidence", field.confidence());
            }
            node.putObject("ValueDetection").put("Text", field.value()).put("Confidence", field.confidence());
            if (field.currency() != null) {
                node.putObject("Currency").put("Code", field.currency()).put("Confidence", field.confidence() * 0.9f);
            }
            node.put("PageNumber", 1);
        }
        ArrayNode items = document.putArray("LineItemGroups").addObject().put("LineItemGroupIndex", 1).putArray("LineItems");
        for (ReceiptFields.LineItem item : found.items()) {
            ArrayNode fields = items.addObject().putArray("LineItemExpenseFields");
            ObjectNode description = fields.addObject();
            description.putObject("Type").put("Text", "ITEM").put("Confidence", item.confidence());
            description.putObject("ValueDetection").put("Text", item.description()).put("Confidence", item.confidence());
            description.put("PageNumber", 1);
            ObjectNode price = fields.addObject();
            price.putObject("Type").put("Text", "PRICE").put("Confidence", item.confidence());
            price.putObject("ValueDetection").put("Text", item.price()).put("Confidence", item.confidence());
            price.put("PageNumber", 1);
        }
        blocks(document.putArray("Blocks"), pages);
        return response;
    }

    static ObjectNode detectDocumentText(List<DocumentReader.Page> pages) {
        ObjectNode response = JSON.createObjectNode();
        response.putObject("DocumentMetadata").put("Pages", pages.size());
        blocks(response.putArray("Blocks"), pages);
        response.put("DetectDocumentTextModelVersion", "1.0");
        return response;
    }

    /** A PAGE block per page with its LINE blocks as children, boxes as fractions of the page, as Textract gives them. */
    private static void blocks(ArrayNode blocks, List<DocumentReader.Page> pages) {
        int number = 1;
        for (DocumentReader.Page page : pages) {
            ObjectNode pageBlock = blocks.addObject().put("BlockType", "PAGE").put("Id", UUID.randomUUID().toString())
                    .put("Page", number);
            box(pageBlock, 0, 0, 1, 1);
            ArrayNode children = pageBlock.putArray("Relationships").addObject().put("Type", "CHILD").putArray("Ids");
            for (Tesseract.OcrLine line : page.lines()) {
                String id = UUID.randomUUID().toString();
                children.add(id);
                ObjectNode block = blocks.addObject().put("BlockType", "LINE").put("Id", id).put("Page", number)
                        .put("Text", line.text()).put("Confidence", line.confidence());
                box(block, (double) line.left() / page.width(), (double) line.top() / page.height(),
                        (double) line.width() / page.width(), (double) line.height() / page.height());
            }
            number++;
        }
    }

    private static void box(ObjectNode block, double left, double top, double width, double height) {
        ObjectNode geometry = block.putObject("Geometry");
        geometry.putObject("BoundingBox").put("Width", (float) width).put("Height", (float) height)
                .put("Left", (float) left).put("Top", (float) top);
        ArrayNode polygon = geometry.putArray("Polygon");
        polygon.addObject().put("X", (float) left).put("Y", (float) top);
        polygon.addObject().put("X", (float) (left + width)).put("Y", (float) top);
        polygon.addObject().put("X", (float) (left + width)).put("Y", (float) (top + height));
        polygon.addObject().put("X", (float) left).put("Y", (float) (top + height));
    }
}
