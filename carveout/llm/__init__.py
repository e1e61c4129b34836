"""The optional language-model path: the chat model, its prompts, generated answers,
their sentence-by-sentence verification, and follow-up questions made standalone."""
