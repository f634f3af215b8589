"""Post an admin change form back as a browser would: every field, every inline row."""

# The query that shows every part of a guide on its screen (the parts load when opened).
EVERY_PART = {"part": "all"}


def change_form_data(response, **changes):
    """The data a browser would send for the admin form in `response`, with `changes`."""
    context = response.context
    form = context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        subwidgets = getattr(field.widget, "widgets", None)
        if subwidgets:  # a split date and time
            for index, part in enumerate(field.widget.decompress(value)):
                if part is not None:
                    data[f"{name}_{index}"] = part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[f"{formset.prefix}-{field.name}"] = field.value()
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or value is False:
                    continue
                data[f"{formset.prefix}-{index}-{name}"] = "on" if value is True else value
    data.update(changes)
    return data


# The button that saves a live guide and publishes it at once (without it, the save of a live
# guide is kept as a draft: guides/drafts.py).
SAVE_AND_PUBLISH = {"_publish": "Save and publish"}
