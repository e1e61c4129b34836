"""QA evaluation: run a QA set through the assistant and measure retrieval, citations, refusals."""
