package studio.brain.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import studio.brain.observability.SecretValueMasker;

/**
 * The one error shape of the HTTP API: {@code {"error":{"code","message","requestId"}}}. Messages are written for
 * people, never carry a stack trace, and pass the secret masker on their way out.
 */
public final class ApiError {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiError() {
    }

    public static String json(String code, String message, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", SecretValueMasker.maskText(message));
        error.put("requestId", requestId);
        try {
            return JSON.writeValueAsString(Map.of("error", error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
