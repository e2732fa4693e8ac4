package org.expensetracker.infra;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.expensetracker.core.config.Queues;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.s3.IBucket;
import software.constructs.Construct;

/**
 * The lifecycle of what users store and what is waiting to be processed: the receipts bucket
 * (receipts and exports) and one queue with its dead-letter queue per {@link Queues} entry.
 */
public class StorageStack extends Stack {
    private final ReceiptsBucket receipts;
    private final Map<Queues, WorkQueue> queues = new EnumMap<>(Queues.class);

    public StorageStack(Construct scope, EnvironmentSettings settings, StackProps props) {
        super(scope, settings.stackName("Storage"), props);
        receipts = new ReceiptsBucket(this, "Receipts", settings);
        for (Queues spec : Queues.values()) {
            queues.put(spec, new WorkQueue(this, spec, settings));
        }
        receipts.notifyOnNewUploads(queue(Queues.RECEIPTS).queue());
        receipts.onlyWriterOfAcceptedReceipts(settings.receiptIndexerRoleName());
        FrameworkResources.suppress(this);
        CfnOutput.Builder.create(this, "ReceiptsBucket").description("Receipts and exports")
                .value(receipts.bucket().getBucketName()).build();
    }

    public IBucket receiptsBucket() {
        return receipts.bucket();
    }

    WorkQueue queue(Queues spec) {
        return queues.get(spec);
    }

    Collection<WorkQueue> queues() {
        return Collections.unmodifiableCollection(queues.values());
    }
}
