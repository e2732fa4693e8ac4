package org.expensetracker.receiptindexer.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.expensetracker.core.document.ReceiptReading;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.textract.model.AnalyzeExpenseResponse;
import software.amazon.awssdk.services.textract.model.Block;
import software.amazon.awssdk.services.textract.model.BlockType;
import software.amazon.awssdk.services.textract.model.ExpenseCurrency;
import software.amazon.awssdk.services.textract.model.ExpenseDetection;
import software.amazon.awssdk.services.textract.model.ExpenseDocument;
import software.amazon.awssdk.services.textract.model.ExpenseField;
import software.amazon.awssdk.services.textract.model.ExpenseType;
import software.amazon.awssdk.services.textract.model.LineItemFields;
import software.amazon.awssdk.services.textract.model.LineItemGroup;

/** What Textract answers (fields as printed, confidences in percent) becomes the reading the API shows. */
class TextractReceiptReaderTest {

    private static ExpenseField field(String type, String text, float confidence) {
        return ExpenseField.builder().type(ExpenseType.builder().text(type).confidence(confidence).build())
                .valueDetection(ExpenseDetection.builder().text(text).confidence(confidence).build()).build();
    }

    @Test
    void givenAUsReceipt_whenMapped_thenValuesAreReadMonthFirstWithTheCurrencyTextractNamed() {
        ExpenseField total = field("TOTAL", "$1,017.25", 98.5f).toBuilder()
                .currency(ExpenseCurrency.builder().code("usd").confidence(90f).build()).build();
        AnalyzeExpenseResponse response = AnalyzeExpenseResponse.builder()
                .documentMetadata(m -> m.pages(1))
                .expenseDocuments(ExpenseDocument.builder()
                        .summaryFields(field("NAME", "Corner Deli", 70f), field("VENDOR_NAME", "Corner Deli Inc.", 95f),
                                field("INVOICE_RECEIPT_DATE", "03/04/2026", 88f), field("SUBTOTAL", "$990.00", 99f), total,
                                field("TAX", "$27.25", 97f))
                        .lineItemGroups(LineItemGroup.builder().lineItems(LineItemFields.builder()
                                .lineItemExpenseFields(field("ITEM", " Catering tray ", 90f), field("PRICE", "$990.00", 90f))
                                .build()).build())
                        .blocks(Block.builder().blockType(BlockType.LINE).text("Corner Deli Inc.").build(),
                                Block.builder().blockType(BlockType.WORD).text("Corner").build(),
                                Block.builder().blockType(BlockType.LINE).text("TOTAL $1,017.25").build())
                        .build())
                .build();

        ReceiptReader.Result result = TextractReceiptReader.map(response);

        ReceiptReading reading = result.reading();
        assertThat(reading.status()).isEqualTo(ReceiptReading.Status.READ);
        assertThat(reading.merchant()).isEqualTo("Corner Deli Inc.");
        assertThat(reading.date()).isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(reading.total()).isEqualByComparingTo(new BigDecimal("1017.25"));
        assertThat(reading.currency()).isEqualTo("USD");
        assertThat(reading.tax()).isEqualByComparingTo(new BigDecimal("27.25"));
        assertThat(reading.confidence()).containsEntry("total", 0.985).containsEntry("currency", 0.9);
        assertThat(reading.lineItems()).containsExactly(new ReceiptReading.LineItem("Catering tray", new BigDecimal("990.00")));
        assertThat(result.text()).isEqualTo("Corner Deli Inc.\nTOTAL $1,017.25");
    }

    @Test
    void givenAReceiptWithoutATotalOrADate_whenMapped_thenThoseFieldsAreNullAndHaveNoConfidence() {
        AnalyzeExpenseResponse response = AnalyzeExpenseResponse.builder()
                .expenseDocuments(ExpenseDocument.builder()
                        .summaryFields(field("VENDOR_NAME", "Hotel Lübeck", 80f), field("INVOICE_RECEIPT_DATE", "soon", 40f),
                                field("AMOUNT_DUE", "23,40 €", 75f))
                        .build())
                .build();

        ReceiptReading reading = TextractReceiptReader.map(response).reading();

        assertThat(reading.date()).isNull();
        assertThat(reading.confidence()).doesNotContainKey("date");
        assertThat(reading.total()).isEqualByComparingTo(new BigDecimal("23.40"));
        assertThat(reading.currency()).isEqualTo("EUR");
        assertThat(reading.pages()).isEqualTo(1);
    }
}
