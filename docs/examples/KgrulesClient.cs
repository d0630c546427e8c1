// Calling the kgrules decision service from C# (.NET 6 or later): System.Net.Http.HttpClient and
// System.Text.Json, nothing else. Gọi dịch vụ kgrules từ C#.
//
//     dotnet new console -n KgrulesDemo && cp KgrulesClient.cs KgrulesDemo/Program.cs
//     cd KgrulesDemo && dotnet run -- http://127.0.0.1:8000
//
// The token, if the service was started with one, is read from $KGRULES_TOKEN.
// It does what KgrulesClient.java does: asks the substitute and the expense questions about the
// shipped example case, prints each outcome, record id and decisive reasons, fetches one decision
// back from the record, and shows the error reply to a wrong argument (HTTP 422 with the field's
// path). Unlike the Java example it is not run by the test suite (no .NET on the CI machine).

using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

public sealed class KgrulesError : Exception
{
    public int Status { get; }
    public string Error { get; }
    public string Path { get; }
    public string MessageVi { get; }
    public string MessageEn { get; }

    public KgrulesError(int status, JsonElement body)
        : base($"{status} {Str(body, "error")} at {Str(body, "path")}")
    {
        Status = status;
        Error = Str(body, "error");
        Path = Str(body, "path");
        var hasMessage = body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object;
        MessageVi = hasMessage ? Str(body.GetProperty("message"), "vi") : "";
        MessageEn = hasMessage ? Str(body.GetProperty("message"), "en") : "";
    }

    static string Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v.ToString() : "";
}

public sealed class KgrulesClient : IDisposable
{
    readonly HttpClient http;

    public KgrulesClient(string baseUrl, string? token)
    {
        http = new HttpClient
        {
            BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// POST /v1/ask: the decision (Decision.to_dict() plus "record_id").
    public Task<JsonElement> AskAsync(object request) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "v1/ask")
        {
            Content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"),
        });

    /// GET /v1/decisions/{id}: the decision as recorded.
    public Task<JsonElement> RecordedAsync(string recordId) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "v1/decisions/" + Uri.EscapeDataString(recordId)));

    async Task<JsonElement> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        var body = doc.RootElement.Clone();
        if (!response.IsSuccessStatusCode)
        {
            throw new KgrulesError((int)response.StatusCode, body);
        }
        return body;
    }

    public void Dispose() => http.Dispose();

    static void Show(JsonElement decision)
    {
        var args = new StringBuilder();
        foreach (var arg in decision.GetProperty("arguments").EnumerateObject())
        {
            args.Append(' ').Append(arg.Name).Append('=').Append(arg.Value.GetString());
        }
        Console.WriteLine($"answer {decision.GetProperty("question").GetString()}{args} -> "
            + $"{decision.GetProperty("outcome").GetString()} (record {decision.GetProperty("record_id").GetString()})");
        foreach (var reason in decision.GetProperty("reasons").EnumerateArray())
        {
            if (reason.GetProperty("decisive").GetBoolean())
            {
                Console.WriteLine($"  {reason.GetProperty("status").GetString()}: "
                    + reason.GetProperty("explanation").GetProperty("en").GetString());
            }
        }
    }

    public static async Task<int> Main(string[] argv)
    {
        var baseUrl = argv.Length > 0 ? argv[0] : "http://127.0.0.1:8000";
        using var client = new KgrulesClient(baseUrl, Environment.GetEnvironmentVariable("KGRULES_TOKEN"));

        // May S03 attend meeting H2009-Q3 in place of member P05? (Article 10, paragraph 5)
        var substitute = await client.AskAsync(new
        {
            question = "dieu10.substitute_allowed",
            example = "committee-2009",
            arguments = new { meeting = "H2009-Q3", member = "P05", substitute = "S03" },
        });
        Show(substitute);

        // Is expenditure CHI-15 authorised by the Standing office? (Article 12)
        var expense = await client.AskAsync(new
        {
            question = "dieu12.expense_authorised",
            example = "committee-2009",
            arguments = new { expenditure = "CHI-15" },
        });
        Show(expense);

        var record = await client.RecordedAsync(expense.GetProperty("record_id").GetString()!);
        Console.WriteLine($"recorded {record.GetProperty("id")} at {record.GetProperty("recorded_at")}: "
            + $"{record.GetProperty("outcome")} under rules {record.GetProperty("rules_version")}");

        // A wrong argument: HTTP 422, the field named by its path, the message in vi and en.
        try
        {
            await client.AskAsync(new
            {
                question = "dieu10.substitute_allowed",
                example = "committee-2009",
                arguments = new { meeting = "H2009-Q9", member = "P05", substitute = "S03" },
            });
            Console.WriteLine("error expected, none came");
            return 1;
        }
        catch (KgrulesError e)
        {
            Console.WriteLine($"error {e.Status} {e.Error} at {e.Path}: {e.MessageEn}");
        }
        return 0;
    }
}
