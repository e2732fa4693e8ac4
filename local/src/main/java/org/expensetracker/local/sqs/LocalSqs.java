package org.expensetracker.local.sqs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS on 127.0.0.1: an embedded ElasticMQ speaking the SQS JSON protocol (AWS SDK v2, AWS CLI v1 ≥ 1.31)
 * and the query protocol (older CLIs), with queue URLs {@code http://127.0.0.1:<port>/000000000000/<name>}
 * and ARNs {@code arn:aws:sqs:us-east-1:000000000000:<name>}, so URLs handed out by the server work as they
 * are. Queues (and their dead-letter queues, with a RedrivePolicy as SQS has it) are created at start.
 *
 * <p>Messages live in memory only: what is still queued when the process stops is gone, as if the
 * retention period had passed; while it runs, ElasticMQ keeps them until they are consumed (it does not
 * implement MessageRetentionPeriod). Signatures are not checked.
 */
public final class LocalSqs implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    private static final System.Logger LOG = System.getLogger(LocalSqs.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem actors;
    private final SQSRestServer server;
    private final int port;
    private final Map<String, QueueDefinition> queues;

    private LocalSqs(ActorSystem actors, SQSRestServer server, int port, Map<String, QueueDefinition> queues) {
        this.actors = actors;
        this.server = server;
        this.port = port;
        this.queues = queues;
    }

    /** Starts on a free port. */
    public static LocalSqs start(List<QueueDefinition> queues) {
        return start(0, queues);
    }

    /**
     * Starts on {@code port} (0 = a free one) and creates {@code queues}: every dead-letter queue before the
     * queues that name it. A dead-letter queue named but not defined is created with {@link
     * QueueDefinition#deadLetterQueue(String)}.
     */
    public static LocalSqs start(int port, List<QueueDefinition> queues) {
        Map<String, QueueDefinition> byName = withImplicitDeadLetterQueues(queues);
        ActorSystem actors = ActorSystem.create("elasticmq", actorConfig());
        SQSRestServer server = null;
        try {
            // withInterface + the generated server address: queue URLs name 127.0.0.1 and the bound port.
            server = SQSRestServerBuilder.withActorSystem(actors)
                    .withInterface("127.0.0.1")
                    .withPort(port)
                    .withAWSRegion(REGION)
                    .withAWSAccountId(ACCOUNT_ID)
                    .start();
            Http.ServerBinding binding = FutureConverters.asJava(server.startFuture()).toCompletableFuture()
                    .get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            LocalSqs sqs = new LocalSqs(actors, server, binding.localAddress().getPort(), byName);
            sqs.createQueues();
            LOG.log(Level.INFO, "SQS on {0} with queues {1}", sqs.url(), byName.keySet());
            return sqs;
        } catch (Exception e) {
            stop(actors, server);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("could not start the local SQS on port " + port, e);
        }
    }

    /**
     * ElasticMQ's own application.conf sends Pekko's DEBUG logging to SLF4J; a stand-in has nothing to say
     * below WARNING. The JVM shutdown hook is off because {@link #close()} is what stops the actor system
     * (the local stack's hook calls it), and daemon threads keep a forgotten instance from holding the JVM.
     */
    private static Config actorConfig() {
        return ConfigFactory.parseMap(Map.of(
                        "pekko.loglevel", "WARNING",
                        "pekko.stdout-loglevel", "WARNING",
                        "pekko.log-dead-letters", "off",
                        "pekko.log-dead-letters-during-shutdown", "off",
                        "pekko.daemonic", "on",
                        "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off",
                        "pekko.coordinated-shutdown.terminate-actor-system", "on"))
                .withFallback(ConfigFactory.load(LocalSqs.class.getClassLoader()));
    }

    private static Map<String, QueueDefinition> withImplicitDeadLetterQueues(List<QueueDefinition> queues) {
        Map<String, QueueDefinition> byName = new LinkedHashMap<>();
        for (QueueDefinition queue : queues) {
            if (byName.put(queue.name(), queue) != null) {
                throw new IllegalArgumentException("queue defined twice: " + queue.name());
            }
        }
        for (QueueDefinition queue : queues) {
            if (queue.hasDeadLetterQueue()) {
                byName.putIfAbsent(queue.deadLetterQueueName(), QueueDefinition.deadLetterQueue(queue.deadLetterQueueName()));
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    private void createQueues() throws InterruptedException {
        try (SqsClient client = adminClient()) {
            Set<String> created = new HashSet<>();
            for (QueueDefinition queue : queues.values()) {
                create(client, queue, created, new HashSet<>());
            }
            awaitAdvertisedAddress(client);
        }
    }

    /** Depth first, so a dead-letter queue exists before the RedrivePolicy that names it. */
    private void create(SqsClient client, QueueDefinition queue, Set<String> created, Set<String> visiting) {
        if (created.contains(queue.name())) {
            return;
        }
        if (!visiting.add(queue.name())) {
            throw new IllegalArgumentException("dead-letter queues form a cycle through " + queue.name());
        }
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(queue.visibilityTimeout().toSeconds()));
        // No MessageRetentionPeriod: ElasticMQ ignores it (with a warning), see QueueDefinition.
        if (queue.hasDeadLetterQueue()) {
            create(client, queues.get(queue.deadLetterQueueName()), created, visiting);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrivePolicy(queue));
        }
        client.createQueue(b -> b.queueName(queue.name()).attributes(attributes));
        created.add(queue.name());
    }

    /** The RedrivePolicy attribute exactly as SQS (and CloudFormation) writes it: maxReceiveCount as a string. */
    private String redrivePolicy(QueueDefinition queue) {
        return "{\"deadLetterTargetArn\":\"" + queueArn(queue.deadLetterQueueName())
                + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}";
    }

    /**
     * ElasticMQ learns the bound port in a callback that may run just after the binding future completes;
     * until it has, URLs it hands out carry port 0. Wait for it, so nobody ever sees such a URL.
     */
    private void awaitAdvertisedAddress(SqsClient client) throws InterruptedException {
        if (queues.isEmpty()) {
            return;
        }
        String name = queues.keySet().iterator().next();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!client.getQueueUrl(b -> b.queueName(name)).queueUrl().equals(queueUrl(name))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ElasticMQ does not advertise " + queueUrl(name));
            }
            Thread.sleep(5);
        }
    }

    /** A client for this server, e.g. for tests and for the stack's own plumbing. Close it after use. */
    public SqsClient client() {
        return adminClient();
    }

    private SqsClient adminClient() {
        return SqsClient.builder()
                .endpointOverride(url())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** http://127.0.0.1:port, for {@code aws.endpointUrlSqs} or {@code --endpoint-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The queue URL SQS clients use, e.g. in a Lambda's environment. */
    public String queueUrl(String name) {
        requireQueue(name);
        return url() + "/" + ACCOUNT_ID + "/" + name;
    }

    public String queueArn(String name) {
        requireQueue(name);
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT_ID + ":" + name;
    }

    /** The queues created at start, dead-letter queues included. */
    public List<QueueDefinition> queues() {
        return new ArrayList<>(queues.values());
    }

    private void requireQueue(String name) {
        Objects.requireNonNull(name, "name");
        if (!queues.containsKey(name)) {
            throw new IllegalArgumentException("no local queue named " + name + "; have " + queues.keySet());
        }
    }

    @Override
    public void close() {
        stop(actors, server);
    }

    /**
     * Unbinds at once (a client in a 20 s long poll would otherwise hold a graceful stop that long), then
     * stops the actor system.
     */
    private static void stop(ActorSystem actors, SQSRestServer server) {
        try {
            if (server != null && server.startFuture().isCompleted() && server.startFuture().value().get().isSuccess()) {
                Http.ServerBinding binding = server.startFuture().value().get().get();
                FutureConverters.asJava(binding.terminate(FiniteDuration.create(500, TimeUnit.MILLISECONDS)))
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "while unbinding the local SQS: " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            actors.terminate();
            try {
                FutureConverters.asJava(actors.whenTerminated()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "while stopping the local SQS: " + e);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
