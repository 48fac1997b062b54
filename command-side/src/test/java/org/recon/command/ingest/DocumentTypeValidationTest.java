package org.recon.command.ingest;

import org.junit.jupiter.api.Test;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A document type is 1-32 of letters, digits, _ and -, upper-cased at the edge. */
class DocumentTypeValidationTest {

    private final IngestValidation validation = new IngestValidation(Clock.systemUTC(), (system, theirs) -> null);

    private static MovementRequest receipt(String documentType) {
        return new MovementRequest("doc-type-1", "RECEIPT_EXPECTED", "2026-03-02T10:00:00+01:00", "SKU-1", "WH-1", 3,
                new MovementRequest.DocumentRequest(documentType, "PO-1", 1), null, null, null, null, null, null);
    }

    @Test
    void allowedTypesPassUpperCased() {
        assertThat(validation.movement("ERP", receipt("purchase_order-2")).document().type()).isEqualTo("PURCHASE_ORDER-2");
        assertThat(validation.movement("ERP", receipt("X".repeat(32))).document().type()).hasSize(32);
    }

    @Test
    void otherTypesAreAFieldError() {
        for (String invalid : new String[]{"PO 1", "PO/1", "PO.1", "X".repeat(33)}) {
            assertThatThrownBy(() -> validation.movement("ERP", receipt(invalid)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errors())
                            .extracting(FieldViolation::field).containsExactly("document.type"));
        }
    }
}
