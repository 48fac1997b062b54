package org.recon.query.exception;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Collection;
import java.util.List;

public interface ExceptionRepository extends JpaRepository<ExceptionRow, String> {

    @Query("select e from ExceptionRow e where (:status is null or e.status = :status) "
            + "and (:team is null or e.team = :team) and (:reason is null or e.reason = :reason) "
            + "and (:priority is null or e.priority = :priority) and (:sku is null or e.sku = :sku) "
            + "and (:location is null or e.location = :location) order by e.openedAt, e.exceptionId")
    Page<ExceptionRow> search(@Param("status") String status, @Param("team") String team,
                              @Param("reason") String reason, @Param("priority") String priority,
                              @Param("sku") String sku, @Param("location") String location, Pageable pageable);

    @Query("select e from ExceptionRow e where e.positionId in :positions and e.status in ('OPEN', 'ACKNOWLEDGED') "
            + "order by e.openedAt, e.exceptionId")
    List<ExceptionRow> openFor(@Param("positions") Collection<String> positions);

    @Query("select e from ExceptionRow e where e.positionId = :position order by e.openedAt, e.exceptionId")
    List<ExceptionRow> allFor(@Param("position") String position);
}
