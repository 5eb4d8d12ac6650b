"""The search box's form: what a query may be."""

from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the glossary",
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={"max_length": "Search for at most %(limit_value)d characters."},
    )
