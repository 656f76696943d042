package io.hashstream.deploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.hashstream.deploy.RepositoryFiles;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The validator catches what a real API server (with strict field validation) would reject. */
class ManifestValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ManifestValidator validator;
    private static RenderedManifests base;

    @BeforeAll
    static void load() {
        validator = new ManifestValidator(CrdSchemaCatalog.load(RepositoryFiles.k8sSchemas()));
        base = RenderedManifests.of("k8s/base");
    }

    private static ObjectNode mutated(ObjectNode original, Consumer<ObjectNode> change) {
        ObjectNode copy = original.deepCopy();
        change.accept(copy);
        return copy;
    }

    @Test
    void the_unchanged_objects_pass() {
        assertThat(validator.problems(base.flinkDeployment())).isEmpty();
        assertThat(validator.problems(base.one("Kafka"))).isEmpty();
    }

    @Test
    void a_misspelt_custom_resource_field_is_caught() {
        ObjectNode fd = mutated(base.flinkDeployment(), o -> o.withObject("/spec/jobManager").put("replica", 1));
        assertThat(validator.problems(fd)).singleElement().asString().contains("replica");
    }

    @Test
    void a_value_outside_the_enum_is_caught() {
        ObjectNode fd = mutated(base.flinkDeployment(), o -> o.withObject("/spec/job").put("upgradeMode", "savepoints"));
        assertThat(validator.problems(fd)).singleElement().asString().contains("upgradeMode");
    }

    @Test
    void a_misspelt_field_inside_a_pod_template_is_caught() {
        ObjectNode fd = mutated(base.flinkDeployment(), o -> ((ObjectNode) o.at("/spec/podTemplate/spec/containers/0"))
                .set("volumeMount", o.at("/spec/podTemplate/spec/containers/0/volumeMounts")));
        assertThat(validator.problems(fd)).isNotEmpty().allSatisfy(p -> assertThat(p).contains("volumeMount"));
    }

    @Test
    void int_or_string_quantities_accept_both_and_nothing_else() {
        ObjectNode pool = base.one("KafkaNodePool");
        assertThat(validator.problems(mutated(pool, o -> o.withObject("/spec/resources/requests").put("cpu", 2)))).isEmpty();
        assertThat(validator.problems(mutated(pool, o -> o.withObject("/spec/resources/requests").put("cpu", "500m")))).isEmpty();
        assertThat(validator.problems(mutated(pool, o -> o.withObject("/spec/resources/requests").put("cpu", true))))
                .isNotEmpty();
    }

    @Test
    void preserve_unknown_fields_allow_free_form_maps() {
        ObjectNode kafka = mutated(base.one("Kafka"), o -> o.withObject("/spec/kafka/config").put("log.retention.hours", 1));
        assertThat(validator.problems(kafka)).isEmpty();
    }

    @Test
    void a_missing_required_field_is_caught() {
        ObjectNode pool = mutated(base.one("KafkaNodePool"), o -> o.withObject("/spec").remove("roles"));
        assertThat(validator.problems(pool)).singleElement().asString().contains("roles");
    }

    @Test
    void a_misspelt_core_field_is_caught_by_typed_parsing() {
        ObjectNode pvc = mutated(base.named("PersistentVolumeClaim", "flink-state"),
                o -> o.withObject("/spec").set("acessModes", o.at("/spec/accessModes")));
        assertThat(validator.problems(pvc)).singleElement().asString().contains("acessModes");
        ObjectNode meta = mutated(base.one("Service"), o -> o.withObject("/metadata").put("label", "x"));
        assertThat(validator.problems(meta)).singleElement().asString().contains("label");
    }

    @Test
    void an_unknown_kind_is_a_problem_not_a_pass() throws Exception {
        JsonNode podMonitor = JSON.readTree("{\"apiVersion\":\"monitoring.coreos.com/v1\",\"kind\":\"PodMonitor\","
                + "\"metadata\":{\"name\":\"x\"},\"spec\":{}}");
        assertThat(validator.problems(podMonitor)).singleElement().asString().contains("no schema");
    }

    @Test
    void nullable_allows_null_and_the_type() throws Exception {
        JsonNode openApi = JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"nullable\":true}}}");
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(OpenApiSchemas.toJsonSchema(openApi));
        assertThat(schema.validate(JSON.readTree("{\"a\":null}"))).isEmpty();
        assertThat(schema.validate(JSON.readTree("{\"a\":\"x\"}"))).isEmpty();
        assertThat(schema.validate(JSON.readTree("{\"a\":1}"))).isNotEmpty();
        assertThat(schema.validate(JSON.readTree("{\"b\":\"x\"}"))).isNotEmpty();
    }
}
