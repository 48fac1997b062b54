package org.recon.support.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal the caller can outwait says when to come back; one it cannot does not. */
class ApiProblemHandlerTest {

    private final ApiProblemHandler handler = new ApiProblemHandler();

    @Test
    void aServiceUnavailableRefusalCarriesRetryAfterAndItsCode() {
        ResponseEntity<ProblemDetail> answer = handler.onApiException(
                new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CONTENTION", "try later"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(answer.getBody().getProperties()).containsEntry("code", "CONTENTION");
    }

    @Test
    void aConflictHasNoRetryAfter() {
        ResponseEntity<ProblemDetail> answer = handler.onApiException(ApiException.conflict("DUPLICATE_CONFLICT", "no"));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }
}
