package org.recon.query.report;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "qry_variance_record")
public class VarianceRecordRow {

    @Id
    @Column(name = "record_id")
    String recordId;
    String kind;
    @Column(name = "position_id")
    String positionId;
    String sku;
    String location;
    String system;
    String state;
    String reason;
    long unexplained;
    @Column(name = "detected_at")
    Instant detectedAt;
    @Column(name = "cleared_at")
    Instant clearedAt;
    @Column(name = "overdue_at")
    Instant overdueAt;
    @Column(name = "duration_ms")
    Long durationMs;

    protected VarianceRecordRow() {
    }

    VarianceRecordRow(String recordId) {
        this.recordId = recordId;
    }
}
