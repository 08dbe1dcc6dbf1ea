"""What every moderation admin shares: it filters only by what its sidebar offers, opens add forms
only with initial values that fit their fields, and stores a textarea's line breaks as LF."""

from django import forms
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from comments.forms import PlainTextField


def offered_filters(model_admin: admin.ModelAdmin, request) -> set[str]:
    """The first part of every parameter the changelist's own filters and date links send."""
    offered = {model_admin.date_hierarchy.split("__")[0]} if model_admin.date_hierarchy else set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type) and issubclass(item, SimpleListFilter):
            offered.add(item.parameter_name)
        else:
            offered.add((item[0] if isinstance(item, (list, tuple)) else item).split("__")[0])
    return offered


MODERATION_CSS = "css/moderation-admin.css"  # lists that fit 1,280 px; thread order drawn as a tree

# Lookups that compare a number with the value as given; others (isnull, year...) Django checks itself.
NUMBER_LOOKUPS = {"", "exact", "in", "gt", "gte", "lt", "lte"}
DATE_PARTS = {"year": range(1, 9999), "month": range(1, 13), "day": range(1, 32)}
LARGEST_ID = 2**63 - 1  # SQLite cannot even bind a larger integer: the query would raise, not find nothing


def fits_its_field(model, lookup: str, value: str) -> bool:
    """False for a number lookup whose value is not an integer a database column can hold."""
    parts = lookup.split("__")
    field = None
    while parts:
        try:
            field = model._meta.get_field(parts[0])
        except FieldDoesNotExist:
            break
        parts.pop(0)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
            field = getattr(field, "target_field", field)
    if isinstance(field, models.DateField) and len(parts) == 1 and parts[0] in DATE_PARTS:
        # The date links' parameters: Django builds a datetime from them, and the year after, unguarded.
        return len(value) <= 4 and value.isdecimal() and int(value) in DATE_PARTS[parts[0]]
    if not isinstance(field, models.IntegerField) or "__".join(parts) not in NUMBER_LOOKUPS:
        return True
    values = value.split(",") if parts == ["in"] else [value]
    # The length test first: int() refuses (ValueError) a string of thousands of digits.
    return all(
        len(text) <= 20 and text.strip().lstrip("-").isdecimal() and abs(int(text)) <= LARGEST_ID for text in values
    )


class ModerationAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": [MODERATION_CSS]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField):
            kwargs.setdefault("form_class", PlainTextField)  # a textarea: its CRLF stored as LF
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def lookup_allowed(self, lookup: str, value: str, request) -> bool:
        # Django allows a lookup on any field of the model itself; a lookup on a field the page does not
        # show (who is staff, a password hash) would reveal it row by row. Refused: 400.
        return (
            lookup.split("__")[0] in offered_filters(self, request)
            and fits_its_field(self.model, lookup, value)
            and super().lookup_allowed(lookup, value, request)
        )

    def get_changeform_initial_data(self, request) -> dict:
        # A link like ?user=<id> fills the form; a value its field would refuse is dropped, not queried.
        initial = {}
        for name, value in super().get_changeform_initial_data(request).items():
            try:
                formfield = self.model._meta.get_field(name).formfield()
                if formfield is not None:
                    formfield.clean(value)
            except (FieldDoesNotExist, forms.ValidationError):
                continue
            initial[name] = value
        return initial
