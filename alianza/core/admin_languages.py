"""Admin list columns and filters that name a stored language tag ("es" → "Spanish").

Language fields hold BCP 47 tags without choices (any language can be added), so the
admin would otherwise print the bare tag in lists and filter sidebars.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise

from alianza.core.templatetags.alianza_languages import language_label


def language_column(field: str, description: str | Promise) -> Callable[[Model], str]:
    """A ``list_display`` entry showing ``field`` as the language's name, sortable by it."""

    @admin.display(description=description, ordering=field)
    def column(obj: Model) -> str:
        return language_label(getattr(obj, field))

    column.__name__ = f"{field}_name"
    return column


def language_filter(field: str, title: str | Promise) -> type[admin.SimpleListFilter]:
    """A ``list_filter`` entry offering the languages in use, by name."""

    class LanguageFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin
                    ) -> list[tuple[str, str]]:
            tags = (model_admin.get_queryset(request).order_by().exclude(**{field: ""})
                    .values_list(field, flat=True).distinct())
            return sorted(((tag, language_label(tag)) for tag in tags), key=lambda c: c[1])

        def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
            return queryset.filter(**{field: self.value()}) if self.value() else queryset

    LanguageFilter.title = title
    return LanguageFilter
