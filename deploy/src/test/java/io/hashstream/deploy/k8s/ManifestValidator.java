package io.hashstream.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates one Kubernetes object offline: custom resources against their CRD's schema, core kinds by
 * strict typed parsing, and the parts a CRD leaves open but Kubernetes will read (metadata, and the pod
 * templates inside a FlinkDeployment) by strict parsing too. Unknown kinds are problems, not passes.
 */
public final class ManifestValidator {

    private final CrdSchemaCatalog crds;
    private final StrictKubernetesParser core = new StrictKubernetesParser();

    public ManifestValidator(CrdSchemaCatalog crds) {
        this.crds = crds;
    }

    /** Every problem found, each prefixed with the object's kind and name; empty when valid. */
    public List<String> problems(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String where = kind + "/" + object.path("metadata").path("name").asText("?") + ": ";
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText().isEmpty()) {
            problems.add(where + "metadata.name is missing");
        }
        if (core.knows(apiVersion, kind)) {
            try {
                core.parse(object);
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
            }
        } else {
            // A CRD schema leaves metadata open; Kubernetes reads it all the same.
            try {
                core.parseMetadata(object.path("metadata"));
            } catch (IllegalArgumentException e) {
                problems.add(where + "metadata: " + e.getMessage());
            }
            var result = crds.validate(object);
            if (result.isEmpty()) {
                problems.add(where + "no schema for " + apiVersion + " " + kind);
            } else {
                result.get().forEach(m -> problems.add(where + m));
            }
            if ("FlinkDeployment".equals(kind)) {
                checkPodTemplate(object.at("/spec/podTemplate"), where + "spec.podTemplate", problems);
                checkPodTemplate(object.at("/spec/jobManager/podTemplate"), where + "spec.jobManager.podTemplate", problems);
                checkPodTemplate(object.at("/spec/taskManager/podTemplate"), where + "spec.taskManager.podTemplate", problems);
            }
        }
        return problems;
    }

    private void checkPodTemplate(JsonNode template, String where, List<String> problems) {
        if (template.isMissingNode()) {
            return;
        }
        try {
            core.parsePod(template);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
        }
    }
}
