package org.recon.query.document;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.List;

public interface DocumentStepRepository extends JpaRepository<DocumentStepRow, DocumentStepRow.Key> {

    @Query("select s from DocumentStepRow s where s.documentType = :type and s.documentId = :id "
            + "order by s.sku, s.location, s.line, s.firstReportedAt, s.movementType")
    List<DocumentStepRow> ofDocument(@Param("type") String type, @Param("id") String id);
}
