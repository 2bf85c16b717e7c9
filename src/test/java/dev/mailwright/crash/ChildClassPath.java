package dev.mailwright.crash;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The class path and JVM options of the child servers, prepared once per test JVM: the application's classes
 * packed into a jar (a JDK AOT cache archives classes from jars only, not from directories), the test classes left
 * out, and a JDK 25 AOT cache (JEP 483/515) trained by one start that exits after the context refresh. With the
 * cache a start costs about half the CPU (measured on the loaded 2-core build machine: 4 s instead of 9 s of CPU,
 * 6–8 s instead of 22–26 s wall clock). A JVM that cannot use the cache says so and starts normally; if training
 * fails the children start without it.
 */
final class ChildClassPath {
    static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m");

    private static ChildClassPath prepared;

    final String classPath;
    final List<String> jvmOptions;

    private ChildClassPath(String classPath, List<String> jvmOptions) {
        this.classPath = classPath;
        this.jvmOptions = jvmOptions;
    }

    static synchronized ChildClassPath get() throws Exception {
        if (prepared == null) {
            prepared = prepare();
        }
        return prepared;
    }

    private static ChildClassPath prepare() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        Path work = Files.createTempDirectory(target, "crash-child-");   // a second test JVM must not overwrite ours
        List<String> entries = new ArrayList<>();
        for (String entry : testClassPath()) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                if (path.getFileName().toString().equals("test-classes")) {
                    continue;
                }
                Path jar = work.resolve(path.getFileName() + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else {
                entries.add(entry);
            }
        }
        String classPath = String.join(File.pathSeparator, entries);
        Path cache = work.resolve("mailwright.aot");
        Files.deleteIfExists(cache);
        Path trainingData = Files.createTempDirectory("mailwright-crash-aot-");
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(FAST_START);
        command.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh", "-cp", classPath,
                "dev.mailwright.MailwrightApplication", "--mailwright.data-dir=" + trainingData,
                "--mailwright.smtp.port=0", "--mailwright.submission.port=0", "--mailwright.submissions.port=0",
                "--mailwright.imap.port=0", "--mailwright.imaps.port=0", "--mailwright.pop3.port=0", "--mailwright.pop3s.port=0", "--server.port=0",
                "--mailwright.delivery.workers=0", "--spring.main.banner-mode=off"));
        Process training = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("aot-training.log").toFile()).start();
        boolean done = training.waitFor(600, TimeUnit.SECONDS);
        if (!done) {
            training.destroyForcibly();
        }
        List<String> options = new ArrayList<>(FAST_START);
        if (done && training.exitValue() == 0 && Files.exists(cache)) {
            options.add("-XX:AOTCache=" + cache);
        } else {
            System.out.println("crash tests: no AOT cache (training failed, see " + work.resolve("aot-training.log") + ")");
        }
        return new ChildClassPath(classPath, List.copyOf(options));
    }

    /** Surefire may hand the forked JVM a manifest-only jar; the real entries are in its property or manifest. */
    private static List<String> testClassPath() throws IOException {
        String surefire = System.getProperty("surefire.test.class.path");
        String raw = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>(List.of(raw.split(File.pathSeparator)));
        if (entries.size() == 1 && entries.getFirst().endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries.getFirst())) {
                String manifestPath = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestPath != null && !manifestPath.isBlank()) {
                    entries.clear();
                    Path base = Path.of(jar.getName()).getParent();
                    for (String url : manifestPath.trim().split("\\s+")) {
                        URI uri = URI.create(url);
                        entries.add((uri.isAbsolute() ? Path.of(uri) : base.resolve(uri.getPath())).toString());
                    }
                }
            }
        }
        return entries;
    }

    private static void pack(Path directory, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(directory)) {
            // directory entries too: Spring's component scan asks the class loader for the package directories
            for (Path path : (Iterable<Path>) files.filter(p -> !p.equals(directory)).sorted()::iterator) {
                String name = directory.relativize(path).toString().replace(File.separatorChar, '/');
                boolean isDirectory = Files.isDirectory(path);
                out.putNextEntry(new JarEntry(isDirectory ? name + "/" : name));
                if (!isDirectory) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
