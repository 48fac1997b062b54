package org.recon.query.report;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.List;

public interface VarianceRecordRepository extends JpaRepository<VarianceRecordRow, String> {

    @Query("select r from VarianceRecordRow r where r.recordId like :prefix")
    List<VarianceRecordRow> withPrefix(@Param("prefix") String prefix);
}
