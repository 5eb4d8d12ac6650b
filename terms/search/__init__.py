"""Search: `Term.objects.search()` ranks, and these modules serve it.

`query` builds the ranking on a queryset it is given (so `models` can call it), `words` cuts
queries and texts into words, `indexing` keeps each term's search vector (PostgreSQL) or FTS5
row (SQLite) current, `highlight` marks the matches in results, `suggestions` finds "Did you
mean" titles, and `forms` validates the query.
"""
