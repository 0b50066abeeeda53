package org.mlpengine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Versions of the engine, the JDK and the libraries on the class path, for run reports and model headers. */
final class Versions {
    private Versions() {
    }

    static String engine() {
        String v = Main.class.getPackage().getImplementationVersion();
        return "mlp-engine " + (v == null ? "(development build)" : v);
    }

    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mlpEngine", engine());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("picocli", picocli.CommandLine.VERSION); // its jar has no pom.properties
        m.put("gson", library("com.google.code.gson", "gson"));
        m.put("xchart", library("org.knowm.xchart", "xchart"));
        m.put("jocl", library("org.jocl", "jocl"));
        m.put("jcuda", library("org.jcuda", "jcuda"));
        return m;
    }

    /** The version in the library's Maven pom.properties (kept in the shaded jar), or "unknown". */
    private static String library(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(path)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
