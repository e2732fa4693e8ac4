package org.expensetracker.receiptindexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.expensetracker.core.OwnerId;
import org.expensetracker.core.config.QueueMessages;
import org.junit.jupiter.api.Test;

/** The indexer's messages to itself about reading jobs: what it writes it reads back, and when it asks again. */
class ReadingJobMessagesTest {

    @Test
    void givenAReadingJobMessage_whenParsed_thenItNamesTheJobTheOwnerTheDocumentAndTheAttempt() {
        UUID documentId = UUID.randomUUID();
        String body = QueueMessages.readingJob(new OwnerId("7d3c6a52-3f0e-4b8e-9a61-2f4c8e1b9a77"), documentId, "job\"1", 4);

        var check = ReceiptIndexerHandler.readingJob(body).orElseThrow();

        assertThat(check.owner().value()).isEqualTo("7d3c6a52-3f0e-4b8e-9a61-2f4c8e1b9a77");
        assertThat(check.documentId()).isEqualTo(documentId);
        assertThat(check.jobId()).isEqualTo("job\"1");
        assertThat(check.attempt()).isEqualTo(4);
    }

    @Test
    void givenOtherMessagesOfTheReceiptsQueue_whenParsed_thenTheyAreNoReadingJob() {
        assertThat(ReceiptIndexerHandler.readingJob(QueueMessages.reindex("uploads/a/b"))).isEmpty();
        assertThat(ReceiptIndexerHandler.readingJob("{\"Records\":[]}")).isEmpty();
        assertThatThrownBy(() -> ReceiptIndexerHandler.readingJob("{\"readingJob\":\"j\",\"documentId\":\"nope\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenSuccessiveChecks_whenDelayed_thenTheWaitDoublesUpToSqsLongestDelay() {
        assertThat(ReceiptIndexer.ReadingJobs.delaySeconds(1)).isEqualTo(3);
        assertThat(ReceiptIndexer.ReadingJobs.delaySeconds(2)).isEqualTo(6);
        assertThat(ReceiptIndexer.ReadingJobs.delaySeconds(9)).isEqualTo(768);
        assertThat(ReceiptIndexer.ReadingJobs.delaySeconds(10)).isEqualTo(900);
        assertThat(ReceiptIndexer.ReadingJobs.delaySeconds(ReceiptIndexer.MAX_JOB_CHECKS)).isEqualTo(900);
        int total = 0;
        for (int attempt = 1; attempt <= ReceiptIndexer.MAX_JOB_CHECKS; attempt++) {
            total += ReceiptIndexer.ReadingJobs.delaySeconds(attempt);
        }
        assertThat(total).as("a job is given up after about 100 minutes").isBetween(90 * 60, 110 * 60);
    }
}
