"""Read an admin change form back as the POST data a browser would submit."""


def _field_data(form) -> dict[str, str | list[str]]:
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if value is None or value is False:
            continue
        if value is True:
            data[bound.html_name] = "on"
        elif hasattr(widget, "widgets"):  # a split date and time (a list once submitted)
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = widget.format_value(value) or ""
    return data


def change_form_data(response) -> dict:
    """Return the fields of the admin form in `response`, inlines included, ready to POST."""
    data = _field_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _field_data(formset.management_form)
        for form in formset.forms:
            data |= _field_data(form)
    return data
