package dev.vigil.jobs.history;

import dev.vigil.sql.TableDdl;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Parquet schemas the job writes and the Flink SQL DDL users read them with say the same thing. */
class HistoryTableDdlTest {
    static Stream<HistoryTable<?>> tables() {
        return Stream.of(new EventsTable(), new DeadLettersTable(), new AlertsTable(), new IncidentsTable(), new LateEventsTable(),
                new AnomaliesTable(), new ForecastsTable(), new AlertDeadLettersTable(), new NotificationsTable(),
                new LogTemplatesTable(), new LogAnomaliesTable(), new GapsTable());
    }

    @ParameterizedTest
    @MethodSource("tables")
    void ddlHasTheWrittenColumnsThenThePartitions(HistoryTable<?> table) {
        assertThat(TableDdl.TABLES).contains(table.name());
        MessageType schema = table.schema();
        List<TableDdl.Column> expected = new ArrayList<>();
        for (Type field : schema.getFields()) {
            expected.add(new TableDdl.Column(field.getName(), flinkType(field), field.getRepetition() != Type.Repetition.REQUIRED));
        }
        expected.add(new TableDdl.Column("dt", "STRING", true));
        expected.add(new TableDdl.Column("hour", "STRING", true));
        assertThat(TableDdl.load(table.name()).columns()).containsExactlyElementsOf(expected);
    }

    private static String flinkType(Type field) {
        if (!field.isPrimitive()) {
            if (field.getLogicalTypeAnnotation() == LogicalTypeAnnotation.listType()) {
                return "ARRAY<STRING>";
            }
            assertThat(field.getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.mapType());
            return "MAP<STRING, STRING>";
        }
        PrimitiveType p = field.asPrimitiveType();
        LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case BINARY -> "STRING";
            case DOUBLE -> "DOUBLE";
            case INT32 -> "INT";
            case INT64 -> logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ? "TIMESTAMP_LTZ(3)" : "BIGINT";
            default -> throw new AssertionError("unexpected column type " + p);
        };
    }
}
