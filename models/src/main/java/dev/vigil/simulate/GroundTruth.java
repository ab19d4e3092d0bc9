package dev.vigil.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes {@code ground_truth.json}: the simulation's parameters and every injected scenario. */
public final class GroundTruth {
    private GroundTruth() {}

    public static void write(Path file, SimulatorConfig config, List<Scenario> scenarios) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("hosts", config.hosts());
        root.put("start", config.start().toString());
        root.put("duration", config.duration().toString());
        root.put("step", config.step().toString());
        root.put("seed", config.seed());
        ArrayNode list = root.putArray("scenarios");
        for (Scenario s : scenarios) {
            ObjectNode n = list.addObject();
            n.put("kind", s.kind());
            n.put("host", s.host());
            n.put("source_ip", s.sourceIp());
            n.put("user", s.user());
            n.put("start", Instant.ofEpochMilli(s.start()).toString());
            n.put("end", Instant.ofEpochMilli(s.end()).toString());
        }
        Files.writeString(file, mapper.writeValueAsString(root) + "\n");
    }
}
