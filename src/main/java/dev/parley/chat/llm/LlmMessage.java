package dev.parley.chat.llm;

/** One message of the conversation sent to the model. */
public record LlmMessage(Role role, String content) {

    public enum Role { SYSTEM, USER, ASSISTANT }
}
