package dev.vigil.jobs.history;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.io.Serializable;

/**
 * One table of the Parquet history: its name, its Parquet schema, how a row is written, and which
 * event time partitions it. The schemas here, docs/schemas.md and sql/ddl/*.sql describe the same
 * columns; a test checks that the DDL and these schemas agree. Evolution only adds optional columns.
 *
 * @param <T> the row type
 */
public abstract class HistoryTable<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;

    protected HistoryTable(String name) {
        this.name = name;
    }

    public final String name() {
        return name;
    }

    /** The Parquet schema (a static constant of the subclass: Parquet's types are not serialisable). */
    public abstract MessageType schema();

    /** The row's time, epoch millis, which picks its dt=/hour= partition. */
    public abstract long partitionTime(T row);

    public abstract void write(T row, RowWriter out);

    // Column builders shared by the tables.

    protected static Type requiredString(String name) {
        return Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }

    protected static Type optionalString(String name) {
        return Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }

    protected static Type requiredTimestamp(String name) {
        return Types.required(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
    }

    protected static Type optionalTimestamp(String name) {
        return Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(name);
    }

    protected static Type optionalInt32(String name) {
        return Types.optional(PrimitiveTypeName.INT32).named(name);
    }

    protected static Type requiredInt32(String name) {
        return Types.required(PrimitiveTypeName.INT32).named(name);
    }

    protected static Type optionalInt64(String name) {
        return Types.optional(PrimitiveTypeName.INT64).named(name);
    }

    protected static Type requiredInt64(String name) {
        return Types.required(PrimitiveTypeName.INT64).named(name);
    }

    protected static Type optionalDouble(String name) {
        return Types.optional(PrimitiveTypeName.DOUBLE).named(name);
    }

    protected static Type stringList(String name) {
        return Types.optionalList()
                .requiredElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named(name);
    }

    protected static Type stringMap(String name) {
        return Types.optionalMap()
                .key(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .optionalValue(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                .named(name);
    }
}
