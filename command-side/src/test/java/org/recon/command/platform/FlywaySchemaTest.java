package org.recon.command.platform;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Flyway's migrations apply on real PostgreSQL 17 and leave Axon's tables as the JDBC components expect them. */
class FlywaySchemaTest extends CommandSideIntegrationTest {

    @Autowired
    Flyway flyway;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyMigrationIsAppliedAndNothingIsPending() {
        assertThat(flyway.info().pending()).isEmpty();
        assertThat(flyway.info().applied()).isNotEmpty()
                .allSatisfy(migration -> assertThat(migration.getState().isFailed()).as(migration.getScript()).isFalse());
        assertThat(List.of(flyway.info().applied()).stream().map(MigrationInfo::getScript))
                .contains("V1_0__axon_infrastructure.sql");
        assertThat(jdbc.queryForObject("select bool_and(success) from flyway_schema_history", Boolean.class)).isTrue();
    }

    @Test
    void axonTablesExist() {
        List<String> tables = jdbc.queryForList(
                "select table_name from information_schema.tables where table_schema = current_schema()", String.class);
        assertThat(tables).contains("domain_event_entry", "snapshot_event_entry", "token_entry", "saga_entry",
                "association_value_entry", "dead_letter_entry", "scheduled_tasks", "flyway_schema_history");
    }

    @Test
    void payloadsAndTokensAreByteaNeverOid() {
        Map<String, String> binaryColumns = Map.of(
                "domain_event_entry", "payload,meta_data",
                "snapshot_event_entry", "payload,meta_data",
                "token_entry", "token",
                "saga_entry", "serialized_saga",
                "dead_letter_entry", "payload,meta_data,token,diagnostics",
                "scheduled_tasks", "task_data");
        binaryColumns.forEach((table, columns) -> {
            for (String column : columns.split(",")) {
                assertThat(dataType(table, column)).as(table + "." + column).isEqualTo("bytea");
            }
        });
        assertThat(jdbc.queryForObject("select count(*) from information_schema.columns "
                + "where table_schema = current_schema() and data_type = 'oid'", Integer.class))
                .as("no oid (large object) column anywhere").isZero();
    }

    @Test
    void theGlobalIndexIsABigserialAndTheAggregateSequenceIsUnique() {
        assertThat(dataType("domain_event_entry", "global_index")).isEqualTo("bigint");
        assertThat(jdbc.queryForObject("select column_default from information_schema.columns where table_schema = "
                + "current_schema() and table_name = 'domain_event_entry' and column_name = 'global_index'", String.class))
                .startsWith("nextval(");
        String uniqueKey = jdbc.queryForObject("""
                select string_agg(a.attname, ',' order by k.ordinality)
                  from pg_constraint c
                  cross join lateral unnest(c.conkey) with ordinality as k(attnum, ordinality)
                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                 where c.conname = 'domain_event_entry_aggregate_sequence' and c.contype = 'u'
                """, String.class);
        assertThat(uniqueKey).isEqualTo("aggregate_identifier,sequence_number");
    }

    private String dataType(String table, String column) {
        return jdbc.queryForObject("select data_type from information_schema.columns where table_schema = current_schema() "
                + "and table_name = ? and column_name = ?", String.class, table, column);
    }
}
