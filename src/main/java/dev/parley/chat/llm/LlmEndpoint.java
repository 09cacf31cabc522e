package dev.parley.chat.llm;

/**
 * Where one chat completion goes: any OpenAI-compatible server (OpenAI, vLLM, Ollama, ...).
 *
 * @param baseUrl     up to and including {@code /v1}
 * @param apiKey      sent as a bearer token; servers without authentication accept any value
 * @param model       model name as the server knows it
 * @param temperature sampling temperature
 * @param maxTokens   cap on the answer's length, always sent
 */
public record LlmEndpoint(String baseUrl, String apiKey, String model, double temperature, int maxTokens) {

    /** Without the key: records print every component, and endpoints end up in log lines. */
    @Override
    public String toString() {
        return "LlmEndpoint[" + Urls.safe(baseUrl) + ", model=" + model + ", temperature=" + temperature
                + ", maxTokens=" + maxTokens + "]";
    }
}
