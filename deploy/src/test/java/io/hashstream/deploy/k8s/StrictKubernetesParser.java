package io.hashstream.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed parsing of core Kubernetes kinds with the fabric8 model, rejecting unknown fields. The fabric8
 * classes collect unknown fields in an "additionalProperties" map through a Jackson any-setter; that
 * introspection is switched off here, so a misspelt field fails the parse instead of being kept.
 * fabric8 7+ binds with Jackson 3 (its Quantity and IntOrString deserializers are Jackson 3 classes), so
 * the parse runs on a Jackson 3 mapper; the manifests themselves are read with Jackson 2 elsewhere.
 */
public final class StrictKubernetesParser {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1 Namespace", Namespace.class,
            "v1 ServiceAccount", ServiceAccount.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Secret", Secret.class,
            "v1 PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1 Deployment", Deployment.class,
            "batch/v1 Job", Job.class,
            "rbac.authorization.k8s.io/v1 Role", Role.class,
            "rbac.authorization.k8s.io/v1 RoleBinding", RoleBinding.class);

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .build();

    public boolean knows(String apiVersion, String kind) {
        return KINDS.containsKey(apiVersion + " " + kind);
    }

    /** Parses a core object; throws {@link IllegalArgumentException} naming the first bad field. */
    public HasMetadata parse(JsonNode object) {
        String key = object.path("apiVersion").asText() + " " + object.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new IllegalArgumentException("not a known core kind: " + key);
        }
        return convert(object, type);
    }

    public Pod parsePod(JsonNode pod) {
        return convert(pod, Pod.class);
    }

    public ObjectMeta parseMetadata(JsonNode metadata) {
        return convert(metadata, ObjectMeta.class);
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.readValue(node.toString(), type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
