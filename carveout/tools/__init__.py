"""Tools for checkers and staff, used by the pages (and the API): citation lookup, corpus
coverage, the transaction checklist, exports and feedback."""
