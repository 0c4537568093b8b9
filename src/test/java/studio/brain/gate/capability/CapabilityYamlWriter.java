package studio.brain.gate.capability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/** Writes a registry as an integrator would keep it: block-style YAML, quoted only where YAML needs it. */
final class CapabilityYamlWriter {
    private static final Dump DUMP = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());

    private CapabilityYamlWriter() {
    }

    static String yaml(CapabilityRegistry registry) {
        return DUMP.dumpToString(plain(registry.toJson()));
    }

    static String yaml(String version, List<Capability> capabilities) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", version);
        document.put("capabilities", capabilities.stream().map(c -> plain(c.toJson())).toList());
        return DUMP.dumpToString(document);
    }

    /** Jackson tree to the maps, lists and scalars snakeyaml-engine writes. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(field -> map.put(field.getKey(), plain(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }
}
