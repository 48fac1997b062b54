package org.recon.support.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;

/**
 * Every error leaves as problem+json with a {@code code}; bad input is a 4xx with a clear message,
 * an unreachable database a 503 with {@code Retry-After}, never a stack trace.
 */
@RestControllerAdvice
public class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    private static final Map<Integer, String> CODES = Map.of(
            400, "BAD_REQUEST", 401, "MISSING_API_KEY", 403, "FORBIDDEN", 404, "NOT_FOUND",
            405, "METHOD_NOT_ALLOWED", 406, "NOT_ACCEPTABLE", 409, "CONFLICT", 413, "PAYLOAD_TOO_LARGE",
            415, "UNSUPPORTED_MEDIA_TYPE", 503, "SERVICE_UNAVAILABLE");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> onApiException(ApiException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        if (e.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            // nothing was recorded and a later attempt can succeed: say when
            answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return answer.body(ProblemWriter.problem(e.status(), e.code(), e.getMessage(), e.errors()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> onTypeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(ProblemWriter.problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                "Parameter '" + e.getName() + "' has an invalid value.",
                List.of(new FieldViolation(e.getName(), "invalid value '" + e.getValue() + "'"))));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> onUnexpected(Exception e) {
        if (isDatabaseUnavailable(e)) {
            log.warn("database unavailable: {}", e.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .body(ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE, "DATABASE_UNAVAILABLE",
                            "The database cannot be reached; nothing was recorded. Retry later.", List.of()));
        }
        log.error("request failed", e);
        return ResponseEntity.internalServerError().body(ProblemWriter.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR", "The request failed on the server; it has been logged.", List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (isBodyTooLarge(e)) {
            // a streamed (chunked) body that crossed the limit while the converter was reading it
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(ProblemWriter.problem(HttpStatus.CONTENT_TOO_LARGE,
                    "PAYLOAD_TOO_LARGE", BodySizeLimitFilter.TOO_LARGE_DETAIL, List.of()));
        }
        return ResponseEntity.badRequest().body(ProblemWriter.problem(HttpStatus.BAD_REQUEST, "MALFORMED_JSON",
                "The request body is not valid JSON for this endpoint: " + conciseReason(e), List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null ? problem.getDetail() : e.getMessage();
        ProblemDetail problem = ProblemWriter.problem(status, CODES.getOrDefault(status.value(), status.name()), detail, List.of());
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    private static String conciseReason(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        String message = cause.getMessage() == null ? "unreadable body" : cause.getMessage();
        int firstLine = message.indexOf('\n');
        message = firstLine > 0 ? message.substring(0, firstLine) : message;
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    private static boolean isBodyTooLarge(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    public static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof org.springframework.dao.RecoverableDataAccessException
                    // commit or rollback failed on a broken connection: retrying is safe, deliveries are idempotent
                    || t instanceof org.springframework.transaction.TransactionSystemException
                    || t instanceof SQLTransientConnectionException || t instanceof java.sql.SQLRecoverableException
                    || t instanceof ConnectException || t instanceof java.net.SocketException
                    || t instanceof java.io.EOFException) {
                return true;
            }
            // 08: connection exception; 57P: the server is shutting down or starting; 53: out of resources
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
                    || sql.getSQLState().startsWith("53"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
