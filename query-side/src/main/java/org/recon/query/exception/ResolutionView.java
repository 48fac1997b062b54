package org.recon.query.exception;

import org.recon.api.exception.ResolutionAdjustment;

import java.util.Map;

/** How the exception was closed: by its owner ({@code code}, note, adjustment) or automatically ({@code AUTO_RESOLVED}, cause, evidence). */
public record ResolutionView(String code, String note, ResolutionAdjustment adjustment, String actor, String cause,
                             Map<String, Object> evidence) {
}
