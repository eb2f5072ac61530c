package com.marketsync.planner.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Answers every failed API request with an RFC 9457 problem ({@code application/problem+json}): {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, plus {@code field} naming the invalid input and,
 * for bean-validation failures, {@code errors} listing every invalid field. Unexpected failures are logged and
 * answered 500 with an {@code errorId} to find the log entry, never with internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final URI BLANK = URI.create("about:blank");
    private static final String UNEXPECTED = ApiExceptionHandler.class.getName() + ".unexpected";

    /** One invalid input in the {@code errors} list; {@code field} is null for a rule over several fields. */
    record FieldProblem(String field, String message) {}

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> onApiException(ApiException ex, WebRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfter() != null) {
            // whole seconds, rounded up and never 0: a client retrying after 0 s would only be refused again
            long seconds = Math.max(1, (ex.retryAfter().toMillis() + 999) / 1000);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        if (ex.status() == HttpStatus.UNAUTHORIZED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + ApiKeys.HEADER + "\"");
        }
        return handleExceptionInternal(
                ex, problem(ex.status(), ex.getMessage(), ex.field()), headers, ex.status(), request);
    }

    /** Method validation of a {@code @Validated} bean outside the web layer, e.g. a service's parameters. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> onConstraintViolation(ConstraintViolationException ex, WebRequest request) {
        List<FieldProblem> errors = ex.getConstraintViolations().stream()
                .map(v -> new FieldProblem(fieldOf(v.getPropertyPath()), v.getMessage()))
                .toList();
        return invalid(ex, errors, request);
    }

    /** Anything else is a bug: logged with an id the answer carries, answered without internals. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> onUnexpected(Exception ex, WebRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error("Unexpected error {} answering {}", errorId, describe(request), ex);
        request.setAttribute(UNEXPECTED, Boolean.TRUE, WebRequest.SCOPE_REQUEST);
        ProblemDetail problem = problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "The planner failed to answer this request; the error is logged as " + errorId,
                null);
        problem.setProperty("errorId", errorId);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(e -> errors.add(new FieldProblem(e.getField(), message(e))));
        ex.getBindingResult().getGlobalErrors().forEach(e -> errors.add(new FieldProblem(null, message(e))));
        return invalid(ex, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ParameterValidationResult result : ex.getParameterValidationResults()) {
            MethodParameter parameter = result.getMethodParameter();
            boolean body = parameter.hasParameterAnnotation(RequestBody.class);
            String name = (body ? "" : parameterName(parameter)) + containerSuffix(result);
            if (result instanceof ParameterErrors bean) {
                bean.getFieldErrors().forEach(e -> errors.add(new FieldProblem(join(name, e.getField()), message(e))));
                bean.getGlobalErrors()
                        .forEach(e -> errors.add(new FieldProblem(name.isEmpty() ? null : name, message(e))));
            } else {
                result.getResolvableErrors()
                        .forEach(e -> errors.add(new FieldProblem(name.isEmpty() ? null : name, message(e))));
            }
        }
        ex.getCrossParameterValidationResults().forEach(e -> errors.add(new FieldProblem(null, message(e))));
        return invalid(ex, errors, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ApiException refused = causeOf(ex, ApiException.class);
        JacksonException jackson = causeOf(ex, JacksonException.class);
        String path = jackson == null ? null : jsonPath(jackson.getPath());
        ProblemDetail problem;
        if (refused != null) {
            // a value object refused its input while being read, e.g. a record validating itself
            String field = refused.field() == null ? path : join(path == null ? "" : path, refused.field());
            problem = problem(HttpStatus.BAD_REQUEST, refused.getMessage(), field);
        } else if (jackson instanceof UnrecognizedPropertyException) {
            problem = problem(HttpStatus.BAD_REQUEST, "is not a field of this request body", path);
        } else if (jackson instanceof InvalidNullException) {
            problem = problem(HttpStatus.BAD_REQUEST, "must not be null", path);
        } else if (jackson instanceof MismatchedInputException mismatch) {
            String expected = expectation(mismatch.getTargetType());
            problem = path == null
                    ? problem(HttpStatus.BAD_REQUEST, "Request body " + expected, null)
                    : problem(HttpStatus.BAD_REQUEST, expected, path);
        } else if (jackson instanceof StreamReadException malformed) {
            String where =
                    malformed.getLocation() == null || malformed.getLocation().getLineNr() < 0
                            ? ""
                            : " (line " + malformed.getLocation().getLineNr() + ", column "
                                    + malformed.getLocation().getColumnNr() + ")";
            problem = problem(HttpStatus.BAD_REQUEST, "Request body is not valid JSON" + where, path);
        } else if (jackson != null) {
            problem = problem(HttpStatus.BAD_REQUEST, path == null ? "Request body is invalid" : "is invalid", path);
        } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            problem = problem(HttpStatus.BAD_REQUEST, "Request body is missing", null);
        } else {
            problem = problem(HttpStatus.BAD_REQUEST, "Request body could not be read", null);
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field =
                ex instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : ex.getPropertyName();
        ApiException refused = causeOf(ex, ApiException.class);
        String detail = refused != null ? refused.getMessage() : expectation(ex.getRequiredType());
        return handleExceptionInternal(ex, problem(HttpStatus.BAD_REQUEST, detail, field), headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return handleExceptionInternal(
                ex,
                problem(HttpStatus.BAD_REQUEST, "is required", ex.getParameterName()),
                headers,
                HttpStatus.BAD_REQUEST,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            ServletRequestBindingException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            return handleExceptionInternal(
                    ex,
                    problem(HttpStatus.BAD_REQUEST, "header is required", missing.getHeaderName()),
                    headers,
                    HttpStatus.BAD_REQUEST,
                    request);
        }
        return super.handleServletRequestBindingException(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(
                ex, problem(HttpStatus.NOT_FOUND, "No endpoint " + describe(request), null), headers, status, request);
    }

    /** Every answer goes through here: makes sure the body is a complete problem and logs server-side failures. */
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
        if (problem instanceof ProblemDetail detail) {
            complete(detail, status, request);
        }
        if (status.is5xxServerError()
                && !(ex instanceof ApiException)
                && request.getAttribute(UNEXPECTED, WebRequest.SCOPE_REQUEST) == null) {
            log.error("Failed to answer {}", describe(request), ex);
        } else if (log.isDebugEnabled()) {
            log.debug("Answered {} with {}: {}", describe(request), status.value(), ex.getMessage());
        }
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }

    private ResponseEntity<Object> invalid(Exception ex, List<FieldProblem> errors, WebRequest request) {
        List<FieldProblem> sorted = errors.stream()
                .sorted(Comparator.comparing(FieldProblem::field, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(FieldProblem::message, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        FieldProblem first = sorted.isEmpty() ? null : sorted.getFirst();
        String detail = first == null
                ? "Invalid request"
                : (first.field() == null ? "" : first.field() + " ")
                        + first.message()
                        + (sorted.size() > 1 ? " (and " + (sorted.size() - 1) + " more)" : "");
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, detail, first == null ? null : first.field());
        problem.setProperty("errors", sorted);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private static ProblemDetail problem(HttpStatus status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (field != null && !field.isEmpty()) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    private static void complete(ProblemDetail problem, HttpStatusCode status, WebRequest request) {
        if (problem.getType() == null) {
            problem.setType(BLANK);
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        if (problem.getTitle() == null && known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
        HttpServletRequest servlet = servletRequest(request);
        if (problem.getInstance() == null && servlet != null) {
            try {
                problem.setInstance(URI.create(servlet.getRequestURI()));
            } catch (IllegalArgumentException notAUri) {
                // the container accepted a path that is no URI reference; the problem is complete without it
            }
        }
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

    private static String message(MessageSourceResolvable error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    /** The name a client used for a parameter: the annotation's name, else the Java parameter name. */
    private static String parameterName(MethodParameter parameter) {
        String name = null;
        if (parameter.getParameterAnnotation(RequestParam.class) instanceof RequestParam param) {
            name = param.name();
        } else if (parameter.getParameterAnnotation(PathVariable.class) instanceof PathVariable path) {
            name = path.name();
        } else if (parameter.getParameterAnnotation(RequestHeader.class) instanceof RequestHeader header) {
            name = header.name();
        } else if (parameter.getParameterAnnotation(CookieValue.class) instanceof CookieValue cookie) {
            name = cookie.name();
        }
        if (name == null || name.isEmpty()) {
            name = parameter.getParameterName();
        }
        return name == null ? "arg" + parameter.getParameterIndex() : name;
    }

    private static String containerSuffix(ParameterValidationResult result) {
        if (result.getContainerIndex() != null) {
            return "[" + result.getContainerIndex() + "]";
        }
        return result.getContainerKey() != null ? "[" + result.getContainerKey() + "]" : "";
    }

    private static String join(String prefix, String field) {
        if (prefix == null || prefix.isEmpty()) {
            return field;
        }
        return field == null || field.isEmpty() ? prefix : prefix + (field.startsWith("[") ? "" : ".") + field;
    }

    /** The invalid input of a method-validation violation: the property path below the parameter, else the parameter. */
    static String fieldOf(Path path) {
        String parameter = null;
        StringBuilder property = new StringBuilder();
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (kind == ElementKind.PROPERTY || kind == ElementKind.CONTAINER_ELEMENT) {
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    if (!property.isEmpty()) {
                        property.append('.');
                    }
                    property.append(node.getName());
                }
                if (node.getIndex() != null) {
                    property.append('[').append(node.getIndex()).append(']');
                } else if (node.getKey() != null) {
                    property.append('[').append(node.getKey()).append(']');
                }
            } else if (kind == ElementKind.BEAN && property.isEmpty() && node.getName() != null) {
                property.append(node.getName());
            }
        }
        if (!property.isEmpty()) {
            return property.toString();
        }
        return parameter;
    }

    /** JSON path of a Jackson failure, e.g. {@code items[2].tier}; null at the document root. */
    static String jsonPath(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /** What a value of {@code type} must look like, phrased for a client, never naming a Java class. */
    static String expectation(Class<?> type) {
        if (type == null) {
            return "has an invalid value";
        }
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (List.of(int.class, long.class, short.class, byte.class).contains(type)
                || List.of(Integer.class, Long.class, Short.class, Byte.class, BigInteger.class)
                        .contains(type)) {
            return "must be a whole number";
        }
        if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
            return type == BigDecimal.class ? "must be a decimal number" : "must be a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "must be an ISO-8601 date-time such as 2026-11-02T10:00:00Z";
        }
        if (type == LocalDate.class) {
            return "must be an ISO-8601 date such as 2026-11-02";
        }
        if (type == Duration.class) {
            return "must be an ISO-8601 duration such as PT1H";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "must be a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getPackageName().startsWith("java.")) {
            return "must be an object";
        }
        return "has an invalid value";
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
