package org.expensetracker.bench.coldstart;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The child side of {@code ColdStartBench}: a stand-in for the Lambda Java runtime in a fresh JVM whose
 * class path is only this class's directory and one function's unzipped deployable (root + {@code lib/*}).
 * It depends on nothing but the JDK — everything of the function is reached by reflection — so it
 * brings none of the project's classes. Run as
 * {@code java -cp <runner dir>:<root>:<root>/lib/* ColdStartRunner <handler> <event file> <spawn nanos>
 * <function name> <memory MB> <timeout ms> <decoder class path> <sample file>}.
 *
 * <p>Like the Lambda runtime it constructs the handler with its no-argument constructor (init), then
 * deserialises the event into the handler's input type (decode) and calls {@code handleRequest} with a
 * {@code Context} (first invoke). The event is decoded with the Jackson jars of the zip loaded in a class
 * loader of their own, as the Lambda runtime uses its own copy of Jackson: decoding neither warms up nor
 * counts as the function's own Jackson. Times are {@link System#nanoTime()} values, which on Linux are
 * CLOCK_MONOTONIC and so comparable with the parent's spawn time. Prints one line,
 * {@code COLDSTART {json}}, after the response; with a sample file, a sampler thread records where the
 * main thread is every millisecond (diagnostic runs only: sampling slows the JVM down).
 */
public final class ColdStartRunner {
    private static volatile String phase = "boot";

    private ColdStartRunner() {
    }

    public static void main(String[] args) throws Throwable {
        long main = System.nanoTime();
        String handlerName = args[0];
        Path eventFile = Path.of(args[1]);
        long spawned = Long.parseLong(args[2]);
        String functionName = args[3];
        int memoryMb = Integer.parseInt(args[4]);
        long timeoutMillis = Long.parseLong(args[5]);
        String decoderClassPath = args[6];
        String sampleFile = args.length > 7 ? args[7] : "";

        Map<String, int[]> samples = new HashMap<>();
        Thread sampler = sampleFile.isEmpty() ? null : startSampler(Thread.currentThread(), samples);

        ClassLoader app = ColdStartRunner.class.getClassLoader();
        phase = "init";
        Class<?> handlerClass = Class.forName(handlerName, true, app);
        Object handler = handlerClass.getConstructor().newInstance();
        long constructed = System.nanoTime();
        long primed = constructed;
        if (Boolean.getBoolean("coldstart.prime")) {
            phase = "prime";
            primed = beforeCheckpoint(handler, app);
        }

        phase = "decode";
        Method handleRequest = handleRequest(handlerClass);
        String json = Files.readString(eventFile, StandardCharsets.UTF_8);
        Object event = decode(json, handleRequest.getParameterTypes()[0], decoderClassPath);
        Object context = context(app, functionName, memoryMb, timeoutMillis);
        long decoded = System.nanoTime();

        phase = "invoke";
        Object response;
        try {
            response = handleRequest.invoke(handler, event, context);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        long responded = System.nanoTime();
        long cpuMillis = processCpuMillis();
        phase = "done";
        if (sampler != null) {
            sampler.interrupt();
            sampler.join();
            writeSamples(Path.of(sampleFile), samples);
        }

        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println("COLDSTART {\"spawned\":" + spawned + ",\"main\":" + main + ",\"constructed\":" + constructed
                + ",\"primed\":" + primed
                + ",\"decoded\":" + decoded + ",\"responded\":" + responded + ",\"cpuMillis\":" + cpuMillis
                + ",\"classes\":" + classes
                + ",\"response\":\"" + escape(describe(response)) + "\"}");
        System.out.flush();
        // The SDK's and logging's threads must not keep the process (or the measurement) alive.
        Runtime.getRuntime().halt(0);
    }

    /**
     * What SnapStart does before it takes the snapshot: the runtime calls {@code beforeCheckpoint} of
     * every registered {@code org.crac.Resource}. The functions register their handler, so the runner
     * calls the handler's hook itself (this JVM cannot take a snapshot). Returns when priming ended.
     */
    private static long beforeCheckpoint(Object handler, ClassLoader app) throws Throwable {
        Class<?> resource;
        try {
            resource = Class.forName("org.crac.Resource", false, app);
        } catch (ClassNotFoundException e) {
            return System.nanoTime();
        }
        if (resource.isInstance(handler)) {
            Class<?> context = Class.forName("org.crac.Context", false, app);
            try {
                resource.getMethod("beforeCheckpoint", context).invoke(handler, new Object[] {null});
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
        return System.nanoTime();
    }

    /**
     * CPU time of the whole process so far (all threads: JIT compiler, GC, the SDK's), from
     * /proc/self/stat in clock ticks of 10 ms; -1 where there is no /proc. Unlike wall time, it barely
     * moves when other processes compete for the cores.
     */
    private static long processCpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The non-bridge handleRequest(input, context): its first parameter is the type the runtime decodes into. */
    private static Method handleRequest(Class<?> handlerClass) {
        Method found = null;
        for (Method method : handlerClass.getMethods()) {
            if (method.getName().equals("handleRequest") && method.getParameterCount() == 2 && !method.isBridge()) {
                found = method;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(handlerClass + " has no handleRequest(input, context)");
        }
        return found;
    }

    /** The event, decoded with an isolated copy of Jackson into the handler's input type; without decoder jars, the raw text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object decode(String json, Class<?> type, String decoderClassPath) throws Exception {
        if (decoderClassPath.isEmpty()) {
            return json;
        }
        List<URL> urls = new ArrayList<>();
        for (String jar : decoderClassPath.split(File.pathSeparator)) {
            urls.add(Path.of(jar).toUri().toURL());
        }
        URLClassLoader jackson = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Class<?> objectMapper = jackson.loadClass("com.fasterxml.jackson.databind.ObjectMapper");
        Class deserialization = jackson.loadClass("com.fasterxml.jackson.databind.DeserializationFeature");
        Class mapperFeature = jackson.loadClass("com.fasterxml.jackson.databind.MapperFeature");
        Object mapper = objectMapper.getConstructor().newInstance();
        // The Lambda events' JSON names differ from their bean names by case (Records, eventSourceARN).
        objectMapper.getMethod("configure", mapperFeature, boolean.class)
                .invoke(mapper, Enum.valueOf(mapperFeature, "ACCEPT_CASE_INSENSITIVE_PROPERTIES"), true);
        objectMapper.getMethod("configure", deserialization, boolean.class)
                .invoke(mapper, Enum.valueOf(deserialization, "FAIL_ON_UNKNOWN_PROPERTIES"), false);
        return objectMapper.getMethod("readValue", String.class, Class.class).invoke(mapper, json, type);
    }

    /** A Lambda Context (the function's own aws-lambda-java-core interface), or null where there is none. */
    private static Object context(ClassLoader app, String functionName, int memoryMb, long timeoutMillis) {
        Class<?> contextType;
        Class<?> loggerType;
        try {
            contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, app);
            loggerType = Class.forName("com.amazonaws.services.lambda.runtime.LambdaLogger", false, app);
        } catch (ClassNotFoundException e) {
            return null;
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String requestId = UUID.randomUUID().toString();
        Object logger = Proxy.newProxyInstance(app, new Class<?>[] {loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length > 0) {
                Object message = args[0];
                System.out.println(message instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : message);
                return null;
            }
            return objectMethod(proxy, method, args, "LambdaLogger");
        });
        return Proxy.newProxyInstance(app, new Class<?>[] {contextType}, (proxy, method, args) -> switch (method.getName()) {
            case "getAwsRequestId" -> requestId;
            case "getLogGroupName" -> "/aws/lambda/" + functionName;
            case "getLogStreamName" -> "cold-start-bench";
            case "getFunctionName" -> functionName;
            case "getFunctionVersion" -> "$LATEST";
            case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
            case "getRemainingTimeInMillis" -> (int) Math.max(0, deadline - System.currentTimeMillis());
            case "getMemoryLimitInMB" -> memoryMb;
            case "getLogger" -> logger;
            default -> objectMethod(proxy, method, args, "Context");
        });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
        switch (method.getName()) {
            case "toString":
                return name;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            default:
                Class<?> type = method.getReturnType();
                if (type == int.class) {
                    return 0;
                }
                if (type == long.class) {
                    return 0L;
                }
                if (type == boolean.class) {
                    return false;
                }
                return null;
        }
    }

    /** The response in a few words: the status code of an HTTP response, else its text, shortened. */
    private static String describe(Object response) {
        if (response == null) {
            return "null";
        }
        try {
            Method status = response.getClass().getMethod("getStatusCode");
            return "HTTP " + status.invoke(response);
        } catch (ReflectiveOperationException e) {
            String text = String.valueOf(response);
            return text.length() > 160 ? text.substring(0, 160) + "…" : text;
        }
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Every millisecond, where the main thread is: its phase, the innermost application frame (the
     * call site in org.expensetracker code) with the first library method it entered, what the thread
     * is doing at the top of the stack (loading a class, running a static initialiser, running code),
     * and the library responsible for it.
     */
    private static Thread startSampler(Thread target, Map<String, int[]> samples) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                String now = phase;
                StackTraceElement[] stack = target.getStackTrace();
                if (stack.length > 0 && !"done".equals(now)) {
                    int owner = responsibleFrame(stack);
                    String key = now + "\t" + site(stack) + "\t" + activity(stack, owner) + "\t"
                            + library(stack[owner].getClassName());
                    samples.computeIfAbsent(key, k -> new int[1])[0]++;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cold-start-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** "app frame → first library frame it called", e.g. DataApiClients.client → RdsDataClientBuilder.build. */
    private static String site(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            String owner = stack[i].getClassName();
            if (owner.startsWith("org.expensetracker.") && !owner.startsWith("org.expensetracker.bench.")) {
                String entered = "";
                for (int j = i - 1; j >= 0; j--) {
                    String callee = stack[j].getClassName();
                    if (!callee.startsWith("java.lang.invoke.") && !callee.startsWith("jdk.internal.reflect.")
                            && !callee.contains("$$Lambda")) {
                        entered = " → " + shortName(callee) + "." + stack[j].getMethodName();
                        break;
                    }
                }
                return shortName(owner) + "." + stack[i].getMethodName() + entered;
            }
        }
        return "(runtime stand-in: " + stack[stack.length - 1].getMethodName() + ")";
    }

    /**
     * The library responsible for what the thread is doing: the innermost frame that is neither JDK nor
     * generated code (a lambda, proxy or method handle).
     */
    private static int responsibleFrame(StackTraceElement[] stack) {
        int owner = 0;
        while (owner < stack.length - 1 && jdkOrGenerated(stack[owner].getClassName())) {
            owner++;
        }
        return owner;
    }

    /**
     * What the thread is doing above the responsible frame: loading a class (class-loader frames),
     * running a static initialiser ({@code <clinit>}, named by the library of its class), or running code
     * (named by the library of the top frame, e.g. "JDK TLS/crypto").
     */
    private static String activity(StackTraceElement[] stack, int owner) {
        for (int i = 0; i < owner; i++) {
            String name = stack[i].getClassName();
            if ((name.equals("java.lang.ClassLoader") && stack[i].getMethodName().startsWith("loadClass"))
                    || name.startsWith("jdk.internal.loader.") || name.equals("java.net.URLClassLoader")
                    || name.equals("java.security.SecureClassLoader")) {
                return "loading classes";
            }
        }
        for (int i = 0; i <= owner; i++) {
            if (stack[i].getMethodName().equals("<clinit>")) {
                return "static init of " + library(stack[i].getClassName());
            }
        }
        return "running " + library(stack[0].getClassName());
    }

    private static boolean jdkOrGenerated(String className) {
        String library = library(className);
        return library.startsWith("JDK") || library.startsWith("generated");
    }

    /** The library a class belongs to, by package (shared with the parent's class-load report). */
    public static String library(String className) {
        if (className.startsWith("software.amazon.awssdk.thirdparty.jackson")) {
            return "AWS SDK (its shaded Jackson)";
        }
        if (className.startsWith("software.amazon.awssdk")) {
            return "AWS SDK";
        }
        if (className.startsWith("software.amazon.lambda.powertools")) {
            return "Powertools";
        }
        if (className.startsWith("com.fasterxml.jackson")) {
            return "Jackson";
        }
        if (className.startsWith("org.apache.logging")) {
            return "Log4j";
        }
        if (className.startsWith("org.slf4j")) {
            return "SLF4J";
        }
        if (className.startsWith("com.amazonaws.services.lambda")) {
            return "Lambda core/events";
        }
        if (className.startsWith("org.apache.pdfbox") || className.startsWith("org.apache.fontbox")) {
            return "PDFBox";
        }
        if (className.startsWith("com.drew")) {
            return "metadata-extractor";
        }
        if (className.startsWith("org.joda")) {
            return "Joda-Time";
        }
        if (className.startsWith("org.expensetracker")) {
            return "application";
        }
        if (className.contains("$$Lambda") || className.startsWith("jdk.proxy") || className.startsWith("com.sun.proxy")
                || className.contains("LambdaForm$") || className.startsWith("java.lang.invoke.BoundMethodHandle$Species")) {
            return "generated (lambdas, proxies, method handles)";
        }
        if (className.startsWith("com.sun.org.apache.") || className.startsWith("javax.xml.")
                || className.startsWith("jdk.xml.") || className.startsWith("org.w3c.") || className.startsWith("org.xml.")) {
            return "JDK XML";
        }
        if (className.startsWith("sun.security.") || className.startsWith("javax.net.ssl.") || className.startsWith("java.security.")
                || className.startsWith("javax.crypto.") || className.startsWith("com.sun.crypto.")
                || className.startsWith("javax.security.")) {
            return "JDK TLS/crypto";
        }
        if (className.startsWith("java.lang.invoke.") || className.startsWith("java.lang.reflect.")
                || className.startsWith("jdk.internal.reflect.") || className.startsWith("sun.reflect.")) {
            return "JDK reflection";
        }
        if (className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.")) {
            return "JDK other";
        }
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot);
    }

    private static String shortName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static void writeSamples(Path file, Map<String, int[]> samples) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            samples.forEach((key, count) -> out.println(count[0] + "\t" + key));
        }
    }
}
