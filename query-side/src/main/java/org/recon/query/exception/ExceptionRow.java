package org.recon.query.exception;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "qry_exception")
public class ExceptionRow {

    @Id
    @Column(name = "exception_id")
    String exceptionId;
    @Column(name = "position_id")
    String positionId;
    String sku;
    String location;
    String system;
    String state;
    String reason;
    String priority;
    String team;
    String status;
    boolean escalated;
    @Column(name = "opened_at")
    Instant openedAt;
    @Column(name = "acknowledged_at")
    Instant acknowledgedAt;
    @Column(name = "resolved_at")
    Instant resolvedAt;
    @Column(name = "sla_due_at")
    Instant slaDueAt;
    String evidence;
    String resolution;
    @Column(name = "recurrence_of")
    String recurrenceOf;
    String history;

    protected ExceptionRow() {
    }

    ExceptionRow(String exceptionId) {
        this.exceptionId = exceptionId;
    }

    public String exceptionId() { return exceptionId; }
    public String positionId() { return positionId; }
    public String status() { return status; }
    public Instant openedAt() { return openedAt; }
    public Instant resolvedAt() { return resolvedAt; }
}
