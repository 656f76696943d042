package io.hashstream.jobs.serde;

import java.io.IOException;
import java.util.Optional;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a serializer whose values live in Flink state. It records the format the values
 * were written in, so that a restore from a savepoint in a format this build cannot read is refused
 * as incompatible instead of misreading the bytes. A serializer whose format changes raises its
 * format number; to keep old savepoints restorable it also returns a reader of the old format from
 * {@link #readerOf(int)}, and Flink migrates the state on restore.
 *
 * <p>Snapshots written before this class (Flink's {@code SimpleTypeSerializerSnapshot}, versions 2
 * and 3, which record no format) are read as format 1. {@code StateFormatsTest} pins every format.
 */
public abstract class StateFormatSnapshot<T> implements TypeSerializerSnapshot<T> {
    /** Versions 2 and 3 were {@code SimpleTypeSerializerSnapshot}'s; 4 adds the format. */
    private static final int VERSION = 4;

    private final int currentFormat;
    private int format;

    protected StateFormatSnapshot(int currentFormat) {
        this.currentFormat = currentFormat;
        this.format = currentFormat;
    }

    /** The serializer of the current format. */
    protected abstract TypeSerializer<T> current();

    /** A serializer that reads values written in an older format; empty when this build cannot. */
    protected Optional<TypeSerializer<T>> readerOf(int olderFormat) {
        return Optional.empty();
    }

    /** The format of the values this snapshot describes. */
    public final int format() {
        return format;
    }

    @Override
    public final int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public final void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(format);
    }

    @Override
    public final void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        switch (readVersion) {
            case VERSION -> format = in.readInt();
            case 3 -> format = 1;
            case 2 -> {
                in.readUTF(); // the serializer's class name
                format = 1;
            }
            default -> throw new IOException(getClass().getName() + ": unknown snapshot version " + readVersion);
        }
    }

    @Override
    public final TypeSerializer<T> restoreSerializer() {
        if (format == currentFormat) {
            return current();
        }
        return readerOf(format).orElseThrow(() -> new IllegalStateException(current().getClass().getSimpleName()
                + ": state written in format " + format + ", which this build (format " + currentFormat + ") cannot read"));
    }

    @Override
    public final TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (oldSnapshot.getClass() != getClass()) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        int oldFormat = ((StateFormatSnapshot<T>) oldSnapshot).format;
        if (oldFormat == currentFormat) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        return readerOf(oldFormat).isPresent()
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
