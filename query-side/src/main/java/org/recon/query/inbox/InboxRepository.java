package org.recon.query.inbox;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface InboxRepository extends JpaRepository<InboxRow, String> {

    @Query("select m from InboxRow m where (:status is null or m.status = :status) order by m.parkedAt, m.inboxId")
    Page<InboxRow> search(@Param("status") String status, Pageable pageable);
}
