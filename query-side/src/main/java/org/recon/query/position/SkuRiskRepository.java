package org.recon.query.position;

import org.springframework.data.jpa.repository.JpaRepository;

public interface SkuRiskRepository extends JpaRepository<SkuRiskRow, String> {
}
