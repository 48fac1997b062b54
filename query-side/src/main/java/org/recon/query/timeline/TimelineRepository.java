package org.recon.query.timeline;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.List;

public interface TimelineRepository extends JpaRepository<TimelineRow, Long> {

    @Query("select t from TimelineRow t where t.positionId = :position order by t.globalIndex")
    List<TimelineRow> inCommitOrder(@Param("position") String position);

    @Query("select t from TimelineRow t where t.positionId = :position "
            + "order by coalesce(t.occurredAt, t.recordedAt), t.globalIndex")
    List<TimelineRow> inOccurredOrder(@Param("position") String position);
}
