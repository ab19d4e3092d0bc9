package dev.vigil.jobs;

import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassReader;
import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassVisitor;
import org.apache.flink.shaded.asm9.org.objectweb.asm.Opcodes;
import org.apache.flink.shaded.asm9.org.objectweb.asm.commons.ClassRemapper;
import org.apache.flink.shaded.asm9.org.objectweb.asm.commons.Remapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar submitted to a cluster (built in the package phase, before this runs) holds what runs there and
 * nothing of the command line, benchmarks, evaluation or simulation; and no Vigil class in it refers to a
 * Vigil class left out, so nothing fails with NoClassDefFoundError on a TaskManager.
 */
class ClusterJarITCase {
    private static Path clusterJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "vigil-jobs-*-flink.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new IllegalStateException("no cluster jar under target/: run the package phase first");
    }

    @Test
    void holdsTheJobAndLeavesOutToolsAndEvaluation() throws IOException {
        Set<String> classes = new TreeSet<>();
        try (JarFile jar = new JarFile(clusterJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class")) {
                    classes.add(name.substring(0, name.length() - ".class".length()));
                }
            }
        }
        assertThat(classes).contains("dev/vigil/jobs/VigilJob", "dev/vigil/anomaly/EnsembleDetector", "dev/vigil/decode/Decoders");
        assertThat(classes).noneMatch(c -> c.startsWith("dev/vigil/jobs/cli/") || c.startsWith("dev/vigil/jobs/bench/")
                || c.startsWith("dev/vigil/jobs/kafka/") || c.startsWith("dev/vigil/eval/") || c.startsWith("dev/vigil/simulate/")
                || c.startsWith("picocli/"));
    }

    @Test
    void everyVigilClassItReferencesIsInside() throws IOException {
        Set<String> present = new TreeSet<>();
        TreeMap<String, Set<String>> missing = new TreeMap<>();
        try (JarFile jar = new JarFile(clusterJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("dev/vigil/") && name.endsWith(".class")) {
                    present.add(name.substring(0, name.length() - ".class".length()));
                }
            }
            for (String owner : present) {
                Set<String> referenced = new TreeSet<>();
                try (InputStream in = jar.getInputStream(jar.getEntry(owner + ".class"))) {
                    ClassVisitor collect = new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {}, new Remapper() {
                        @Override
                        public String map(String internalName) {
                            if (internalName.startsWith("dev/vigil/")) {
                                referenced.add(internalName);
                            }
                            return internalName;
                        }
                    });
                    new ClassReader(in).accept(collect, 0);
                }
                referenced.removeAll(present);
                if (!referenced.isEmpty()) {
                    missing.put(owner, referenced);
                }
            }
        }
        assertThat(missing).as("Vigil classes referenced from the cluster jar but left out of it").isEmpty();
    }
}
