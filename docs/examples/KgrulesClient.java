// Calling the kgrules decision service from Java 17, with the JDK alone (java.net.http).
// Gọi dịch vụ kgrules từ Java 17, chỉ dùng thư viện chuẩn của JDK.
//
// Run it as a single source file (no build tool) / Chạy trực tiếp tệp nguồn:
//     java KgrulesClient.java http://127.0.0.1:8000
// The token, if the service was started with one, is read from $KGRULES_TOKEN.
//
// It asks the two flagship questions about the shipped example case (the substitute question
// and the expense question), prints each outcome with its record id and its decisive reasons,
// then sends a request with a wrong argument to show the error format (HTTP 422, the field path).
//
// The JDK has no JSON parser: an application would use Jackson or Gson. So that this file runs
// on its own, it carries a minimal reader (Json.parse) that turns the reply into Map/List/String/
// Double/Boolean/null. tests/service/test_service_clients.py runs this file against a live service.

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class KgrulesClient {

    /** An error reply of the service: {"error": ..., "path": ..., "message": {"vi", "en"}}. */
    public static final class ServiceError extends Exception {
        public final int status;
        public final String error;
        public final String path;
        public final String messageVi;
        public final String messageEn;

        ServiceError(int status, Map<String, Object> body) {
            super(status + " " + body.get("error") + " at " + body.get("path"));
            this.status = status;
            this.error = String.valueOf(body.get("error"));
            this.path = String.valueOf(body.get("path"));
            Map<String, Object> message = Json.object(body.get("message"));
            this.messageVi = message == null ? "" : String.valueOf(message.get("vi"));
            this.messageEn = message == null ? "" : String.valueOf(message.get("en"));
        }
    }

    private final HttpClient http;
    private final String base;
    private final String token;

    public KgrulesClient(String base, String token) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.base = base.replaceAll("/+$", "");
        this.token = token;
    }

    /** POST /v1/ask with a JSON request; the decision (Decision.to_dict() plus "record_id"). */
    public Map<String, Object> ask(String requestJson)
            throws IOException, InterruptedException, ServiceError {
        return call("POST", "/v1/ask", requestJson);
    }

    /** GET /v1/decisions/{id}: the decision as recorded. */
    public Map<String, Object> recorded(String recordId)
            throws IOException, InterruptedException, ServiceError {
        return call("GET", "/v1/decisions/" + recordId, null);
    }

    private Map<String, Object> call(String method, String path, String body)
            throws IOException, InterruptedException, ServiceError {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> json = Json.object(Json.parse(response.body()));
        if (response.statusCode() != 200) {
            throw new ServiceError(response.statusCode(), json);
        }
        return json;
    }

    /** One line per answer: the question, its arguments, the outcome and the record id. */
    static void show(Map<String, Object> decision) {
        StringBuilder args = new StringBuilder();
        Json.object(decision.get("arguments")).forEach((k, v) -> args.append(' ').append(k).append('=').append(v));
        System.out.println("answer " + decision.get("question") + args + " -> "
                + decision.get("outcome") + " (record " + decision.get("record_id") + ")");
        for (Object item : Json.array(decision.get("reasons"))) {
            Map<String, Object> reason = Json.object(item);
            if (Boolean.TRUE.equals(reason.get("decisive"))) {
                Map<String, Object> text = Json.object(reason.get("explanation"));
                System.out.println("  " + reason.get("status") + ": " + text.get("en"));
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        String base = argv.length > 0 ? argv[0] : "http://127.0.0.1:8000";
        KgrulesClient client = new KgrulesClient(base, System.getenv("KGRULES_TOKEN"));

        // May S03 attend meeting H2009-Q3 in place of member P05? (Article 10, paragraph 5)
        Map<String, Object> substitute = client.ask("""
                {"question": "dieu10.substitute_allowed", "example": "committee-2009",
                 "arguments": {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"}}
                """);
        show(substitute);

        // Is expenditure CHI-15 authorised by the Standing office? (Article 12)
        Map<String, Object> expense = client.ask("""
                {"question": "dieu12.expense_authorised", "example": "committee-2009",
                 "arguments": {"expenditure": "CHI-15"}}
                """);
        show(expense);

        // The record keeps what was answered: fetch it back by id.
        Map<String, Object> record = client.recorded(String.valueOf(expense.get("record_id")));
        System.out.println("recorded " + record.get("id") + " at " + record.get("recorded_at")
                + ": " + record.get("outcome") + " under rules " + record.get("rules_version"));

        // A wrong argument: HTTP 422, the field named by its path, the message in vi and en.
        try {
            client.ask("""
                    {"question": "dieu10.substitute_allowed", "example": "committee-2009",
                     "arguments": {"meeting": "H2009-Q9", "member": "P05", "substitute": "S03"}}
                    """);
            System.out.println("error expected, none came");
            System.exit(1);
        } catch (ServiceError e) {
            System.out.println("error " + e.status + " " + e.error + " at " + e.path + ": " + e.messageEn);
        }
    }

    /** A minimal JSON reader (RFC 8259): objects keep their key order. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json p = new Json(text);
            Object value = p.value();
            p.space();
            if (p.i != p.s.length()) {
                throw p.fail("trailing characters");
            }
            return value;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(Object value) {
            return (Map<String, Object>) value;
        }

        @SuppressWarnings("unchecked")
        static List<Object> array(Object value) {
            return value == null ? List.of() : (List<Object>) value;
        }

        private IllegalArgumentException fail(String why) {
            return new IllegalArgumentException("bad JSON at " + i + ": " + why);
        }

        private void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw fail("unexpected end");
            }
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return map;
                }
                while (true) {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect('}');
                        return map;
                    }
                }
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    space();
                    if (s.charAt(i) == ',') {
                        i++;
                    } else {
                        expect(']');
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"true", "false", "null"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw fail("unexpected " + c);
            }
            return Double.valueOf(s.substring(start, i));
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw fail("expected " + c);
            }
            i++;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw fail("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e); // " \ /
                }
            }
        }
    }
}
