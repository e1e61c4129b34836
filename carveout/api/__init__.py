"""The HTTP API: the Assistant's answers, citation lookup, coverage and health as JSON
(`python -m carveout.api`; tokens with `python -m carveout.api.tokens`)."""
