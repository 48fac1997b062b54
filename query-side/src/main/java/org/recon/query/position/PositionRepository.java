package org.recon.query.position;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface PositionRepository extends JpaRepository<PositionRow, String> {

    String OPEN_EXCEPTION = "exists (select 1 from ExceptionRow e where e.positionId = p.positionId "
            + "and e.status in ('OPEN', 'ACKNOWLEDGED'))";

    @Query(value = "select p from PositionRow p where (:sku is null or p.sku = :sku) "
            + "and (:location is null or p.location = :location) "
            + "and (:status is null "
            + "  or (:status = 'EXCEPTION' and " + OPEN_EXCEPTION + ") "
            + "  or (:status <> 'EXCEPTION' and p.baseStatus = :status and not " + OPEN_EXCEPTION + ")) "
            + "order by p.sku, p.location")
    Page<PositionRow> search(@Param("sku") String sku, @Param("location") String location,
                             @Param("status") String status, Pageable pageable);
}
