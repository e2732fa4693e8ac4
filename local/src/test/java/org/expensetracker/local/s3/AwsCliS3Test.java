package org.expensetracker.local.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.expensetracker.local.testing.AwsCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The local S3 against an independent client: the AWS CLI with {@code --endpoint-url}. */
class AwsCliS3Test {

    @TempDir
    Path dataDir;
    @TempDir
    Path cliHome;

    @Test
    void givenObjectPutWithTheSdk_whenListedAndCopiedWithTheCli_thenBothSeeTheSameObjects() throws Exception {
        AwsCli aws = AwsCli.require(cliHome);
        try (LocalS3 s3 = LocalS3.start(LocalS3Options.of(dataDir).withBuckets(List.of("receipts")));
             S3Client client = S3Clients.client(s3.url())) {
            client.putObject(b -> b.bucket("receipts").key("taxi.jpg"), RequestBody.fromString("jpeg"));
            Path upload = Files.writeString(cliHome.resolve("hotel.pdf"), "%PDF-1.4");

            aws.run("s3", "cp", upload.toString(), "s3://receipts/hotel.pdf", "--endpoint-url", s3.url().toString());
            String listing = aws.run("s3", "ls", "s3://receipts", "--endpoint-url", s3.url().toString());

            assertThat(listing).contains("taxi.jpg").contains("hotel.pdf");
            assertThat(client.getObjectAsBytes(b -> b.bucket("receipts").key("hotel.pdf")).asUtf8String())
                    .isEqualTo("%PDF-1.4");
        }
    }
}
