"""Seized communications (issue 18): corpora with their legal scope, search, handle attribution,
triage and the contact graph. Personal data here (messages, handles) reaches a person only through
`access` (the sharing gate for corpora) and is logged there."""
