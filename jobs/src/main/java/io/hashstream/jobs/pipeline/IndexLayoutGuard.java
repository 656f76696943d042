package io.hashstream.jobs.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * Keeps, in the checkpoint, the settings that decide under which keys an index's entries live, per
 * scope (a model id, or the whole operator). A restore under other settings for a scope the restored
 * state had fails with both named: otherwise every entry would sit under keys the job no longer reads,
 * and recall would drop to nothing for the whole retention without an error. A new model is a new scope
 * (its entries are keyed apart anyway), so a model upgrade that changes the layout restores. Savepoints
 * from before this guard carry no settings and are not checked.
 */
final class IndexLayoutGuard implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ListStateDescriptor<String> STATE = new ListStateDescriptor<>("index-key-layouts", Types.STRING);

    private transient ListState<String> saved;
    /** Scope → layout, restored and seen since; what the next snapshot keeps. */
    private transient Map<String, String> layouts;

    void initialize(FunctionInitializationContext context) throws Exception {
        saved = context.getOperatorStateStore().getUnionListState(STATE);
        layouts = new HashMap<>();
        if (context.isRestored()) {
            for (String entry : saved.get()) {
                int colon = entry.indexOf(':');
                int length = Integer.parseInt(entry.substring(0, colon));
                layouts.put(entry.substring(colon + 1, colon + 1 + length), entry.substring(colon + 1 + length));
            }
        }
    }

    /** Fails if the restored state had {@code scope} under another layout; remembers {@code layout} for it. */
    void check(String scope, String layout) {
        String before = layouts.get(scope);
        if (before != null && !before.equals(layout)) {
            throw new IllegalStateException("the restored index of " + scope + " was built with [" + before
                    + "], this job has [" + layout + "]: its entries would sit under keys the job no longer reads."
                    + " Start with the old settings, or without the savepoint for a new index");
        }
        layouts.put(scope, layout);
    }

    void snapshot() throws Exception {
        List<String> entries = new ArrayList<>(layouts.size());
        layouts.forEach((scope, layout) -> entries.add(scope.length() + ":" + scope + layout));
        saved.update(entries);
    }
}
