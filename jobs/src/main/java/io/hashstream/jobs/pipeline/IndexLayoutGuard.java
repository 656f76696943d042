package io.hashstream.jobs.pipeline;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * Keeps, in the checkpoint, the settings that decide under which key an index entry lives (layout,
 * substrings, shard count). A restore under other settings fails with both named: otherwise every
 * entry would sit under keys the job no longer reads, and recall would drop to nothing for the whole
 * retention without an error. Savepoints from before this guard carry no settings and are not checked.
 */
final class IndexLayoutGuard implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ListStateDescriptor<String> STATE = new ListStateDescriptor<>("index-key-layout", Types.STRING);

    private final String layout;
    private transient ListState<String> saved;

    IndexLayoutGuard(String layout) {
        this.layout = layout;
    }

    void initialize(FunctionInitializationContext context) throws Exception {
        saved = context.getOperatorStateStore().getUnionListState(STATE);
        if (context.isRestored()) {
            for (String before : saved.get()) {
                if (!before.equals(layout)) {
                    throw new IllegalStateException("the restored index was built with [" + before + "], this job has ["
                            + layout + "]: its entries would sit under keys the job no longer reads. Start with the"
                            + " old settings, or without the savepoint for a new index");
                }
            }
        }
    }

    void snapshot() throws Exception {
        saved.update(List.of(layout));
    }
}
