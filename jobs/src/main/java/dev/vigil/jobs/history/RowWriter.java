package dev.vigil.jobs.history;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Map;

/**
 * Writes one row's fields to Parquet by position; null values are left out (optional columns).
 * Hand-written over Parquet's RecordConsumer because Vigil's rows are plain records: going through
 * Avro would allocate a GenericRecord per row and need a second schema to keep in step.
 */
public final class RowWriter {
    private RecordConsumer consumer;

    void use(RecordConsumer consumer) {
        this.consumer = consumer;
    }

    public void string(int index, String name, String value) {
        if (value == null) {
            return;
        }
        consumer.startField(name, index);
        consumer.addBinary(Binary.fromString(value));
        consumer.endField(name, index);
    }

    public void int64(int index, String name, long value) {
        consumer.startField(name, index);
        consumer.addLong(value);
        consumer.endField(name, index);
    }

    public void int64(int index, String name, Long value) {
        if (value != null) {
            int64(index, name, value.longValue());
        }
    }

    public void int32(int index, String name, Integer value) {
        if (value == null) {
            return;
        }
        consumer.startField(name, index);
        consumer.addInteger(value);
        consumer.endField(name, index);
    }

    /** An optional DOUBLE: null writes nothing. */
    public void float64(int index, String name, Double value) {
        if (value != null) {
            float64(index, name, value.doubleValue());
        }
    }

    public void float64(int index, String name, double value) {
        consumer.startField(name, index);
        consumer.addDouble(value);
        consumer.endField(name, index);
    }

    /** A LIST<STRING> in Parquet's standard three-level layout (group / repeated list / element). */
    public void list(int index, String name, java.util.List<String> values) {
        if (values == null) {
            return;
        }
        consumer.startField(name, index);
        consumer.startGroup();
        if (!values.isEmpty()) {
            consumer.startField("list", 0);
            for (String v : values) {
                consumer.startGroup();
                consumer.startField("element", 0);
                consumer.addBinary(Binary.fromString(v));
                consumer.endField("element", 0);
                consumer.endGroup();
            }
            consumer.endField("list", 0);
        }
        consumer.endGroup();
        consumer.endField(name, index);
    }

    /** A MAP<STRING, STRING> in Parquet's standard three-level layout (group / repeated key_value / key, value). */
    public void map(int index, String name, Map<String, String> map) {
        if (map == null) {
            return;
        }
        consumer.startField(name, index);
        consumer.startGroup();
        if (!map.isEmpty()) {
            consumer.startField("key_value", 0);
            for (Map.Entry<String, String> e : map.entrySet()) {
                consumer.startGroup();
                consumer.startField("key", 0);
                consumer.addBinary(Binary.fromString(e.getKey()));
                consumer.endField("key", 0);
                if (e.getValue() != null) {
                    consumer.startField("value", 1);
                    consumer.addBinary(Binary.fromString(e.getValue()));
                    consumer.endField("value", 1);
                }
                consumer.endGroup();
            }
            consumer.endField("key_value", 0);
        }
        consumer.endGroup();
        consumer.endField(name, index);
    }
}
