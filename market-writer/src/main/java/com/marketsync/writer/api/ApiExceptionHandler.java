package com.marketsync.writer.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Answers every failed request of the writer's REST API with an RFC 9457 problem ({@code application/problem+json}):
 * invalid input is a 400 whose {@code field} names the parameter, an unknown sku a 404, an unreachable database a
 * 503 and anything else a logged 500 carrying an {@code errorId}, never internals of the failure.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** What Tomcat throws when a controller reads parameters of a query it cannot decode; named, not imported. */
    private static final String UNREADABLE_QUERY = "org.apache.tomcat.util.http.InvalidParameterException";

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> onInvalidParameter(InvalidParameterException ex, WebRequest request) {
        return answer(ex, problem(HttpStatus.BAD_REQUEST, ex.getMessage(), ex.field()), request);
    }

    @ExceptionHandler(UnknownSkuException.class)
    ResponseEntity<Object> onUnknownSku(UnknownSkuException ex, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, ex.getMessage(), null);
        problem.setProperty("sku", ex.sku());
        return answer(ex, problem, request);
    }

    /** The database cannot be reached or is briefly overloaded: worth retrying later, not a bug of this API. */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        RecoverableDataAccessException.class
    })
    ResponseEntity<Object> onDatabaseUnavailable(DataAccessException ex, WebRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.warn("Database unavailable ({}) answering {}: {}", errorId, describe(request), ex.getMessage());
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The price database is unavailable; try again later (error " + errorId + ")",
                null);
        problem.setProperty("errorId", errorId);
        return answer(ex, problem, request);
    }

    /** Any other failure is a bug: logged with an id the answer carries, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> onUnexpected(Exception ex, WebRequest request) {
        if (UNREADABLE_QUERY.equals(ex.getClass().getName())) {
            return onUnreadableQuery(ex, request);
        }
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected error {} answering {}", errorId, describe(request), ex);
        ProblemDetail problem = problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "The writer failed to answer this request; the error is logged as " + errorId,
                null);
        problem.setProperty("errorId", errorId);
        return answer(ex, problem, request);
    }

    /** Broken %-escapes or bytes that are not UTF-8 in the query: the client's mistake, named like any other. */
    private ResponseEntity<Object> onUnreadableQuery(Exception ex, WebRequest request) {
        HttpServletRequest servlet = servletRequest(request);
        String field = servlet == null ? null : QueryStrings.firstUndecodable(servlet.getQueryString());
        ProblemDetail problem = field == null
                ? problem(HttpStatus.BAD_REQUEST, "Parameter 'query' (the query string) cannot be read", "query")
                : problem(
                        HttpStatus.BAD_REQUEST, "Parameter '" + field + "' is not valid percent-encoded UTF-8", field);
        return answer(ex, problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field =
                ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : ex.getPropertyName();
        String detail = "Parameter '" + field + "' has an invalid value";
        return handleExceptionInternal(ex, problem(HttpStatus.BAD_REQUEST, detail, field), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String field = ex.getParameterName();
        return handleExceptionInternal(
                ex,
                problem(HttpStatus.BAD_REQUEST, "Parameter '" + field + "' is required", field),
                headers,
                HttpStatus.BAD_REQUEST,
                request);
    }

    /** Every answer passes here: the body is always a problem, and server-side failures are never silent. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            // the client hung up (e.g. while the body was written): nobody to answer, and no server failure
            log.debug("The client of {} went away: {}", describe(request), ex.toString());
            return null;
        }
        Object problem = body;
        if (problem == null && ex instanceof ErrorResponse error) {
            problem = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (problem == null) {
            problem = ProblemDetail.forStatus(status);
        }
        if (status.is5xxServerError()
                && !(problem instanceof ProblemDetail p
                        && p.getProperties() != null
                        && p.getProperties().containsKey("errorId"))) {
            log.error("Failed to answer {}", describe(request), ex);
        } else if (log.isDebugEnabled()) {
            log.debug("Answered {} with {}: {}", describe(request), status.value(), ex.getMessage());
        }
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    private ResponseEntity<Object> answer(Exception ex, ProblemDetail problem, WebRequest request) {
        HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
        return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
    }

    private static ProblemDetail problem(HttpStatus status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class)
                : null;
    }

    private static String describe(WebRequest request) {
        HttpServletRequest servlet = servletRequest(request);
        return servlet == null ? request.getDescription(false) : servlet.getMethod() + " " + servlet.getRequestURI();
    }
}
